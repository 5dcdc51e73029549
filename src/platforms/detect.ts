import type { PlatformKind } from '../core/model';
import { isMisskeyShell } from './misskey/page';

/** Which web UI family renders this document, from the marks each server puts in its HTML shell. */
export function detectPlatform(doc: Document): PlatformKind | null {
  // Mastodon (and glitch-soc, Hometown): the Rails shell's initial state and app holder.
  if (doc.querySelector('script#initial-state[type="application/json"]') || doc.querySelector('#mastodon[data-props]'))
    return 'mastodon';
  // Misskey (and forks that keep its frontend): the base.pug shell (src/platforms/misskey/page.ts).
  if (isMisskeyShell(doc)) return 'misskey';
  return null;
}
