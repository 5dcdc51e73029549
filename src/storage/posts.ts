import Dexie from 'dexie';
import type { Post, Verdict } from '../core/model';
import { db as sharedDb, type BreakwaterDB } from './db';
import type { PostRow } from './schema';

/** Posts seen on any instance, with their verdicts. Pruned by age and count (./prune.ts). */

/** Characters of a post's text kept in its row: enough for lists and rule previews. */
export const POST_TEXT_CAP = 500;

export function postRow(post: Post, verdict: Verdict, seenAt: number, expiresAt: number): PostRow {
  const flagged = verdict.verdict !== 'ok';
  const row: PostRow = {
    key: post.key,
    instance: post.instance,
    id: post.id,
    url: post.url,
    authorKey: post.author.key,
    createdAt: post.createdAt,
    seenAt,
    expiresAt,
    text: post.text.slice(0, POST_TEXT_CAP),
    cw: post.cw.slice(0, POST_TEXT_CAP),
    label: verdict.verdict,
    score: verdict.score,
    verdict,
    post: flagged ? post : null,
  };
  if (verdict.wave !== null) row.wave = verdict.wave;
  return row;
}

/** A stored row after its verdict changed (a wave grew to include it). */
export function withVerdict(row: PostRow, verdict: Verdict, post: Post | null): PostRow {
  const next: PostRow = { ...row, label: verdict.verdict, score: verdict.score, verdict };
  delete next.wave;
  if (verdict.wave !== null) next.wave = verdict.wave;
  if (verdict.verdict !== 'ok') next.post = row.post ?? post;
  return next;
}

/** Flagged posts of a wave, newest first. */
export function postsOfWave(wave: string, limit = 200, d: BreakwaterDB = sharedDb()): Promise<PostRow[]> {
  return d.posts
    .where('[wave+seenAt]')
    .between([wave, Dexie.minKey], [wave, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
}

/** The last posts seen on any instance (the rules editor previews rules on them), newest first. */
export function recentPosts(limit = 300, d: BreakwaterDB = sharedDb()): Promise<PostRow[]> {
  return d.posts.orderBy('seenAt').reverse().limit(limit).toArray();
}

/** Posts seen on one instance since `since`, newest first. */
export function postsOfInstance(
  instance: string,
  since = 0,
  limit = 500,
  d: BreakwaterDB = sharedDb(),
): Promise<PostRow[]> {
  return d.posts
    .where('[instance+seenAt]')
    .between([instance, since], [instance, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
}

/** Posts flagged (spam or suspicious) since `since`. */
export async function countFlagged(since = 0, d: BreakwaterDB = sharedDb()): Promise<number> {
  const [spam, suspicious] = await Promise.all(
    (['spam', 'suspicious'] as const).map((label) =>
      d.posts.where('[label+seenAt]').between([label, since], [label, Dexie.maxKey]).count(),
    ),
  );
  return spam! + suspicious!;
}

export function getPost(key: string, d: BreakwaterDB = sharedDb()): Promise<PostRow | undefined> {
  return d.posts.get(key);
}
