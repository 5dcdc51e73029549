/**
 * What the in-browser cost benchmarks of the content script (bench/content-mastodon.ts,
 * bench/content-misskey.ts) read from Chromium: a CPU profile and a trace of the page's main
 * thread, attributed to Breakwater's scripts (chrome-extension:// URLs), and the scripts' sizes.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';

export interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
  hitCount?: number;
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export const isOurs = (url: string) => url.startsWith('chrome-extension://');

/** Inclusive ms of call stacks that have one of our frames (counted once however deep). */
export function ourTime(p: Profile): { ms: number; totalMs: number; byScript: Record<string, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string | null>();
  const ownerOf = (id: number): string | null => {
    if (owner.has(id)) return owner.get(id)!;
    const n = byId.get(id)!;
    const up = parent.has(id) ? ownerOf(parent.get(id)!) : null;
    const mine = up ?? (isOurs(n.callFrame.url) ? n.callFrame.url.replace(/^chrome-extension:\/\/[^/]+/, '') : null);
    owner.set(id, mine);
    return mine;
  };
  let us = 0;
  let total = 0;
  const byScript: Record<string, number> = {};
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (node.callFrame.functionName !== '(idle)') total += dt;
    const o = ownerOf(id);
    if (o) {
      us += dt;
      byScript[o] = (byScript[o] ?? 0) + dt;
    }
  });
  return { ms: us, totalMs: total, byScript };
}

/** The functions where our stacks spend their time (self time), for finding what to speed up. */
export function printTop(p: Profile): void {
  // PROFILE_OUT=file.cpuprofile keeps the whole profile (open it in DevTools' Performance panel).
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(p));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (id: number): boolean => {
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x))
      if (isOurs(byId.get(x)!.callFrame.url)) return true;
    return false;
  };
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  p.samples.forEach((id, i) => {
    if (!ours(id)) return;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `${v.toFixed(1)} ms  ${k}`);
  console.log('self:\n' + top(self).join('\n'));
  console.log('inclusive:\n' + top(incl).join('\n'));
}

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; scriptName?: string } };
}

export async function readTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const done = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream!)),
  );
  await cdp.send('Tracing.end');
  const handle = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle, size: 4 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const json = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(json) ? json : (json.traceEvents ?? []);
}

/**
 * Top-level tasks of the page's renderer main thread that ran our code: each task's duration, and
 * how much of it was our code (our outermost calls inside it), in ms.
 */
export function ourTasks(events: TraceEvent[]): {
  all: number;
  /** Each task that ran our code: its length, our part, when (ms into the trace), what of ours ran first. */
  ours: { task: number; ours: number; at: number; first: string }[];
  longestAny: number;
} {
  const mains = events.filter(
    (e) => e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain',
  );
  const isCall = (e: TraceEvent) =>
    /^(FunctionCall|EvaluateScript|v8\.callFunction|TimerFire|FireAnimationFrame|EventDispatch)$/.test(e.name) &&
    isOurs(e.args?.data?.url ?? e.args?.data?.scriptName ?? '');
  // The page's main thread: the renderer main thread where our scripts ran.
  const main = mains
    .map((m) => ({
      m,
      n: events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && isCall(e)).length,
    }))
    .sort((a, b) => b.n - a.n)[0]?.m;
  if (!main) return { all: 0, ours: [], longestAny: 0 };
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  // Top-level tasks (Chromium names them RunTask or ThreadControllerImpl::RunTask): not nested in another.
  const all = onMain.filter((e) => /(^|::)RunTask$/.test(e.name)).sort((a, b) => a.ts - b.ts);
  const tasks: TraceEvent[] = [];
  for (const t of all) {
    const last = tasks.at(-1);
    if (!last || t.ts >= last.ts + (last.dur ?? 0)) tasks.push(t);
  }
  const calls = onMain.filter(isCall).sort((a, b) => a.ts - b.ts);
  const ours: { task: number; ours: number; at: number; first: string }[] = [];
  const t0 = tasks[0]?.ts ?? 0;
  let j = 0;
  for (const t of tasks) {
    const end = t.ts + (t.dur ?? 0);
    while (j < calls.length && calls[j]!.ts < t.ts) j++;
    let mine = 0;
    let until = -Infinity;
    let first = '';
    for (let k = j; k < calls.length && calls[k]!.ts <= end; k++) {
      if (calls[k]!.ts < until) continue;
      mine += (calls[k]!.dur ?? 0) / 1000;
      until = calls[k]!.ts + (calls[k]!.dur ?? 0);
      first ||= `${calls[k]!.name} ${(calls[k]!.args?.data?.url ?? calls[k]!.args?.data?.scriptName ?? '').split('/').pop()}`;
    }
    if (mine > 0) ours.push({ task: (t.dur ?? 0) / 1000, ours: mine, at: (t.ts - t0) / 1000, first });
  }
  return { all: tasks.length, ours, longestAny: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)) };
}

