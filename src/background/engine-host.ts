import type { Engine, EngineRecord, IngestResult } from '../core/engine-api';
import type { Decision, Post, Verdict, WaveSummary } from '../core/model';
import type { PreviewInput } from '../core/rules/preview';
import { rejudgeVerdicts } from '../core/rules/rejudge';
import type { RuleSet } from '../core/rules/types';
import type { BgMessage, DecideResult, PostsResult, RestoreStats } from '../messaging/protocol';
import { batchSize, emptyBatch, storeBatch, type StoreBatch } from '../storage/batch';
import type { BreakwaterDB } from '../storage/db';
import { decisionRow } from '../storage/decisions';
import { loadEngineRecords } from '../storage/engine-records';
import { fullMessage, type StorageHealth } from '../storage/health';
import { isQuotaError } from '../storage/quota';
import type { DecisionRow, PostRow } from '../storage/schema';
import { getSettings } from '../storage/settings';
import { storedRuleSet } from './rules';
import { TabIndex } from './tab-index';

/**
 * One detection engine for every tab and every instance, living in the background service worker.
 *
 * - Start: `start()` restores the engine from the store (`importRecords`); every request waits for
 *   it, so the first verdict after a restart comes from the restored state.
 * - Posts from a tab are judged at once; verdicts that changed for posts shown in *other* tabs (a
 *   wave formed) are pushed to those tabs, and wave changes to the tabs that showed the wave.
 * - Persistence: posts seen with their verdicts, and waves, are written at most `flushDelayMs`
 *   (250 ms) after they arrived; the engine's changed records (`drainChanges()`) at most
 *   `recordsDelayMs` (5 s) after the first change, so that a burst of batches rewrites the
 *   engine's chunks once, not once per batch (a batch of 100 posts dirties about 170 KB of them).
 *   Both are well inside the 30 s after which Chrome stops an idle worker. A decision, an import
 *   and `flush()` write everything at once, before answering. A failed write (quota) keeps
 *   everything in memory and is retried: nothing is lost.
 */
export interface EngineHostDeps {
  db: BreakwaterDB;
  engine: Engine;
  /** Sends a push to a tab's content script (browser.tabs.sendMessage). */
  push: (tabId: number, msg: BgMessage) => Promise<unknown>;
  /** Tabs open on an instance: used for posts the tab index does not know (e.g. after a restart). */
  tabsOfInstance?: (instance: string) => Promise<number[]>;
  /** Told whenever the store's health changes (default: nothing). */
  onHealth?: (h: StorageHealth) => unknown;
  /** Called after a quota error, to make room (e.g. run pruning). */
  onQuota?: () => unknown;
  now?: () => number;
  flushDelayMs?: number;
  /** Most time the engine's changed records wait before being written (default 5 s). */
  recordsDelayMs?: number;
  retryDelayMs?: number;
  /** Posts kept in memory for decisions made from the UI without the post. */
  maxRecentPosts?: number;
  /** Seen posts kept waiting in memory while the store cannot write (learned records are always kept). */
  maxPendingPosts?: number;
  tabIndex?: TabIndex;
}

interface Pending {
  seen: Map<string, { post: Post; verdict: Verdict }>;
  updated: Map<string, { verdict: Verdict; post: Post | null }>;
  waves: Map<string, WaveSummary>;
  records: Map<string, EngineRecord>;
  decisions: Map<string, DecisionRow>;
}

const newPending = (): Pending => ({
  seen: new Map(),
  updated: new Map(),
  waves: new Map(),
  records: new Map(),
  decisions: new Map(),
});

const recordId = (r: EngineRecord) => `${r.kind}\u0000${r.key}`;
const instanceOfKey = (key: string) => key.slice(0, Math.max(0, key.indexOf('/')));

