import type { PlatformKind } from '../core/model';

/** Which web UI family renders this document, from the marks each server puts in its HTML shell. */
export function detectPlatform(doc: Document): PlatformKind | null {
  // Mastodon (and glitch-soc, Hometown): the Rails shell's initial state and app holder.
  if (doc.querySelector('script#initial-state[type="application/json"]') || doc.querySelector('#mastodon[data-props]'))
    return 'mastodon';
  // Misskey (and forks): the base.pug shell's meta tags.
  if (doc.querySelector('script#misskey_meta') || doc.querySelector('meta[name="application-name"][content="Misskey"]'))
    return 'misskey';
  return null;
}