export function size(path: string): { bytes: number; gzip: number } {
  const buf = readFileSync(path);
  return { bytes: statSync(path).size, gzip: gzipSync(buf).length };
}

/**
 * Our code's time from the trace (no profiler running): the durations of the events that enter
 * our scripts (a function call, an event listener, a timer, an animation frame), nested ones
 * counted once. It includes the DOM and extension API calls made from them.
 */
export function traceOurMs(events: TraceEvent[]): number {
  const calls = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        /^(FunctionCall|EvaluateScript|v8\.callFunction|TimerFire|FireAnimationFrame|EventDispatch)$/.test(e.name) &&
        isOurs(e.args?.data?.url ?? e.args?.data?.scriptName ?? ''),
    )
    .sort((a, b) => a.ts - b.ts);
  let sum = 0;
  let end = -Infinity;
  for (const c of calls) {
    if (c.ts < end) continue;
    sum += (c.dur ?? 0) / 1000;
    end = c.ts + (c.dur ?? 0);
  }
  return sum;
}

/** The main thread's busy time: the sum of its top-level tasks, ms. */
export function busyMs(events: TraceEvent[]): number {
  const mains = events.filter(
    (e) => e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain',
  );
  let best = 0;
  for (const m of mains) {
    const all = events
      .filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && /(^|::)RunTask$/.test(e.name))
      .sort((a, b) => a.ts - b.ts);
    let sum = 0;
    let end = -Infinity;
    for (const t of all) {
      if (t.ts < end) continue;
      sum += (t.dur ?? 0) / 1000;
      end = t.ts + (t.dur ?? 0);
    }
    best = Math.max(best, sum);
  }
  return best;
}

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** What one streamed run measured (see streamAndMeasure). */
export interface StreamRun {
  wallMs: number;
  trace: TraceEvent[];
  profile: Profile | null;
  stats: Record<string, unknown> | null;
  flagged: number;
}

/**
 * The part both platform benches share: with tracing (and the CPU profiler when asked) on the
 * page's CDP session, delivers `ids` to the instance at `rate` a second in ticks of 100 ms, lets
 * the last posts be judged for 2 s, then reads the trace, the profile, the content script's
 * counters (test build only) and how many posts carry a flag.
 */
export async function streamAndMeasure(o: {
  page: Page;
  cdp: CDPSession;
  deliver: (ids: string[]) => void;
  ids: readonly string[];
  rate: number;
  profile: boolean;
  extension: boolean;
}): Promise<StreamRun> {
  const { page, cdp } = o;
  if (o.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  }
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['devtools.timeline', 'toplevel', '__metadata'] },
  });
  if (o.profile) await cdp.send('Profiler.start');
  const t0 = Date.now();
  const perTick = Math.max(1, Math.round(o.rate / 10));
  for (let i = 0; i < o.ids.length; i += perTick) {
    o.deliver(o.ids.slice(i, i + perTick));
    await new Promise((r) => setTimeout(r, 100));
  }
  // Let the last posts be judged and badged.
  await page.waitForTimeout(2_000);
  const wallMs = Date.now() - t0;
  const profile = o.profile ? ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile : null;
  const trace = await readTrace(cdp);
  const stats = o.extension
    ? await page.evaluate(
        () =>
          new Promise<Record<string, unknown>>((resolve) => {
            document.addEventListener(
              'breakwater:stats-answer',
              (e) => resolve(JSON.parse((e as CustomEvent<string>).detail) as Record<string, unknown>),
              { once: true },
            );
            document.dispatchEvent(new CustomEvent('breakwater:stats'));
          }),
      )
    : null;
  const flagged = await page
    .locator('[data-breakwater-verdict="spam"], [data-breakwater-verdict="suspicious"]')
    .count();
  return { wallMs, trace, profile, stats, flagged };
}

/** The tasks block of both benches' results, from ourTasks. */
export function taskSummary(tasks: ReturnType<typeof ourTasks>) {
  return {
    all: tasks.all,
    withOurCode: tasks.ours.length,
    longestWithOurCodeMs: r1(Math.max(0, ...tasks.ours.map((t) => t.task))),
    over50msWithOurCode: tasks.ours.filter((t) => t.task > 50).length,
    // Our own part of a task: a long task of the page that merely also ran one of our listeners
    // is the page's; this says how long our code itself ran in one task at most.
    longestOurPartMs: r1(Math.max(0, ...tasks.ours.map((t) => t.ours))),
    ourPartOver50ms: tasks.ours.filter((t) => t.ours > 50).length,
    longestOfPageMs: r1(tasks.longestAny),
  };
}

/** The sizes of the built content script and main-world observer (the test build in `dir`). */
export function bundleSizes(dir: string) {
  return {
    contentScript: size(`${dir}/content-scripts/content.js`),
    pageObserver: size(`${dir}/page-observer.js`),
  };
}
