/**
 * The action queue in the background (issue 5): every report, block, mute, domain block, limit,
 * suspension and deletion Breakwater performs goes through here.
 *
 * - Rows live in the store (`actions`, `batches`, `limits`), written before anything is sent: a
 *   closed tab, a stopped service worker or a restarted browser loses nothing. The background is
 *   their only writer; this class keeps the unfinished ones in memory and writes every change through.
 * - What runs next is decided by the pure scheduler (src/core/queue/scheduler.ts) from the rows,
 *   the clock and the rate-limit buckets; one request at a time per login (lane).
 * - A request that may have been received but whose answer never came (the worker stopped, the
 *   connection dropped) is checked on the server before it is tried again (`verify` step).
 * - Every attempt's outcome goes to the audit log; progress is pushed to the instance's tabs and
 *   to the extension's pages, at most ~4 times a second per batch.
 */
import { dedupeKey, duplicateOf, INVERSE, normalizeAcct, targetKey, type PriorAction } from '../../core/queue/dedupe';
import {
  newBucket,
  noteAnswered,
  noteHeaders,
  noteProbePassed,
  noteRateLimited,
  noteSent,
  readyAt,
  trimmed,
  withDocumentedSpec,
  type BucketState,
} from '../../core/queue/limits';
import { batchProgress, formatDuration, type ItemFacts } from '../../core/queue/progress';
import { backoffMs, DEFAULT_RETRY, transition, type Outcome, type RetryPolicy } from '../../core/queue/retry';
import { byOrder, decide, simulate, type QueueItem } from '../../core/queue/scheduler';
import {
  UNDO_OF,
  type ActionKind,
  type BatchOp,
  type BatchPlan,
  type BatchProgress,
  type BatchRequest,
  type BatchTarget,
  type ControlResult,
  type EnqueueResult,
} from '../../core/queue/types';
import type { PlatformKind } from '../../core/model';
import { DEFAULT_TIMEOUT_MS, type Fetcher } from '../../platforms/action-http';
import type { ActionSpec, Lane, PlatformActions, Step, StepResult } from '../../platforms/action-types';
import { mastodonActions } from '../../platforms/mastodon/actions';
import { misskeyActions } from '../../platforms/misskey/actions';
import { unfinishedActions } from '../../storage/actions';
import { appendAudit } from '../../storage/audit';
import type { BreakwaterDB } from '../../storage/db';
import { pruneFinishedBatches } from '../../storage/batches';
import { allLimits, putLimits } from '../../storage/limits';
import type { ActionRow, AuditRow, BatchRow, InstanceRow, TokenSource } from '../../storage/schema';
import { isQuotaError } from '../../storage/quota';
import type { QueueApi } from './api';
import { actorOf, chooseLogin, laneKey, laneOf, type LaneFacts } from './lanes';

/** What an action row's payload holds. */
export interface ActionPayload {
  spec: ActionSpec;
  /** Order within the batch. */
  seq: number;
  /** The last request may have been received without an answer: check before trying again. */
  verify: boolean;
  /** The last problem (pending actions) or the failure (failed ones). */
  message: string | null;
  /** The request is sent; its answer not yet recorded (mirrors state 'running' with the step). */
  step: Step | null;
  /**
   * Set when a network error or a 5xx sent the action to the back of its batch (the n-th such
   * move in the batch): a failing server's errors are spread over the batch's actions.
   */
  requeued?: number;
}

/** Order within a batch: its own order, then the actions sent to the back, in the order they went. */
function orderInBatch(p: ActionPayload): number {
  return p.requeued ? 100_000 + p.requeued : p.seq;
}

export interface ActionResult {
  detail: string;
  /** The server was already in the wanted state: not ours to undo. */
  already: boolean;
  status: number;
  response: unknown;
}

export interface QueueDeps {
  db: BreakwaterDB;
  fetcher?: Fetcher;
  now?: () => number;
  random?: () => number;
  platforms?: Partial<Record<PlatformKind, PlatformActions>>;
  /** Sends a progress message to the instance's tabs and the extension's pages. */
  push?: (progress: BatchProgress) => void;
  /** Wakes the worker at `at` (an alarm; null: no work left). */
  setAlarm?: (at: number | null) => void;
  /** Keep the worker alive while requests are being sent or a short wait runs. */
  keepAlive?: (on: boolean) => void;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Minimum time between two progress pushes of one batch (default 250 ms: ~4 a second). */
  pushIntervalMs?: number;
  /** Waits longer than this are left to the alarm (the worker may stop meanwhile). */
  timerLimitMs?: number;
  /**
   * A request in doubt (sent, no answer) is checked no sooner than this after it was sent: a server
   * may still be working on it (default: the request timeout, 30 s).
   */
  inDoubtDelayMs?: number;
  /**
   * Told when the store refuses the queue's writes (storage full, or another error) and when it
   * takes them again: the message is for the user (written to the storage health by index.ts).
   */
  onStoreError?: (problem: { state: 'full' | 'error'; message: string } | null) => void;
}

/** How long a lane waits after the store refused one of its writes. */
const STORE_HOLD_MS = 5_000;

export function storeErrorMessage(e: unknown): string {
  return isQuotaError(e)
    ? "The browser refused to store the action queue's progress (storage quota exceeded). " +
        'Nothing already stored was lost; the queue waits and tries again, checking on the server ' +
        'any action whose answer it could not record. Free disk space or lower the retention in the options.'
    : `The action queue could not write to its database (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}).`.slice(
        0,
        400,
      );
}

const PLATFORMS: Record<PlatformKind, PlatformActions> = { mastodon: mastodonActions, misskey: misskeyActions };
const MAX_TARGETS = 500;
/** Finished batches (and their actions) are kept this long: dedupe and undo look at them. */
const KEEP_FINISHED_MS = 30 * 86_400_000;
/** A moderator's `i`/factor check is repeated after this long. */
const FACTS_TTL_MS = 30 * 60_000;

interface LaneState {
  busy: boolean;
  /** Average time a request takes (ms), for estimates. */
  requestMs: number;
  /** The slowest of the recent requests (ms): the slack of a window learned from a 429. */
  slowestMs: number;
  /** The last requests' times (ms), newest last. */
  recent: number[];
}