export class EngineHost {
  readonly tabs: TabIndex;
  private readonly engine: Engine;
  private readonly d: BreakwaterDB;
  private readonly now: () => number;
  private ready: Promise<void> | null = null;
  private state: 'idle' | 'restoring' | 'ready' | 'failed' = 'idle';
  private restoreStats: RestoreStats | null = null;
  private pending = newPending();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private recordsTimer: ReturnType<typeof setTimeout> | null = null;
  /** The engine changed since its records were last drained. */
  private engineDirty = false;
  private chain: Promise<void> = Promise.resolve();
  private recent = new Map<string, Post>();
  /** Posts on screen re-judged after a rule change: the engine's verdict then (`base`) and the new one. */
  private ruleOverrides = new Map<string, { base: Verdict; verdict: Verdict }>();
  /** The last verdict given for each of the `recent` posts (what the tabs show). */
  private shown = new Map<string, Verdict>();
  private inflight = new Set<Promise<unknown>>();
  private health: StorageHealth = { state: 'ok', at: 0 };
  private lastFlushAt: number | null = null;
  /** Size of the batch being written right now. */
  private writing = 0;
  private settingsCache: { at: number; retentionDays: number; waveRetentionDays: number } | null = null;

  constructor(private readonly deps: EngineHostDeps) {
    this.engine = deps.engine;
    this.d = deps.db;
    this.now = deps.now ?? Date.now;
    this.tabs = deps.tabIndex ?? new TabIndex();
  }

  /** Restores the engine from the store; safe to call more than once (restores once). */
  start(): Promise<void> {
    this.ready ??= this.restore();
    return this.ready;
  }

  private async restore(): Promise<void> {
    this.state = 'restoring';
    const t0 = performance.now();
    try {
      const records = await loadEngineRecords(this.d);
      // A first start has nothing to restore (and the engine wants its meta record in any import).
      if (records.length) this.engine.importRecords(records);
      this.restoreStats = { records: records.length, ms: performance.now() - t0, at: this.now() };
      this.state = 'ready';
      const rules = await this.loadRules(false);
      if (!rules.ok) console.error('Breakwater: stored rules refused by the engine', rules.errors);
    } catch (e) {
      // The engine starts empty; nothing stored is touched (writes only add what changes from now on).
      console.error('Breakwater: could not restore the engine state', e);
      this.state = 'failed';
    }
  }

  status() {
    return {
      engine: this.state === 'idle' ? ('restoring' as const) : this.state,
      restore: this.restoreStats,
      pending: this.pendingCount(),
      unsavedEngineChanges: this.engineDirty || this.pending.records.size > 0,
      lastFlushAt: this.lastFlushAt,
      health: this.health,
    };
  }

  // ---- posts -----------------------------------------------------------------------------

  /** Judges posts from a tab (null: not from a tab); answers with the verdicts, pushes changes to other tabs. */
  async ingest(posts: readonly Post[], tabId: number | null): Promise<Omit<PostsResult, 'rejected'>> {
    await this.start();
    const res = this.overridden(this.engine.ingest(posts));
    posts.forEach((post, i) => {
      const verdict = res.verdicts[i];
      this.remember(post);
      if (tabId !== null) this.tabs.showedPost(post.key, tabId);
      if (verdict) {
        this.shown.set(post.key, verdict);
        this.pending.seen.set(post.key, { post, verdict });
        this.pending.updated.delete(post.key);
        if (verdict.wave !== null && tabId !== null) this.tabs.showedWave(verdict.wave, tabId);
      }
    });
    this.noteResult(res);
    this.engineDirty = true;
    this.schedule();
    this.scheduleRecords();
    const own = await this.fanOut(res.updated, res.waves, tabId);
    return { verdicts: res.verdicts, updated: own, waves: res.waves };
  }

  /** A moderator's decision: taught to the engine and written to the store before answering. */
  async decide(decision: Decision, post: Post | null, tabId: number | null): Promise<DecideResult> {
    await this.start();
    const p = post ?? (await this.findPost(decision.postKey));
    if (!p || p.key !== decision.postKey) {
      return {
        ok: false,
        code: 'unknown-post',
        message: `Post ${decision.postKey} is not known any more: decide on it from its page.`,
      };
    }
    this.remember(p);
    if (tabId !== null) this.tabs.showedPost(p.key, tabId);
    // A decision is the moderator's word on the post: it replaces what the rules said after a change.
    this.ruleOverrides.delete(p.key);
    const res = this.engine.decide(decision, p);
    const verdict = res.verdicts[0] ?? null;
    this.pending.decisions.set(p.key, decisionRow(decision, p, verdict?.wave ?? null));
    if (verdict) {
      this.shown.set(p.key, verdict);
      this.pending.seen.set(p.key, { post: p, verdict });
      this.pending.updated.delete(p.key);
    }
    this.noteResult(res);
    this.engineDirty = true;
    const saved = await this.flush();
    // The decided post's new verdict goes to the other tabs showing it, like any change.
    const own = await this.fanOut(verdict ? [verdict, ...res.updated] : res.updated, res.waves, tabId);
    return { ok: true, verdict, updated: own.filter((v) => v.postKey !== p.key), waves: res.waves, saved };
  }

