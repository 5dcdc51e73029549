/**
 * The action queue's benchmark against the simulated instances with their real limits, scaled
 * (test/sim). Runs the product's queue (src/background/queue) and executors in Node, on
 * fake-indexeddb, with Node's HTTP: the pacing figures. The service-worker stop and the browser
 * restart run in Chromium: bench/queue-browser.ts.
 *
 *   npm run bench:queue                    # pacing, then faults (Node), then Chromium
 *   npx tsx bench/queue.ts [--only pacing|faults] [--json FILE] [--mastodon-scale 0.1] [--misskey-scale 0.005]
 *
 * Pacing: 300 reports and 300 blocks with one Mastodon token (they share its 300 requests per
 * 5 minutes; reports also count against 400 a day), started at the beginning of one of the
 * server's windows; 60 blocks on Misskey, whose `blocking/create` allows 20 an hour, with windows
 * compressed by the scale while `i` says `rateLimitFactor: 1` (the sim's `misskeyLimits:
 * 'compressed'`). The minimum time the limits allow is when the last request may be sent at the
 * earliest: one window for Mastodon's 600 requests, two windows for Misskey's 60 blocks.
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { ActionQueue } from '../src/background/queue/service';
import { BreakwaterDB } from '../src/storage/db';
import { startSim, type Sim } from '../test/sim';
import type { FaultRule } from '../test/sim/types';
import {
  addSimInstance,
  KA,
  knownTargets,
  loginModerator,
  loginPage,
  MA,
  recorded,
  simFetcher,
} from '../test/unit/queue/sim-tools';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : def;
};
const only = arg('--only', '');
const want = (part: string) => !only || only === part;
const MASTODON_SCALE = Number(arg('--mastodon-scale', '0.1'));
const MISSKEY_SCALE = Number(arg('--misskey-scale', '0.005'));
const log = (s: string) => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Prints the batches now and then (BENCH_VERBOSE=1). */
function watch(q: ActionQueue): ReturnType<typeof setInterval> {
  return setInterval(() => {
    if (!process.env.BENCH_VERBOSE) return;
    void q.list().then((l) => {
      for (const p of l)
        log(
          `    ${p.kind} ${p.state} ${p.done}/${p.total} failed ${p.failed} wait ${p.waitUntil ? s(p.waitUntil - Date.now()) : '-'}`,
        );
    });
  }, 5_000);
}

/**
 * The faults run injects 30 failures in a row per instance (the sim fails the first N matching
 * requests): with the default backoff (1 s doubling, per login) that is minutes of waiting by design.
 * It checks loss and duplicates, not time, so it backs off from 100 ms, doubling up to 2 s.
 */
const FAST_RETRY = { baseMs: 100, capMs: 2_000, maxAttempts: 8 };

let dbSeq = 0;
function freshDb(): BreakwaterDB {
  return new BreakwaterDB(`bench-queue-${process.pid}-${dbSeq++}`);
}

/** When the last action was answered, from the store's rows. */
async function lastDone(d: BreakwaterDB): Promise<number> {
  let t = 0;
  await d.actions.each((a) => void (t = Math.max(t, a.doneAt ?? 0)));
  return t;
}

interface Count {
  asked: number;
  done: number;
  failed: number;
  lost: number;
  duplicated: number;
}

/** Compares the server's record with what was asked. */
function audit(sim: Sim, domain: string, kind: string, by: string, asked: string[]): Count {
  const got = recorded(sim, domain, kind, by);
  const lost = asked.filter((a) => !got.has(a)).length;
  const duplicated = [...got.values()].filter((n) => n > 1).length;
  return { asked: asked.length, done: got.size, failed: 0, lost, duplicated };
}

