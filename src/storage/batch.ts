import type { EngineRecord } from '../core/engine-api';
import type { Post, Verdict, WaveSummary } from '../core/model';
import { mergeAuthors } from './authors';
import { db as sharedDb, type BreakwaterDB } from './db';
import { saveEngineRecords } from './engine-records';
import { postRow, withVerdict } from './posts';
import type { AuthorRow, DecisionRow, PostRow } from './schema';
import { waveRow } from './waves';

const DAY = 86_400_000;

/** What the engine host writes in one go: everything since its last write. */
export interface StoreBatch {
  /** Posts seen (again) with their verdict now. */
  seen: { post: Post; verdict: Verdict }[];
  /** Posts seen earlier whose verdict changed; `post` when still known in memory. */
  updated: { verdict: Verdict; post: Post | null }[];
  waves: WaveSummary[];
  /** The engine's drained changes. */
  records: EngineRecord[];
  decisions: DecisionRow[];
}

export function emptyBatch(): StoreBatch {
  return { seen: [], updated: [], waves: [], records: [], decisions: [] };
}

export function batchSize(b: StoreBatch): number {
  return b.seen.length + b.updated.length + b.waves.length + b.records.length + b.decisions.length;
}

export interface Retention {
  retentionDays: number;
  waveRetentionDays: number;
}

/**
 * Fingerprints of the sliding window expire after the retention setting at the latest, whatever
 * the engine asked for (its clock is the posts' time; the store's is the wall clock). A record the
 * engine marks as never expiring (0: its learned, known-spam fingerprints) is left as it is.
 */
function clampFingerprint(r: EngineRecord, latest: number): EngineRecord {
  if (r.kind !== 'fingerprint' || r.expiresAt <= latest) return r;
  return { ...r, expiresAt: latest };
}

/**
 * Writes a batch in one transaction: all of it is stored, or (on a quota error or any other
 * failure) none of it, and what was stored before stays as it was.
 */
export async function storeBatch(
  batch: StoreBatch,
  now: number,
  retention: Retention,
  d: BreakwaterDB = sharedDb(),
): Promise<void> {
  const expiresAt = now + retention.retentionDays * DAY;
  const keys = [...new Set([...batch.seen.map((s) => s.post.key), ...batch.updated.map((u) => u.verdict.postKey)])];
  const authorKeys = [...new Set(batch.seen.map((s) => s.post.author.key))];
  const records = batch.records.map((r) => clampFingerprint(r, expiresAt));
  await d.transaction(
    'rw',
    [d.posts, d.authors, d.waves, d.decisions, d.fingerprints, d.learned, d.engineState],
    async () => {
      const [oldPosts, oldAuthors] = await Promise.all([
        keys.length ? d.posts.bulkGet(keys) : [],
        authorKeys.length ? d.authors.bulkGet(authorKeys) : [],
      ]);
      const stored = new Map<string, PostRow>();
      for (const p of oldPosts) if (p) stored.set(p.key, p);
      const rows = new Map<string, PostRow>();
      const fresh: { post: Post; verdict: Verdict }[] = [];
      for (const s of batch.seen) {
        if (!stored.has(s.post.key) && !rows.has(s.post.key)) fresh.push(s);
        rows.set(s.post.key, postRow(s.post, s.verdict, now, expiresAt));
      }
      for (const u of batch.updated) {
        const row = rows.get(u.verdict.postKey) ?? stored.get(u.verdict.postKey);
        if (row) rows.set(row.key, withVerdict(row, u.verdict, u.post));
      }
      const authorMap = new Map<string, AuthorRow>();
      for (const a of oldAuthors) if (a) authorMap.set(a.key, a);
      const writes: Promise<unknown>[] = [];
      if (rows.size) writes.push(d.posts.bulkPut([...rows.values()]));
      if (fresh.length) writes.push(d.authors.bulkPut(mergeAuthors(fresh, authorMap, now, expiresAt)));
      if (batch.waves.length) {
        writes.push(d.waves.bulkPut(batch.waves.map((w) => waveRow(w, now, retention.waveRetentionDays * DAY))));
      }
      if (batch.decisions.length) writes.push(d.decisions.bulkPut(batch.decisions));
      if (records.length) writes.push(saveEngineRecords(records, d));
      await Promise.all(writes);
    },
  );
}