  /** An engine result with the rules' re-judgements of posts on screen applied. */
  private overridden(res: IngestResult): IngestResult {
    if (this.ruleOverrides.size === 0) return res;
    return {
      ...res,
      verdicts: res.verdicts.map((v) => this.withOverride(v)),
      updated: res.updated.map((v) => this.withOverride(v)),
    };
  }

  private noteResult(res: IngestResult): void {
    for (const v of res.updated) {
      if (this.recent.has(v.postKey)) this.shown.set(v.postKey, v);
      const seen = this.pending.seen.get(v.postKey);
      if (seen) seen.verdict = v;
      else this.pending.updated.set(v.postKey, { verdict: v, post: this.recent.get(v.postKey) ?? null });
    }
    for (const w of res.waves) this.pending.waves.set(w.id, w);
    this.capPending();
  }

  private remember(post: Post): void {
    const max = this.deps.maxRecentPosts ?? 5_000;
    this.recent.delete(post.key);
    this.recent.set(post.key, post);
    if (this.recent.size > max) {
      const oldest = this.recent.keys().next().value!;
      this.recent.delete(oldest);
      this.shown.delete(oldest);
    }
  }

  private async findPost(key: string): Promise<Post | null> {
    const known = this.recent.get(key);
    if (known) return known;
    const [row, decided] = await Promise.all([this.d.posts.get(key), this.d.decisions.get(key)]);
    return row?.post ?? decided?.post ?? null;
  }

  // ---- fan-out ---------------------------------------------------------------------------

  /**
   * Pushes changed verdicts to the tabs that showed those posts, and changed waves to the tabs
   * that showed posts of those waves. Returns the changed verdicts meant for `originTab` itself
   * (it gets them in its answer instead of a push).
   */
  private async fanOut(updated: readonly Verdict[], waves: readonly WaveSummary[], originTab: number | null) {
    const verdictsByTab = new Map<number, Verdict[]>();
    const add = (tab: number, v: Verdict) => {
      const list = verdictsByTab.get(tab);
      if (list) list.push(v);
      else verdictsByTab.set(tab, [v]);
      if (v.wave !== null) this.tabs.showedWave(v.wave, tab);
    };
    const unknown = new Map<string, Verdict[]>();
    for (const v of updated) {
      const tabs = this.tabs.tabsOfPost(v.postKey);
      if (tabs) for (const t of tabs) add(t, v);
      else {
        const inst = instanceOfKey(v.postKey);
        unknown.set(inst, [...(unknown.get(inst) ?? []), v]);
      }
    }
    // Posts shown before a service worker restart: every open tab of their instance gets them.
    if (unknown.size && this.deps.tabsOfInstance) {
      for (const [inst, vs] of unknown) {
        const tabs = await this.deps.tabsOfInstance(inst).catch(() => [] as number[]);
        for (const t of tabs) for (const v of vs) add(t, v);
      }
    }
    const wavesByTab = new Map<number, WaveSummary[]>();
    for (const w of waves) {
      for (const t of this.tabs.tabsOfWave(w.id)) {
        if (t === originTab) continue;
        const list = wavesByTab.get(t);
        if (list) list.push(w);
        else wavesByTab.set(t, [w]);
      }
    }
    for (const [tab, verdicts] of verdictsByTab) {
      if (tab !== originTab) this.send(tab, { type: 'bg:verdicts', verdicts });
    }
    for (const [tab, ws] of wavesByTab) this.send(tab, { type: 'bg:waves', waves: ws });
    return originTab === null ? [] : (verdictsByTab.get(originTab) ?? []);
  }