async function mastodonPacing(faults: FaultRule[] = []) {
  const W = 5 * 60_000 * MASTODON_SCALE;
  const sim = await startSim({ scale: MASTODON_SCALE });
  const d = freshDb();
  await addSimInstance(d, MA);
  // A moderator's sign-in: a report whose answer was lost can then be checked in the report list.
  if (faults.length) await loginModerator(d, MA, 'mod');
  else await loginPage(d, MA, 'alice');
  const by = faults.length ? 'mod' : 'alice';
  const targets = knownTargets(sim, MA, 300);
  if (targets.length < 300) throw new Error(`only ${targets.length} accounts known on ${MA}`);
  const q = new ActionQueue({ db: d, fetcher: simFetcher(sim.port), ...(faults.length ? { retry: FAST_RETRY } : {}) });
  for (const f of faults) sim.addFault(f);
  // Start at the beginning of one of the server's windows (Rack::Attack's are epoch-aligned).
  await sleep(W - (Date.now() % W) + 5);
  const t0 = Date.now();
  const reports = await q.enqueue({
    instance: MA,
    kind: 'report',
    targets,
    options: { comment: 'Spam wave', category: 'spam' },
  });
  const blocks = await q.enqueue({ instance: MA, kind: 'block', targets, options: {} });
  if (!reports.ok || !blocks.ok) throw new Error('enqueue refused');
  const ticker = watch(q);
  await q.settled();
  clearInterval(ticker);
  const end = await lastDone(d);
  // 600 requests at 300 per window: the 301st waits for the next window.
  const minimum = Math.ceil(t0 / W) * W - t0;
  const st = sim.state(MA);
  const requests = Object.values(st.requestCounts).reduce((a, b) => a + b, 0);
  // With faults, retries and checks are requests too: the limits allow them no sooner than this.
  const minimumForRequests = minimum + Math.max(0, Math.ceil(requests / 300) - 2) * W;
  if (process.env.BENCH_VERBOSE)
    log(
      `    ${JSON.stringify(st.requestCounts)} 429 at ${st.rateLimited.map((r) => `${r.path} +${r.at - t0}`).join(', ')}`,
    );
  const out = {
    workload: '300 reports + 300 blocks, one Mastodon token',
    scale: MASTODON_SCALE,
    windowMs: W,
    minimumMs: faults.length ? minimumForRequests : minimum,
    tookMs: end - t0,
    overMinimum: (end - t0) / (faults.length ? minimumForRequests : minimum) - 1,
    http429: st.rateLimited.length,
    requests,
    reports: audit(
      sim,
      MA,
      'report',
      by,
      targets.map((t) => t.scenarioAcct),
    ),
    blocks: audit(
      sim,
      MA,
      'block',
      by,
      targets.map((t) => t.scenarioAcct),
    ),
    progress: await q.list(),
  };
  q.close();
  await sim.close();
  d.close();
  return out;
}

async function misskeyPacing(faults: FaultRule[] = []) {
  const W = 3_600_000 * MISSKEY_SCALE;
  const sim = await startSim({ scale: MISSKEY_SCALE, misskeyLimits: 'compressed' });
  const d = freshDb();
  await addSimInstance(d, KA);
  await loginPage(d, KA, 'alice');
  const targets = knownTargets(sim, KA, 60);
  const q = new ActionQueue({ db: d, fetcher: simFetcher(sim.port), ...(faults.length ? { retry: FAST_RETRY } : {}) });
  for (const f of faults) sim.addFault(f);
  const t0 = Date.now();
  const r = await q.enqueue({ instance: KA, kind: 'block', targets, options: {} });
  if (!r.ok) throw new Error(r.message);
  await q.settled();
  const end = await lastDone(d);
  const st = sim.state(KA);
  // Failed calls count on Misskey: every request in the log, our 429s included.
  const calls = st.requestCounts['POST /api/blocking/create'] ?? 0;
  const minimum = Math.max(0, Math.ceil(calls / 20) - 1) * W;
  const out = {
    workload: '60 blocks, Misskey blocking/create (20 an hour, compressed windows)',
    scale: MISSKEY_SCALE,
    windowMs: W,
    minimumMs: faults.length ? minimum : 2 * W,
    tookMs: end - t0,
    overMinimum: (end - t0) / (faults.length ? minimum : 2 * W) - 1,
    http429: st.rateLimited.length,
    blockingCreateCalls: calls,
    blocks: audit(
      sim,
      KA,
      'block',
      'alice',
      targets.map((t) => t.scenarioAcct),
    ),
    learned: (await d.limits.toArray()).find((b) => b.key.endsWith('ep:blocking/create'))?.spec,
    progress: await q.list(),
  };
  q.close();
  await sim.close();
  d.close();
  return out;
}

/**
 * Faults and a worker stop in Node: the same workloads with 5xx, HTML errors, dropped connections,
 * cut JSON and 200s with error bodies, and the queue "killed" (abandoned with a request in flight)
 * twice, a new queue on the same store taking over each time.
 */
async function faultsRun() {
  const faults = (host: string, path: string): FaultRule[] =>
    (['status500', 'status503', 'html-error', 'drop', 'malformed-json', 'status200-error-body'] as const).map(
      (kind) => ({ host, path, kind, times: 5 }),
    );
  const mastodon = await mastodonPacing([...faults(MA, '/api/v1/reports'), ...faults(MA, '/block')]);
  const misskey = await misskeyPacing(faults(KA, '/api/blocking/create'));
  const stops = await stopsRun();
  return { mastodon, misskey, stops };
}

