import type { Post, Verdict } from '../core/model';
import { db as sharedDb, type BreakwaterDB } from './db';
import type { AuthorRow } from './schema';

/** Authors seen, with how many of their posts were flagged. Pruned like posts. */

const MAX_INSTANCES_PER_AUTHOR = 8;

/**
 * Folds newly seen posts into author rows. `old` holds the stored rows (undefined when new);
 * only posts not seen before count, so scrolling back or a second tab does not count twice.
 */
export function mergeAuthors(
  seen: readonly { post: Post; verdict: Verdict }[],
  old: ReadonlyMap<string, AuthorRow>,
  now: number,
  expiresAt: number,
): AuthorRow[] {
  const out = new Map<string, AuthorRow>();
  for (const { post, verdict } of seen) {
    const a = post.author;
    const prev = out.get(a.key) ?? old.get(a.key);
    const flagged = verdict.verdict !== 'ok' ? 1 : 0;
    const instances = prev?.instances ?? [];
    out.set(a.key, {
      key: a.key,
      username: a.username,
      host: a.host,
      displayName: a.displayName.slice(0, 200),
      createdAt: a.createdAt ?? prev?.createdAt ?? null,
      firstSeenAt: prev?.firstSeenAt ?? now,
      lastSeenAt: now,
      expiresAt,
      posts: (prev?.posts ?? 0) + 1,
      flagged: (prev?.flagged ?? 0) + flagged,
      lastLabel: verdict.verdict,
      instances:
        instances.includes(post.instance) || instances.length >= MAX_INSTANCES_PER_AUTHOR
          ? instances
          : [...instances, post.instance],
    });
  }
  return [...out.values()];
}

export function getAuthor(key: string, d: BreakwaterDB = sharedDb()): Promise<AuthorRow | undefined> {
  return d.authors.get(key);
}