export class ActionQueue implements QueueApi {
  private readonly d: BreakwaterDB;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly fetcher: Fetcher;
  private readonly platforms: Record<PlatformKind, PlatformActions>;
  private readonly retry: RetryPolicy;
  private readonly pushInterval: number;
  private readonly timerLimit: number;
  private readonly inDoubtDelay: number;

  private readonly batches = new Map<string, BatchRow>();
  /** Rows of the batches in memory (open ones and those finished in this life), by batch. */
  private readonly rows = new Map<string, Map<string, ActionRow>>();
  private readonly buckets = new Map<string, BucketState>();
  private readonly lanes = new Map<string, LaneState>();
  private readonly facts = new Map<string, LaneFacts>();
  /** Lanes held back (a failing server, an unexpected error) until this time. */
  private readonly laneHold = new Map<string, number>();
  /** Consecutive network errors and 5xx per lane (the lane's backoff). */
  private readonly laneFailures = new Map<string, number>();
  private readonly instances = new Map<string, InstanceRow>();
  private order = new Map<string, number>();

  private started: Promise<void> | null = null;
  private ticking = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly pushAt = new Map<string, number>();
  private readonly pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: QueueDeps) {
    this.d = deps.db;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.fetcher = deps.fetcher ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
    this.platforms = { ...PLATFORMS, ...deps.platforms };
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.pushInterval = deps.pushIntervalMs ?? 250;
    this.timerLimit = deps.timerLimitMs ?? 25_000;
    this.inDoubtDelay = deps.inDoubtDelayMs ?? deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  // ---- start and recovery ---------------------------------------------------------------------

  /** Loads the queue and resumes it; an action that was in flight is checked before it is retried. */
  start(): Promise<void> {
    this.started ??= this.load().then(() => {
      this.kick();
      // Finished batches older than a month go (the audit log keeps what they did).
      void pruneFinishedBatches(this.now() - KEEP_FINISHED_MS, this.d).catch(() => 0);
    });
    return this.started;
  }

  private async load(): Promise<void> {
    const [open, limits] = await Promise.all([unfinishedActions(this.d), allLimits(this.d)]);
    for (const b of limits) this.buckets.set(b.key, b);
    const batchIds = [...new Set(open.map((r) => r.batchId))];
    const batchRows = await this.d.batches.bulkGet(batchIds);
    for (const b of batchRows) if (b) this.batches.set(b.id, b);
    const all = batchIds.length ? await this.d.actions.where('batchId').anyOf(batchIds).toArray() : [];
    const recovered: ActionRow[] = [];
    for (const r of all) {
      if (r.state === 'running') {
        // In flight when the worker stopped: it may have been received. Check it first.
        const p = payloadOf(r);
        const next: ActionRow = {
          ...r,
          state: 'pending',
          // Checked once the server cannot still be working on it.
          notBefore: r.updatedAt + this.inDoubtDelay,
          payload: { ...p, verify: p.step === 'perform' || p.verify, step: null } satisfies ActionPayload,
          updatedAt: this.now(),
        };
        recovered.push(next);
        this.put(next);
      } else this.put(r);
    }
    if (recovered.length) await this.d.actions.bulkPut(recovered);
    this.reorder();
  }

  /**
   * After a step whose writes failed: the action as the store has it. Stored `running` means the
   * request went out and its answer was not recorded: checked on the server before anything else,
   * as after a restart. Otherwise the store's row stands (a perform is written `running` before
   * its request, so a row still `pending` there was not sent).
   */
  private async reloadRow(batchId: string, id: string): Promise<void> {
    const stored = await this.d.actions.get(id);
    if (!stored) {
      this.rows.get(batchId)?.delete(id);
      return;
    }
    if (stored.state === 'running') {
      const p = payloadOf(stored);
      this.put({
        ...stored,
        state: 'pending',
        notBefore: stored.updatedAt + this.inDoubtDelay,
        payload: { ...p, verify: p.step === 'perform' || p.verify, step: null } satisfies ActionPayload,
        updatedAt: this.now(),
      });
    } else this.put(stored);
    this.schedulePush(batchId);
  }

  private storeError = false;

  private storeFailed(e: unknown): void {
    this.storeError = true;
    this.deps.onStoreError?.({ state: isQuotaError(e) ? 'full' : 'error', message: storeErrorMessage(e) });
  }

  private storeWorks(): void {
    if (!this.storeError) return;
    this.storeError = false;
    this.deps.onStoreError?.(null);
  }

  private put(r: ActionRow): void {
    let m = this.rows.get(r.batchId);
    if (!m) this.rows.set(r.batchId, (m = new Map()));
    m.set(r.id, r);
  }

  private reorder(): void {
    const ids = [...this.batches.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    this.order = new Map(ids.map((b, i) => [b.id, i]));
  }

  // ---- plans ----------------------------------------------------------------------------------

  private async instance(domain: string): Promise<InstanceRow | null> {
    const row = (await this.d.instances.get(domain)) ?? null;
    if (row) this.instances.set(domain, row);
    return row;
  }

  private platformOf(i: InstanceRow): PlatformActions {
    return this.platforms[i.platform];
  }

  /** Lane facts (Misskey: rateLimitFactor and moderator flag from `i`), once per life and lane. */
  private async laneFacts(key: string, lane: Lane, platform: PlatformActions): Promise<LaneFacts | undefined> {
    // Facts of another login of this lane (the web UI's account changed) are not this one's.
    const kept = this.facts.get(key);
    const old = kept && (kept.token === undefined || kept.token === lane.token) ? kept : undefined;
    if (old && this.now() - old.checkedAt < FACTS_TTL_MS) return old;
    if (!platform.laneInfo) return undefined;
    const ctx = { fetcher: this.fetcher, now: this.now, timeoutMs: this.deps.timeoutMs ?? 15_000 };
    const info = await platform.laneInfo(lane, ctx).catch(() => null);
    if (!info) return old;
    const facts: LaneFacts = {
      factor: info.factor,
      moderator: info.moderator,
      checkedAt: this.now(),
      token: lane.token,
    };
    this.facts.set(key, facts);
    return facts;
  }

  /** The actions a request makes, with what is skipped and why. */
  private async build(req: BatchRequest): Promise<
    | {
        ok: true;
        instance: InstanceRow;
        platform: PlatformActions;
        source: TokenSource | null;
        actor: string | null;
        lane: Lane | null;
        specs: { spec: ActionSpec; target: string; key: string }[];
        skipped: BatchPlan['skipped'];
        warnings: string[];
        loginError: string | null;
      }
    | { ok: false; message: string }
  > {
    const instance = await this.instance(req.instance);
    if (!instance) return { ok: false, message: `${req.instance} is not an added instance` };
    const platform = this.platformOf(instance);
    const unsupported = platform.unsupported(req.kind);
    if (unsupported) return { ok: false, message: unsupported };
    if (req.targets.length > MAX_TARGETS) return { ok: false, message: `at most ${MAX_TARGETS} targets in a batch` };
    const login = await chooseLogin(this.d, instance, platform, req.kind, (key, lane) =>
      this.laneFacts(key, lane, platform),
    );
    const loginError = 'error' in login ? login.error : null;
    const source = 'error' in login ? null : login.source;
    const actor = actorOf(instance, 'error' in login ? null : login.row);
    const skipped: BatchPlan['skipped'] = [];
    const warnings: string[] = [];
    const specs: { spec: ActionSpec; target: string; key: string }[] = [];
    const seen = new Set<string>();
    const me = actor ? normalizeAcct(actor) : null;
    for (const t of expand(req)) {
      const acct = normalizeAcct(t.acct);
      const target = targetKey(req.kind, t);
      if (
        me &&
        acct === me &&
        !['domain_block', 'domain_unblock', 'delete_note', 'resolve_report'].includes(req.kind)
      ) {
        skipped.push({ acct: t.acct, reason: 'that is your own account' });
        continue;
      }
      if (req.kind === 'resolve_report' && !t.reportId) {
        skipped.push({ acct: t.acct, reason: 'no report to resolve' });
        continue;
      }
      const key = dedupeKey(instance.domain, actor, req.kind, target);
      if (seen.has(key)) {
        skipped.push({ acct: t.acct, reason: 'listed twice in this batch' });
        continue;
      }
      seen.add(key);
      const dup = await this.duplicate(req.kind, instance.domain, actor, target);
      if (dup) {
        skipped.push({ acct: t.acct, reason: dup });
        continue;
      }
      specs.push({
        spec: {
          kind: req.kind,
          // Usernames and domains are case-insensitive on both platforms; the lookups are not everywhere.
          acct,
          accountId: t.accountId,
          postIds: [...t.postIds],
          postUrls: [...t.postUrls],
          reportId: t.reportId ?? null,
          domain: t.domain ?? null,
          options: { ...req.options },
          tag: '',
          partsDone: 0,
        },
        target,
        key,
      });
    }
    if (req.kind === 'report' && instance.platform === 'misskey' && specs.some((s) => s.spec.postUrls.length))
      warnings.push('Misskey reports carry no post ids: the posts are listed as links in the report text.');
    if (req.kind === 'report' && instance.platform === 'mastodon' && (req.options.comment ?? '').length > 950)
      warnings.push('The comment is shortened to fit Mastodon’s 1000 characters with Breakwater’s marker.');
    const lane = 'error' in login ? null : login.lane;
    return { ok: true, instance, platform, source, actor, lane, specs, skipped, warnings, loginError };
  }

  /** Why an action duplicates one queued or done, from the store (all batches, any tab). */
  private async duplicate(
    kind: ActionKind,
    instance: string,
    actor: string | null,
    target: string,
  ): Promise<string | null> {
    const prior = async (k: ActionKind): Promise<PriorAction[]> =>
      (
        await this.d.actions
          .where('dedupeKey')
          .equals(dedupeKey(instance, actor, k, target))
          .toArray()
      ).map((r) => {
        const live = this.rows.get(r.batchId)?.get(r.id) ?? r;
        return {
          kind: k,
          state: live.state,
          batchId: live.batchId,
          createdAt: live.createdAt,
          doneAt: live.doneAt,
          durationSeconds: payloadOf(live).spec.options.durationSeconds,
        };
      });
    const inverse = INVERSE[kind];
    return duplicateOf(kind, await prior(kind), inverse ? await prior(inverse) : [], this.now());
  }

  async plan(req: BatchRequest): Promise<BatchPlan> {
    await this.start();
    const b = await this.build(req);
    if (!b.ok)
      return {
        actions: [],
        skipped: req.targets.map((t) => ({ acct: t.acct, reason: b.message })),
        estimatedMs: 0,
        needsModeratorToken: false,
        warnings: [b.message],
      };
    const needsModeratorToken = b.platform.needsModerator(req.kind);
    const warnings = [...b.warnings];
    if (b.loginError) warnings.unshift(b.loginError);
    const estimatedMs = b.lane && b.source ? await this.estimate(b, b.lane, b.source) : 0;
    if (estimatedMs > 10 * 60_000)
      warnings.push(
        `The instance's rate limits make this take ${formatDuration(estimatedMs)}; it goes on in the background.`,
      );
    return {
      actions: b.specs.map((s) => ({ acct: s.spec.acct, kind: req.kind, summary: b.platform.summary(s.spec) })),
      skipped: b.skipped,
      estimatedMs,
      needsModeratorToken,
      warnings,
    };
  }

  /** How long the planned actions take behind what the lane already has queued. */
  private async estimate(
    b: { instance: InstanceRow; platform: PlatformActions; actor: string | null; specs: { spec: ActionSpec }[] },
    lane: Lane,
    source: TokenSource,
  ): Promise<number> {
    const now = this.now();
    const key = laneKey(b.instance.domain, source);
    const facts = this.facts.get(key);
    const items = this.queueItems(now);
    const extra: QueueItem[] = [];
    let n = 0;
    const after = this.order.size + 1;
    for (const { spec } of b.specs) {
      const steps: Step[] = [];
      if (b.platform.needsAccountId(spec.kind) && !spec.accountId) steps.push('resolve');
      for (let i = 0; i < b.platform.requests(spec); i++) steps.push('perform');
      for (const step of steps) {
        const buckets = b.platform
          .families(step, spec)
          .map((f) => this.bucket(b.instance, b.platform, source, b.actor, f, facts?.factor ?? null).key);
        extra.push({
          id: `plan-${n}`,
          batchId: 'plan',
          lane: key,
          state: 'pending',
          notBefore: 0,
          order: after * 1e6 + n,
          buckets,
        });
        n++;
      }
    }
    void lane;
    const sim = simulate([...items, ...extra], this.buckets, now, (l) => this.lanes.get(l)?.requestMs ?? 150);
    let last = now;
    for (const it of extra) last = Math.max(last, sim.get(it.id) ?? now);
    return n ? last - now + (this.lanes.get(key)?.requestMs ?? 150) : 0;
  }

  /** The bucket for a family of a lane, created with its documented limit when new. */
  private bucket(
    instance: InstanceRow,
    platform: PlatformActions,
    source: TokenSource,
    actor: string | null,
    family: string,
    factor: number | null,
  ): BucketState {
    const scope = platform.familyScope(family);
    const who = scope === 'token' || !actor ? source : `acct:${actor}`;
    const key = `${instance.domain}|${who}|${family}`;
    const spec = platform.documentedLimit(family, factor ?? 1);
    const old = this.buckets.get(key);
    const b = old ? withDocumentedSpec(old, spec) : newBucket(key, spec, this.now());
    if (b !== old) this.buckets.set(key, b);
    return b;
  }

  // ---- enqueue, control, undo, list -----------------------------------------------------------

  async enqueue(req: BatchRequest, undoOf: string | null = null): Promise<EnqueueResult> {
    await this.start();
    const b = await this.build(req);
    if (!b.ok) return { ok: false, message: b.message };
    if (b.loginError || !b.source) return { ok: false, message: b.loginError ?? 'no login' };
    if (!b.specs.length)
      return {
        ok: false,
        message: `Nothing to do: ${b.skipped
          .map((s) => `${s.acct} (${s.reason})`)
          .slice(0, 5)
          .join(', ')}${b.skipped.length > 5 ? '…' : ''}`,
      };
    const now = this.now();
    const batchId = newId();
    const batch: BatchRow = {
      id: batchId,
      instance: b.instance.domain,
      kind: req.kind,
      tokenSource: b.source,
      actor: b.actor,
      state: 'active',
      pausedReason: null,
      total: 0,
      options: { ...req.options },
      undoOf,
      undoneBy: null,
      createdAt: now,
      updatedAt: now,
    };
    const rows: ActionRow[] = [];
    let result: boolean;
    try {
      result = await this.d.transaction('rw', this.d.actions, this.d.batches, async () => {
        // Checked again inside the transaction: two tabs enqueueing the same account at once.
        let seq = 0;
        for (const s of b.specs) {
          if (await this.duplicate(req.kind, b.instance.domain, b.actor, s.target)) continue;
          const id = newId();
          const spec: ActionSpec = { ...s.spec, tag: `bw-${id.replace(/-/g, '').slice(0, 8)}` };
          rows.push({
            id,
            batchId,
            instance: b.instance.domain,
            kind: req.kind,
            target: s.target,
            payload: { spec, seq: seq++, verify: false, message: null, step: null } satisfies ActionPayload,
            state: 'pending',
            attempts: 0,
            createdAt: now,
            updatedAt: now,
            notBefore: 0,
            doneAt: null,
            result: null,
            dedupeKey: s.key,
          });
        }
        if (!rows.length) return false;
        batch.total = rows.length;
        await this.d.batches.add(batch);
        await this.d.actions.bulkAdd(rows);
        if (undoOf) await this.d.batches.update(undoOf, { undoneBy: batchId, updatedAt: now });
        return true;
      });
    } catch (e) {
      // Nothing was queued (the transaction wrote all or nothing): say why instead of throwing.
      if (!isQuotaError(e)) throw e;
      this.storeFailed(e);
      return {
        ok: false,
        message:
          'Nothing was queued: the browser refused to store the batch (storage quota exceeded). ' +
          'Free disk space or lower the retention in the options, then try again.',
      };
    }
    this.storeWorks();
    if (!result) return { ok: false, message: 'Nothing to do: every action is already queued or done.' };
    this.batches.set(batchId, batch);
    if (undoOf) {
      const orig = this.batches.get(undoOf);
      if (orig) this.batches.set(undoOf, { ...orig, undoneBy: batchId });
    }
    for (const r of rows) this.put(r);
    this.reorder();
    this.kick();
    const progress = this.progress(batchId);
    this.schedulePush(batchId);
    if (undoOf) this.schedulePush(undoOf);
    return { ok: true, batchId, progress };
  }

  private async batchFor(batchId: string, instance?: string): Promise<BatchRow | { error: string }> {
    await this.start();
    let b = this.batches.get(batchId);
    if (!b) {
      const row = await this.d.batches.get(batchId);
      if (row) {
        this.batches.set(batchId, row);
        for (const r of await this.d.actions.where('batchId').equals(batchId).toArray()) this.put(r);
        this.reorder();
        b = row;
      }
    }
    if (!b || (instance !== undefined && b.instance !== instance)) return { error: 'no such batch' };
    return b;
  }

  async control(batchId: string, op: BatchOp, instance?: string): Promise<ControlResult> {
    const b = await this.batchFor(batchId, instance);
    if ('error' in b) return { ok: false, message: b.error };
    const now = this.now();
    if (b.state === 'cancelled') return { ok: false, message: 'the batch was cancelled' };
    if (op === 'pause' && b.state === 'active') await this.setBatch(b, { state: 'paused', pausedReason: null });
    else if (op === 'resume' && b.state === 'paused') await this.setBatch(b, { state: 'active', pausedReason: null });
    else if (op === 'cancel') {
      await this.setBatch(b, { state: 'cancelled' });
      const pending = [...(this.rows.get(batchId)?.values() ?? [])].filter(
        (r) => r.state === 'pending' || r.state === 'paused',
      );
      const changed = pending.map((r) => ({ ...r, state: 'cancelled' as const, updatedAt: now }));
      await this.d.actions.bulkPut(changed);
      for (const r of changed) this.put(r);
    }
    this.kick();
    this.schedulePush(batchId);
    return { ok: true, progress: this.progress(batchId) };
  }

  private async setBatch(b: BatchRow, changes: Partial<BatchRow>): Promise<BatchRow> {
    const next = { ...b, ...changes, updatedAt: this.now() };
    this.batches.set(b.id, next);
    await this.d.batches.put(next);
    return next;
  }

  async undo(batchId: string, instance?: string): Promise<EnqueueResult> {
    const b = await this.batchFor(batchId, instance);
    if ('error' in b) return { ok: false, message: b.error };
    const kind = b.kind as ActionKind;
    const inverse = UNDO_OF[kind];
    const inst = await this.instance(b.instance);
    if (!inverse || !inst || this.platformOf(inst).unsupported(inverse))
      return { ok: false, message: `${kind} cannot be undone through the API` };
    if (b.undoneBy) return { ok: false, message: `already undone (batch ${b.undoneBy})` };
    const rows = [...(this.rows.get(batchId)?.values() ?? [])];
    if (rows.some((r) => r.state === 'pending' || r.state === 'running'))
      return { ok: false, message: 'the batch is still running: cancel it or wait until it is done' };
    const targets: BatchTarget[] = rows
      .filter((r) => r.state === 'done' && !(r.result as ActionResult | null)?.already)
      .sort((x, y) => payloadOf(x).seq - payloadOf(y).seq)
      .map((r) => {
        const s = payloadOf(r).spec;
        return {
          accountId: s.accountId,
          acct: s.acct,
          postIds: [],
          postUrls: [],
          reportId: null,
          ...(s.domain ? { domain: s.domain } : {}),
        };
      });
    if (!targets.length) return { ok: false, message: 'nothing this batch did can be undone' };
    return this.enqueue({ instance: b.instance, kind: inverse, targets, options: {} }, batchId);
  }

  async list(limit = 50): Promise<BatchProgress[]> {
    await this.start();
    const recent = await this.d.batches.orderBy('createdAt').reverse().limit(limit).toArray();
    const out: BatchProgress[] = [];
    for (const row of recent) {
      if (!this.batches.has(row.id)) {
        const r = await this.batchFor(row.id);
        if ('error' in r) continue;
      }
      out.push(this.progress(row.id));
    }
    return out;
  }

  // ---- the loop -------------------------------------------------------------------------------

  /** Decide again soon (coalesced). */
  kick(): void {
    if (this.closed) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    queueMicrotask(() => void this.tick());
  }

  private queueItems(now: number): QueueItem[] {
    const out: QueueItem[] = [];
    for (const [batchId, rows] of this.rows) {
      const b = this.batches.get(batchId);
      if (!b || b.state !== 'active') continue;
      const inst = this.instances.get(b.instance);
      if (!inst) continue;
      const platform = this.platformOf(inst);
      const key = laneKey(b.instance, b.tokenSource);
      const factor = this.facts.get(key)?.factor ?? null;
      for (const r of rows.values()) {
        if (r.state !== 'pending' && r.state !== 'running') continue;
        const p = payloadOf(r);
        const step = nextStep(platform, p);
        out.push({
          id: r.id,
          batchId,
          lane: key,
          state: r.state === 'running' ? 'running' : 'pending',
          notBefore: r.notBefore,
          order: (this.order.get(batchId) ?? 0) * 1e6 + orderInBatch(p),
          buckets: platform
            .families(step, p.spec)
            .map((f) => this.bucket(inst, platform, b.tokenSource, b.actor, f, factor).key),
        });
      }
    }
    void now;
    return out;
  }

  private async tick(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.ensureInstances();
        const now = this.now();
        const items = this.queueItems(now);
        const busy = new Set([...this.lanes].filter(([, s]) => s.busy).map(([k]) => k));
        let held: number | null = null;
        for (const [k, until] of this.laneHold)
          if (until > now) {
            busy.add(k);
            held = held === null ? until : Math.min(held, until);
          } else this.laneHold.delete(k);
        const d = decide(items, this.buckets, now, busy);
        for (const run of d.run) {
          const lane = this.lanes.get(run.item.lane) ?? { busy: false, requestMs: 150, slowestMs: 0, recent: [] };
          lane.busy = true;
          this.lanes.set(run.item.lane, lane);
          void this.runOne(run.item.batchId, run.item.id, run.probes)
            .catch(async (e: unknown) => {
              // Not an answer from the server (those are outcomes): the store or a bug. Hold the
              // lane a while, and take the action back as the store has it.
              console.error('Breakwater: an action step failed', e);
              this.laneHold.set(run.item.lane, this.now() + STORE_HOLD_MS);
              this.storeFailed(e);
              await this.reloadRow(run.item.batchId, run.item.id).catch(() => undefined);
            })
            .finally(() => {
              lane.busy = false;
              this.kick();
            });
        }
        const wake = d.wakeAt === null ? held : held === null ? d.wakeAt : Math.min(d.wakeAt, held);
        this.scheduleWake(wake, items.length > 0);
      } while (this.again);
    } catch (e) {
      console.error('Breakwater: the action queue failed to decide', e);
    } finally {
      this.ticking = false;
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async ensureInstances(): Promise<void> {
    for (const b of this.batches.values())
      if (b.state === 'active' && !this.instances.has(b.instance)) {
        const row = await this.instance(b.instance);
        if (!row)
          await this.setBatch(b, { state: 'paused', pausedReason: `${b.instance} is no longer an added instance` });
      }
  }

  private scheduleWake(wakeAt: number | null, hasWork: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.now();
    const busy = [...this.lanes.values()].some((l) => l.busy);
    // A timer for every wait: a worker that lives that long is woken by it, one that is stopped
    // meanwhile by the alarm (the keep-alive below holds the worker only through short waits).
    if (wakeAt !== null) {
      this.timer = setTimeout(() => this.kick(), Math.min(Math.max(0, wakeAt - now), 2 ** 31 - 1));
      (this.timer as { unref?: () => void }).unref?.();
    }
    // The alarm outlives the worker: it wakes a stopped worker for a long wait (and as a safety net).
    this.deps.setAlarm?.(hasWork ? Math.max(now + 30_000, wakeAt ?? now + 30_000) : null);
    this.deps.keepAlive?.(busy || (wakeAt !== null && wakeAt - now <= this.timerLimit));
  }

  private isIdle(): boolean {
    return ![...this.lanes.values()].some((l) => l.busy) && !this.ticking;
  }

  /** Resolves when nothing is in flight and no pending action is due before `until` (tests, benchmarks). */
  async settled(until = Number.POSITIVE_INFINITY): Promise<void> {
    await this.start();
    for (;;) {
      const items = this.queueItems(this.now()).filter((i) => i.state === 'pending');
      const busy = [...this.lanes.values()].some((l) => l.busy);
      if (!busy && !this.ticking && !items.length) return;
      if (!busy && this.now() >= until) return;
      await new Promise<void>((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.pushTimers.values()) clearTimeout(t);
  }

  // ---- one step -------------------------------------------------------------------------------

  private async runOne(batchId: string, id: string, probes: readonly string[]): Promise<void> {
    const b = this.batches.get(batchId);
    const row = this.rows.get(batchId)?.get(id);
    if (!b || !row || row.state !== 'pending' || b.state !== 'active') return;
    const inst = this.instances.get(b.instance) ?? (await this.instance(b.instance));
    if (!inst) return;
    const platform = this.platformOf(inst);
    const key = laneKey(b.instance, b.tokenSource);
    const tokenRow = await this.d.tokens.get([b.instance, b.tokenSource]);
    if (!tokenRow) {
      await this.setBatch(b, {
        state: 'paused',
        pausedReason: `the ${b.tokenSource === 'page' ? 'page' : 'sign-in'} login for ${b.instance} is gone: log in again, then resume`,
      });
      this.schedulePush(batchId);
      return;
    }
    let lane = laneOf(inst, tokenRow, this.facts.get(key));
    const facts = await this.laneFacts(key, lane, platform);
    lane = laneOf(inst, tokenRow, facts);
    const p = payloadOf(row);
    const step = nextStep(platform, p);
    const keys = platform
      .families(step, p.spec)
      .map((f) => this.bucket(inst, platform, b.tokenSource, b.actor, f, facts?.factor ?? null).key);
    // Where the server's window stands is asked with a request that is no action, when there is one.
    const checkable = probes.filter((k) => platform.canCheckLimits?.(familyOf(k)));
    if (checkable.length && platform.checkLimits) return this.checkLimits(platform, lane, key, checkable);
    const sentAt = this.now();
    // Written before the request goes out: the log of what was sent, and the action in flight.
    for (const k of keys) this.buckets.set(k, noteSent(this.buckets.get(k)!, sentAt, probes.includes(k)));
    const inFlight: ActionRow = {
      ...row,
      state: step === 'perform' ? 'running' : 'pending',
      payload: { ...p, step } satisfies ActionPayload,
      updatedAt: sentAt,
    };
    this.put(inFlight);
    // A bucket the server describes in every answer (Mastodon's headers) is corrected by the next
    // answer after a crash; one it does not (Misskey) must have this request in its stored log.
    const blind = keys.map((k) => this.buckets.get(k)!).filter((bk) => !bk.server || bk.server.resetAt <= sentAt);
    if (step === 'perform' || blind.length)
      await this.d.transaction('rw', this.d.actions, this.d.limits, async () => {
        if (step === 'perform') await this.d.actions.put(inFlight);
        await putLimits(blind, this.d);
      });
    this.schedulePush(batchId);
    const ctx = { fetcher: this.fetcher, now: this.now, timeoutMs: this.deps.timeoutMs };
    let r: StepResult;
    try {
      r = await platform.run(step, lane, p.spec, ctx);
    } catch (e) {
      r = {
        outcome: { kind: 'transient', status: 0, message: String(e) },
        notes: [],
        inDoubt: step === 'perform',
        sentAt,
      };
    }
    const laneState = this.lanes.get(key);
    const took = this.now() - sentAt;
    if (laneState) {
      laneState.requestMs = laneState.requestMs * 0.8 + took * 0.2;
      laneState.recent.push(took);
      if (laneState.recent.length > 64) laneState.recent.shift();
      // The slowest of the last 64: a window learned from a 429 counts from one of them.
      laneState.slowestMs = Math.max(...laneState.recent);
    }
    await this.record(b, inst, platform, lane, inFlight, step, r, keys, probes, sentAt);
  }

  /** A limit check instead of an action: its answer's headers (or 429) teach the bucket. */
  private async checkLimits(
    platform: PlatformActions,
    lane: Lane,
    laneK: string,
    keys: readonly string[],
  ): Promise<void> {
    const sentAt = this.now();
    for (const k of keys) this.buckets.set(k, noteSent(this.buckets.get(k)!, sentAt, true));
    await putLimits(
      keys.map((k) => this.buckets.get(k)!),
      this.d,
    );
    const ctx = { fetcher: this.fetcher, now: this.now, timeoutMs: this.deps.timeoutMs };
    const touched = new Set(keys);
    for (const family of new Set(keys.map(familyOf))) {
      const r = await platform.checkLimits!(family, lane, ctx).catch(() => ({ notes: [], status: 0 }));
      const now = this.now();
      for (const n of r.notes) {
        const k = keys.find((x) => familyOf(x) === n.family);
        if (!k) continue;
        let next = this.buckets.get(k)!;
        if (n.window) next = noteHeaders(next, { ...n.window, sentAt }, now);
        if (n.limited) next = noteRateLimited(next, n.limited, sentAt, now);
        this.buckets.set(k, next);
      }
      for (const k of keys)
        if (familyOf(k) === family) {
          let next = noteAnswered(this.buckets.get(k)!, sentAt, now);
          // No headers and no refusal: the server does not say; stop believing the documentation.
          if (!r.notes.length && r.status >= 200 && r.status < 300) next = noteProbePassed(next, now);
          this.buckets.set(k, next);
        }
    }
    void laneK;
    await putLimits(
      [...touched].map((k) => this.buckets.get(k)!),
      this.d,
    );
  }

  private async record(
    b: BatchRow,
    inst: InstanceRow,
    platform: PlatformActions,
    lane: Lane,
    row: ActionRow,
    step: Step,
    r: StepResult,
    keys: readonly string[],
    probes: readonly string[],
    sentAt: number,
  ): Promise<void> {
    const now = this.now();
    const key = laneKey(b.instance, b.tokenSource);
    const factor = this.facts.get(key)?.factor ?? null;
    // What the answer said about the limits.
    const touched = new Set(keys);
    for (const n of r.notes) {
      const bk = this.bucket(inst, platform, b.tokenSource, b.actor, n.family, factor);
      let next = bk;
      if (n.window) next = noteHeaders(next, { ...n.window, sentAt: r.sentAt }, now);
      if (n.limited)
        next = noteRateLimited(next, { ...n.limited, latencyMs: this.lanes.get(key)?.slowestMs ?? 0 }, sentAt, now);
      this.buckets.set(bk.key, next);
      touched.add(bk.key);
    }
    if (r.outcome.kind !== 'rateLimited')
      for (const k of probes) this.buckets.set(k, noteProbePassed(this.buckets.get(k)!, now));
    // Our request counts from its answer's time (the server logged it before that).
    for (const k of keys) this.buckets.set(k, noteAnswered(this.buckets.get(k)!, sentAt, now));
    const p = payloadOf(row);
    const spec: ActionSpec = { ...p.spec, ...(r.patch ?? {}) };
    let next: ActionRow = { ...row, payload: { ...p, spec, step: null } satisfies ActionPayload, updatedAt: now };
    let audit: { result: AuditRow['result']; detail: string } | null = null;
    let pauseReason: string | null = null;
    const o = r.outcome;
    const undo = b.undoOf !== null;
    const finish = (state: 'done' | 'failed', detail: string, already = false) => {
      next = {
        ...next,
        state,
        doneAt: now,
        notBefore: 0,
        result: {
          detail,
          already,
          status: o.status,
          response: 'response' in o ? (o.response ?? null) : null,
        } satisfies ActionResult,
        payload: { ...(next.payload as ActionPayload), verify: false, message: state === 'failed' ? detail : null },
      };
      audit = { result: state === 'failed' ? 'failed' : undo ? 'undone' : 'ok', detail };
    };
    const retryLater = (t: Extract<ReturnType<typeof transition>, { state: 'pending' }>, verify: boolean) => {
      next = {
        ...next,
        state: 'pending',
        notBefore: t.notBefore,
        attempts: next.attempts + (t.countsAsAttempt ? 1 : 0),
        payload: { ...(next.payload as ActionPayload), verify, message: t.detail },
      };
    };
    if (step === 'verify' && o.kind === 'ok') {
      if (r.verified === 'done') {
        // The request in doubt was filed: one more part done (Misskey's check says which part it found).
        spec.partsDone = r.patch?.partsDone ?? p.spec.partsDone + 1;
        next = { ...next, payload: { ...(next.payload as ActionPayload), spec } };
        if (spec.kind === 'report' && spec.partsDone < platform.requests(spec)) {
          next = {
            ...next,
            state: 'pending',
            notBefore: 0,
            payload: { ...(next.payload as ActionPayload), verify: false },
          };
          audit = { result: undo ? 'undone' : 'ok', detail: `checked after an interruption: ${o.detail}` };
        } else finish('done', `checked after an interruption: ${o.detail}`);
      } else if (r.verified === 'not-done') {
        next = {
          ...next,
          state: 'pending',
          notBefore: 0,
          payload: { ...(next.payload as ActionPayload), verify: false, message: null },
        };
      } else {
        finish(
          'failed',
          `in doubt: the request was sent but its answer never came, and ${o.detail}; not sent again so that it is not done twice`,
        );
      }
    } else if (step === 'resolve' && o.kind === 'ok') {
      next = {
        ...next,
        state: 'pending',
        notBefore: 0,
        payload: { ...(next.payload as ActionPayload), message: null },
      };
    } else if (o.kind === 'ok') {
      if (r.more) {
        next = {
          ...next,
          state: 'pending',
          notBefore: 0,
          payload: { ...(next.payload as ActionPayload), message: null },
        };
        audit = { result: undo ? 'undone' : 'ok', detail: o.detail };
      } else finish('done', o.detail, !!o.already);
    } else {
      const t = transition(o, row.attempts, now, this.random(), this.retry);
      const label = step === 'resolve' ? 'finding the account' : step === 'verify' ? 'checking the server' : '';
      const msg = label ? `${label}: ${t.detail}` : t.detail;
      if (t.state === 'failed')
        finish(
          'failed',
          step === 'resolve' && o.kind === 'permanent' ? `could not find the account: ${o.message}` : msg,
        );
      else if (t.state === 'pause-lane') {
        pauseReason = msg;
        next = { ...next, state: 'pending', payload: { ...(next.payload as ActionPayload), message: msg } };
        audit = { result: 'failed', detail: `${msg} (batch paused)` };
      } else if (t.state === 'pending') {
        const inDoubt = step === 'perform' && !!r.inDoubt;
        if (inDoubt && !platform.canVerify(spec.kind, lane)) {
          finish(
            'failed',
            `in doubt: ${o.kind === 'transient' ? o.message : 'no answer'}; the server may have received it and a user cannot check, so it is not sent again (no duplicate)`,
          );
        } else {
          let notBefore = t.notBefore;
          if (o.kind === 'transient') {
            // A server that fails or cannot be reached fails the next request too: the whole login
            // backs off, by its run of failures (no burst of the remaining actions against a
            // failing server); this action then waits behind the others, which spreads a flaky
            // server's failures over many actions instead of using up one action's attempts.
            const lk = laneKey(b.instance, b.tokenSource);
            const n = (this.laneFailures.get(lk) ?? 0) + 1;
            this.laneFailures.set(lk, n);
            const hold = now + backoffMs(n, this.random(), this.retry);
            this.laneHold.set(lk, hold);
            notBefore = hold + 1;
          }
          if (inDoubt) notBefore = Math.max(notBefore, r.sentAt + this.inDoubtDelay);
          retryLater({ ...t, notBefore }, inDoubt || p.verify);
          if (o.kind === 'transient') {
            let last = 0;
            for (const x of this.rows.get(b.id)?.values() ?? []) last = Math.max(last, payloadOf(x).requeued ?? 0);
            next = { ...next, payload: { ...(next.payload as ActionPayload), requeued: last + 1 } };
          }
          if (step !== 'resolve')
            audit = {
              result: 'failed',
              detail:
                o.kind === 'rateLimited'
                  ? `${msg}; waiting until ${new Date(t.notBefore).toISOString()} as the server said`
                  : `${msg}; ${inDoubt ? 'checking the server' : 'retrying'} in ${Math.max(1, Math.round((next.notBefore - now) / 1000))} s`,
            };
        }
      }
    }
    // Cancelled while this request was in flight: what is left of the action is cancelled too.
    if (this.batches.get(b.id)?.state === 'cancelled' && next.state === 'pending')
      next = { ...next, state: 'cancelled' };
    // The server answered (anything but a network error or a 5xx): its login's run of failures ends.
    if (o.kind !== 'transient') this.laneFailures.delete(laneKey(b.instance, b.tokenSource));
    this.put(next);
    const a = audit as { result: AuditRow['result']; detail: string } | null;
    // The outcome, what it taught about the limits and its audit line: all written, or none.
    await this.d.transaction('rw', this.d.actions, this.d.limits, this.d.audit, async () => {
      await this.d.actions.put(next);
      await putLimits([...touched].map((k) => this.buckets.get(k)!).filter(Boolean), this.d);
      if (a)
        await appendAudit(
          {
            at: now,
            instance: b.instance,
            actor: b.actor,
            kind: spec.kind,
            target:
              spec.kind === 'domain_block' || spec.kind === 'domain_unblock' ? (spec.domain ?? spec.acct) : spec.acct,
            result: a.result,
            detail: a.detail,
            response: {
              step,
              status: o.status,
              ...(o.response && typeof o.response === 'object' ? (o.response as object) : {}),
            },
            batchId: b.id,
            actionId: row.id,
          },
          this.d,
        );
    });
    this.storeWorks();
    if (pauseReason) await this.setBatch(b, { state: 'paused', pausedReason: pauseReason });
    this.schedulePush(b.id);
  }

  // ---- progress -------------------------------------------------------------------------------

  private simCache: { at: number; sim: Map<string, number>; items: QueueItem[] } | null = null;

  progress(batchId: string): BatchProgress {
    const b = this.batches.get(batchId)!;
    const rows = [...(this.rows.get(batchId)?.values() ?? [])].sort((x, y) => payloadOf(x).seq - payloadOf(y).seq);
    const now = this.now();
    if (!this.simCache || now - this.simCache.at > 200) {
      const items = this.queueItems(now);
      this.simCache = {
        at: now,
        items,
        sim: simulate(items, this.buckets, now, (l) => this.lanes.get(l)?.requestMs ?? 150),
      };
    }
    const { sim, items } = this.simCache;
    const mine = items.filter((i) => i.batchId === batchId);
    let finishAt: number | null = null;
    let nextAt: number | null = null;
    for (const it of mine) {
      const at = sim.get(it.id);
      if (at !== undefined) finishAt = Math.max(finishAt ?? 0, at);
      let ready = Math.max(now, it.notBefore);
      for (const k of it.buckets) {
        const bk = this.buckets.get(k);
        if (bk) ready = Math.max(ready, readyAt(trimmed(bk, now), now, { allowProbe: false }).at);
      }
      nextAt = nextAt === null ? ready : Math.min(nextAt, ready);
    }
    const key = laneKey(b.instance, b.tokenSource);
    const laneFirst = items.filter((i) => i.lane === key && i.state === 'pending').sort(byOrder)[0];
    const inst = this.instances.get(b.instance);
    const undoKind = UNDO_OF[b.kind as ActionKind];
    const facts: ItemFacts[] = rows.map((r) => {
      const p = payloadOf(r);
      return {
        state: r.state,
        acct: p.spec.acct,
        message: p.message,
        started: r.attempts > 0 || r.state !== 'pending' || p.verify,
        already: !!(r.result as ActionResult | null)?.already,
      };
    });
    const progress = batchProgress(
      {
        id: b.id,
        instance: b.instance,
        kind: b.kind as ActionKind,
        state: b.state,
        createdAt: b.createdAt,
        undoOf: b.undoOf,
        undoneBy: b.undoneBy,
      },
      facts,
      {
        now,
        inFlight: rows.some((r) => r.state === 'running' || (payloadOf(r).step !== null && r.state === 'pending')),
        nextAt,
        finishAt: finishAt === null ? null : finishAt + (this.lanes.get(key)?.requestMs ?? 150),
        behindOther: !!laneFirst && laneFirst.batchId !== batchId,
        undoSupported: !!undoKind && !!inst && !this.platformOf(inst).unsupported(undoKind),
      },
    );
    if (progress.state === 'paused' && b.pausedReason && progress.failures.length < 50)
      progress.failures = [...progress.failures, { acct: '', message: `Paused: ${b.pausedReason}` }];
    return progress;
  }

  private schedulePush(batchId: string): void {
    if (!this.deps.push || this.pushTimers.has(batchId)) return;
    const wait = Math.max(0, (this.pushAt.get(batchId) ?? 0) + this.pushInterval - this.now());
    const t = setTimeout(() => {
      this.pushTimers.delete(batchId);
      this.pushAt.set(batchId, this.now());
      if (!this.batches.has(batchId)) return;
      this.simCache = null;
      try {
        this.deps.push?.(this.progress(batchId));
      } catch (e) {
        console.error('Breakwater: progress push failed', e);
      }
    }, wait);
    (t as { unref?: () => void }).unref?.();
    this.pushTimers.set(batchId, t);
  }
}

/** The family part of a bucket key (`instance|login|family`). */
function familyOf(key: string): string {
  return key.split('|').slice(2).join('|');
}

/** The step an action needs next. */
export function nextStep(platform: PlatformActions, p: ActionPayload): Step {
  if (p.verify) return 'verify';
  if (platform.needsAccountId(p.spec.kind) && !p.spec.accountId) return 'resolve';
  return 'perform';
}

export function payloadOf(r: ActionRow): ActionPayload {
  return r.payload as ActionPayload;
}

/** delete_note: one action per note; every other kind: one per target. */
function expand(req: BatchRequest): BatchTarget[] {
  if (req.kind !== 'delete_note') return req.targets;
  return req.targets.flatMap((t) =>
    t.postIds.map((id, i) => ({ ...t, postIds: [id], postUrls: t.postUrls[i] ? [t.postUrls[i]!] : [] })),
  );
}

function newId(): string {
  return crypto.randomUUID();
}

export type { Outcome };