/** The queue abandoned mid-request (its answer never comes), twice, on both platforms at once. */
async function stopsRun() {
  const sim = await startSim({ scale: 0.01 });
  const d = freshDb();
  await addSimInstance(d, MA);
  await addSimInstance(d, KA);
  await loginModerator(d, MA, 'mod');
  await loginPage(d, KA, 'alice');
  const mt = knownTargets(sim, MA, 100);
  const kt = knownTargets(sim, KA, 60);
  const real = simFetcher(sim.port);
  const lives: ActionQueue[] = [];
  let dieAt = 40;
  let sent = 0;
  let died: () => void = () => {};
  const dying = ((url: string, init?: RequestInit) => {
    if (++sent !== dieAt) return real(url, init);
    // Delivered, but the answer never comes back: the worker was stopped.
    return real(url, init).then(() => {
      died();
      return new Promise<Response>(() => {});
    });
  }) as typeof fetch;
  const t0 = Date.now();
  for (let life = 0; life < 3; life++) {
    const dead = new Promise<void>((r) => (died = r));
    const q = new ActionQueue({ db: d, fetcher: life < 2 ? dying : real, inDoubtDelayMs: 500 });
    lives.push(q);
    if (life === 0) {
      await q.enqueue({ instance: MA, kind: 'report', targets: mt, options: { comment: 'Spam wave' } });
      await q.enqueue({ instance: MA, kind: 'block', targets: mt, options: {} });
      await q.enqueue({ instance: KA, kind: 'block', targets: kt, options: {} });
    } else await q.start();
    if (life < 2) {
      await dead;
      q.close();
      sent = 0;
      dieAt = 30;
    } else await q.settled();
  }
  const out = {
    workload:
      '100 reports + 100 blocks (Mastodon, moderator sign-in) and 60 blocks (Misskey), two worker stops mid-request',
    tookMs: (await lastDone(d)) - t0,
    reports: audit(
      sim,
      MA,
      'report',
      'mod',
      mt.map((t) => t.scenarioAcct),
    ),
    mastodonBlocks: audit(
      sim,
      MA,
      'block',
      'mod',
      mt.map((t) => t.scenarioAcct),
    ),
    misskeyBlocks: audit(
      sim,
      KA,
      'block',
      'alice',
      kt.map((t) => t.scenarioAcct),
    ),
    checkedAfterStop: (await d.audit.toArray()).filter((a) => a.detail.startsWith('checked after an interruption'))
      .length,
    http429: sim.state(MA).rateLimited.length + sim.state(KA).rateLimited.length,
  };
  for (const q of lives) q.close();
  await sim.close();
  d.close();
  return out;
}

function report(name: string, r: Record<string, unknown>): void {
  const progress = (r.progress ?? []) as {
    kind: string;
    state: string;
    done: number;
    failed: number;
    failures: { acct: string; message: string }[];
  }[];
  for (const p of progress)
    if (p.failed || p.state !== 'done')
      log(
        `  batch ${p.kind}: ${p.state}, ${p.done} done, ${p.failed} failed${
          p.failures.length
            ? `: ${p.failures
                .map((f) => `${f.acct} ${f.message}`)
                .slice(0, 3)
                .join('; ')}`
            : ''
        }`,
      );
  const pct = typeof r.overMinimum === 'number' ? ` (${(r.overMinimum * 100).toFixed(1)}% over)` : '';
  const min = typeof r.minimumMs === 'number' ? `, minimum ${s(r.minimumMs)}` : '';
  log(`${name}: ${r.workload}`);
  const req =
    typeof r.requests === 'number'
      ? `; ${r.requests} requests`
      : typeof r.blockingCreateCalls === 'number'
        ? `; ${r.blockingCreateCalls} calls`
        : '';
  log(`  took ${s(r.tookMs as number)}${min}${pct}; 429s: ${String(r.http429)}${req}`);
  for (const k of ['reports', 'blocks', 'mastodonBlocks', 'misskeyBlocks'])
    if (r[k]) {
      const c = r[k] as Count;
      log(`  ${k}: asked ${c.asked}, on the server ${c.done}, lost ${c.lost}, duplicated ${c.duplicated}`);
    }
  if (r.learned) log(`  learned from the server: ${JSON.stringify(r.learned)}`);
  if (r.checkedAfterStop !== undefined)
    log(`  actions checked on the server after a stop: ${String(r.checkedAfterStop)}`);
}

async function main() {
  const out: Record<string, unknown> = { env: `node ${process.version}, fake-indexeddb`, at: new Date().toISOString() };
  if (want('pacing')) {
    const m = await mastodonPacing();
    report('pacing, Mastodon', m);
    const k = await misskeyPacing();
    report('pacing, Misskey', k);
    out.pacing = { mastodon: { ...m, progress: undefined }, misskey: { ...k, progress: undefined } };
  }
  if (want('faults')) {
    const f = await faultsRun();
    report('faults, Mastodon', f.mastodon);
    report('faults, Misskey', f.misskey);
    report('worker stops', f.stops);
    out.faults = {
      ...f,
      mastodon: { ...f.mastodon, progress: undefined },
      misskey: { ...f.misskey, progress: undefined },
    };
  }
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(out, null, 2));
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
