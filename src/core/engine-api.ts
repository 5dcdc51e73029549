/**
 * The contract between the detection engine (src/core/engine, issue 3) and its hosts: the
 * background service worker (issue 4), the replay tool and the benchmarks. Pure data in and out,
 * JSON-serialisable (typed arrays allowed: IndexedDB's structured clone keeps them), no clock but
 * the posts' own timestamps.
 */
import type { Decision, Post, Verdict, WaveSummary } from './model';
import type { RuleSet } from './rules/types';

export interface IngestResult {
  /** One verdict per post passed in, same order. */
  verdicts: Verdict[];
  /**
   * Verdicts of posts ingested earlier whose verdict changed because of this batch (a wave formed
   * or grew and now includes them). The background pushes these to every tab showing them.
   */
  updated: Verdict[];
  /** Waves created or changed by this batch. */
  waves: WaveSummary[];
}

/**
 * A snapshot of everything the engine knows, in records that can be stored table by table and
 * restored quickly. `kind` tells the store which table a record goes to; `key` is its primary key.
 */
export interface EngineRecord {
  kind: 'fingerprint' | 'wave' | 'learned' | 'author' | 'meta';
  key: string;
  /** Epoch ms after which the record may be pruned (0: never). */
  expiresAt: number;
  data: unknown;
  /**
   * Added by the engine (compatible extension): true on a record that drainChanges() reports as
   * gone (its `data` is null). The store deletes it; importRecords() ignores it if stored anyway.
   */
  deleted?: boolean;
}

export interface Engine {
  /** Posts in arrival order. Deterministic: the same input gives the same output. */
  ingest(posts: readonly Post[]): IngestResult;
  /** A moderator's decision teaches the engine (spam: known-spam fingerprint; not-spam: allowlist). */
  decide(decision: Decision, post: Post): IngestResult;
  /** Current waves, largest first. */
  waves(): WaveSummary[];
  /** All records, for a full save. */
  exportRecords(): EngineRecord[];
  /** Records changed since the last call (or since import), for incremental saves. */
  drainChanges(): EngineRecord[];
  /** Replace the engine's state with stored records. */
  importRecords(records: Iterable<EngineRecord>): void;
  /**
   * Added by the engine (compatible extension, optional so that test doubles need not have it):
   * replaces the user rule set (docs/rules.md). Invalid rules are refused, the old ones stay,
   * and the errors are returned, each naming the JSON path.
   */
  setRules?(rules: unknown): { ok: true } | { ok: false; errors: string[] };
  /** The rules in use (validated), to judge the posts on screen again when they change. */
  getRules?(): RuleSet;
}