  private send(tab: number, msg: BgMessage): void {
    const p = this.deps.push(tab, msg).catch(() => this.forgetTab(tab));
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Waits until pushes sent so far are delivered (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  forgetTab(tab: number): void {
    this.tabs.forgetTab(tab);
  }

  // ---- persistence -----------------------------------------------------------------------

  private pendingCount(): number {
    const p = this.pending;
    return this.writing + p.seen.size + p.updated.size + p.waves.size + p.records.size + p.decisions.size;
  }

  /** Posts and verdicts soon. */
  private schedule(delay = this.deps.flushDelayMs ?? 250): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(false);
    }, delay);
  }

  /** The engine's records a little later, together. */
  private scheduleRecords(delay = this.deps.recordsDelayMs ?? 5_000): void {
    if (this.recordsTimer !== null) return;
    this.recordsTimer = setTimeout(() => {
      this.recordsTimer = null;
      void this.enqueue(true);
    }, delay);
  }

  /**
   * Writes what is pending now: everything, or (`records: false`) only the posts, verdicts, waves
   * and decisions, leaving the engine's records to their timer. Resolves true when it is stored.
   */
  flush(opts: { records?: boolean } = {}): Promise<boolean> {
    return this.enqueue(opts.records ?? true);
  }

  private enqueue(withRecords: boolean): Promise<boolean> {
    const run = this.chain.then(() => this.write(withRecords));
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async retention() {
    const c = this.settingsCache;
    if (c && this.now() - c.at < 60_000) return c;
    const s = await getSettings(this.d);
    this.settingsCache = { at: this.now(), retentionDays: s.retentionDays, waveRetentionDays: s.waveRetentionDays };
    return this.settingsCache;
  }

  private async write(withRecords: boolean): Promise<boolean> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (withRecords) {
      if (this.recordsTimer !== null) {
        clearTimeout(this.recordsTimer);
        this.recordsTimer = null;
      }
      for (const r of this.engine.drainChanges()) this.pending.records.set(recordId(r), r);
      this.engineDirty = false;
    }
    if (!this.pendingCount()) return true;
    const taken = this.pending;
    this.pending = newPending();
    const batch: StoreBatch = emptyBatch();
    batch.seen = [...taken.seen.values()];
    batch.updated = [...taken.updated.values()];
    batch.waves = [...taken.waves.values()];
    batch.records = [...taken.records.values()];
    batch.decisions = [...taken.decisions.values()];
    this.writing = batchSize(batch);
    try {
      await storeBatch(batch, this.now(), await this.retention(), this.d);
      this.writing = 0;
      this.lastFlushAt = this.now();
      if (this.health.state !== 'ok') this.setHealth({ state: 'ok', at: this.now() });
      return true;
    } catch (e) {
      this.writing = 0;
      this.putBack(taken);
      const quota = isQuotaError(e);
      if (quota) {
        const since = this.health.state === 'full' ? this.health.since : this.now();
        const pending = this.pendingCount();
        this.setHealth({ state: 'full', since, at: this.now(), pending, message: fullMessage(pending) });
        void this.deps.onQuota?.();
      } else {
        console.error('Breakwater: writing to the store failed; retrying', e);
      }
      this.scheduleRecords(this.deps.retryDelayMs ?? 30_000);
      return false;
    }
  }

  /** A failed write's data goes back under what arrived since (which is newer). */
  private putBack(old: Pending): void {
    const cur = this.pending;
    const merge = <T>(older: Map<string, T>, newer: Map<string, T>) => {
      for (const [k, v] of newer) older.set(k, v);
      return older;
    };
    this.pending = {
      seen: merge(old.seen, cur.seen),
      updated: merge(old.updated, cur.updated),
      waves: merge(old.waves, cur.waves),
      records: merge(old.records, cur.records),
      decisions: merge(old.decisions, cur.decisions),
    };
    for (const k of this.pending.seen.keys()) this.pending.updated.delete(k);
    this.capPending();
  }

  /** While the store cannot write, the oldest seen posts are dropped first (learned records never). */
  private capPending(): void {
    const max = this.deps.maxPendingPosts ?? 50_000;
    for (const map of [this.pending.seen, this.pending.updated] as Map<string, unknown>[]) {
      while (map.size > max) map.delete(map.keys().next().value!);
    }
  }

  private setHealth(h: StorageHealth): void {
    this.health = h;
    void this.deps.onHealth?.(h);
  }

  /**
   * Gives the engine the enabled stored rule sets (at start, and when the options page or a list
   * update changed them). After a change, the posts open tabs show are judged again with the new
   * rules (`rejudgeVerdicts`, the live preview's computation) and the tabs get the changed verdicts.
   */
  async loadRules(rejudge = true): Promise<{ ok: true } | { ok: false; errors: string[] }> {
    if (!this.engine.setRules) return { ok: true };
    const before = rejudge && this.state === 'ready' ? this.engine.getRules?.() : undefined;
    const r = this.engine.setRules(await storedRuleSet(this.d));
    if (!r.ok) return { ok: false, errors: r.errors };
    const after = this.engine.getRules?.();
    if (before && after) await this.rejudgeShown(before, after);
    return { ok: true };
  }

  /**
   * The posts shown in open tabs whose label the new rules change: their new verdicts are written,
   * pushed to those tabs, and kept over the engine's (which judged them on arrival with the old
   * rules) for as long as the engine says the same about them.
   */
  private async rejudgeShown(before: RuleSet, after: RuleSet): Promise<void> {
    const keys = [...this.recent.keys()].filter((k) => this.tabs.tabsOfPost(k));
    if (keys.length === 0) return;
    const missing = keys.filter((k) => !this.shown.has(k));
    const rows = missing.length
      ? new Map((await this.d.posts.bulkGet(missing).catch(() => [])).flatMap((r) => (r ? [[r.key, r]] : [])))
      : new Map<string, PostRow>();
    const items: PreviewInput[] = [];
    keys.forEach((key) => {
      const verdict = this.ruleOverrides.get(key)?.verdict ?? this.shown.get(key) ?? rows.get(key)?.verdict;
      const post = this.recent.get(key);
      if (verdict && post) items.push({ post, verdict });
    });
    const changed = rejudgeVerdicts(before, after, items);
    const shownBefore = new Map(items.map((x) => [x.post.key, x.verdict]));
    for (const v of changed) {
      const prev = shownBefore.get(v.postKey)!;
      const base = this.ruleOverrides.get(v.postKey)?.base ?? prev;
      this.ruleOverrides.set(v.postKey, { base, verdict: v });
      this.shown.set(v.postKey, v);
      this.capOverrides();
      const seen = this.pending.seen.get(v.postKey);
      if (seen) seen.verdict = v;
      else this.pending.updated.set(v.postKey, { verdict: v, post: this.recent.get(v.postKey) ?? null });
    }
    if (changed.length === 0) return;
    this.schedule();
    await this.fanOut(changed, [], null);
  }

  /** The engine's verdict, or the rules' re-judgement of it while the engine still says the same. */
  private withOverride(v: Verdict): Verdict {
    const o = this.ruleOverrides.get(v.postKey);
    if (!o) return v;
    if (o.base.verdict === v.verdict && o.base.score === v.score && o.base.wave === v.wave) return o.verdict;
    this.ruleOverrides.delete(v.postKey);
    return v;
  }

  private capOverrides(): void {
    while (this.ruleOverrides.size > 5_000) this.ruleOverrides.delete(this.ruleOverrides.keys().next().value!);
  }

  /**
   * Teaches the engine decisions made elsewhere (a backup import), oldest first, and writes what it
   * learned. Decisions without their post cannot be taught and are skipped. Returns how many were.
   */
  async teach(rows: readonly DecisionRow[]): Promise<number> {
    await this.start();
    let taught = 0;
    const updated: Verdict[] = [];
    const waves = new Map<string, WaveSummary>();
    for (const row of rows) {
      if (!row.post || row.post.key !== row.postKey) continue;
      const res = this.engine.decide({ kind: row.kind, postKey: row.postKey, at: row.at }, row.post);
      this.noteResult(res);
      updated.push(...res.updated);
      for (const w of res.waves) waves.set(w.id, w);
      this.engineDirty = true;
      taught++;
    }
    await this.flush();
    await this.fanOut(updated, [...waves.values()], null);
    return taught;
  }

  /** Stops timers (tests; a service worker just stops). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.recordsTimer !== null) clearTimeout(this.recordsTimer);
    this.timer = null;
    this.recordsTimer = null;
  }
}
