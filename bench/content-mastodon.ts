/**
 * The content script's cost in the browser: the built extension in Debian's Chromium on the
 * simulated Mastodon (4.6.5 by default), 1,000 posts streamed into an open home timeline the way
 * the streaming API delivers them, with a CPU profile and a trace of the page's main thread.
 *
 * Measured, in three runs on fresh simulated instances with the same posts:
 * - the main-thread tasks that ran Breakwater's code (content script and main-world observer):
 *   the longest one, and how many took over 50 ms (trace: top-level RunTask events holding a
 *   FunctionCall of a chrome-extension:// script);
 * - Breakwater's own main-thread time (CPU profile sampled every 0.1 ms: the inclusive time of
 *   every call stack that has a chrome-extension:// frame), per post; the profiler itself slows
 *   the code it samples, so this figure is on the high side;
 * - the per-post overhead: the time of the trace events that enter our scripts (listeners, timers,
 *   animation frames, function calls; the DOM and extension API calls they make included), per
 *   post, in a run without the profiler; with --baseline, also the page's busy time against a
 *   run without Breakwater (noisy: runs of the simulated web UI differ by hundreds of ms);
 * - the runtime's own counters (frames, their time, posts sent, lookups);
 * - the sizes of the content script and the observer.
 *
 *   npm run bench:content                        # builds the test build, then measures (about 1 min)
 *   npx tsx bench/content-mastodon.ts [--posts N] [--rate N] [--version 4.2.0] [--baseline] [--top] [--json FILE]
 *
 * (The background's engine runs in the service worker, not on the page's thread: not counted.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ROSTER } from '../test/sim';
import type { SimOptions } from '../test/sim/types';
import { E2E_EXTENSION_DIR } from '../test/e2e/browser';
import { openBenchBrowser } from './content-browser';
import { loginAs } from '../test/e2e/setup';
import {
  busyMs,
  ourTasks,
  ourTime,
  printTop,
  r1,
  r3,
  streamAndMeasure,
  taskSummary,
  bundleSizes,
  traceOurMs,
  type Profile,
  type TraceEvent,
} from './content-trace';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const POSTS = Number(arg('posts', '1000'));
/** Posts a second delivered into the timeline (a busy federated timeline during a wave). */
const RATE = Number(arg('rate', '50'));
const VERSION = arg('version', '4.6.5');
const DOMAIN = VERSION.startsWith('4.2') ? 'mastodon-b.test' : 'mastodon-a.test';
const JSON_OUT = arg('json', join('bench', 'results', `content-mastodon-${VERSION}.json`));

interface Run {
  wallMs: number;
  trace: TraceEvent[];
  profile: Profile | null;
  stats: Record<string, unknown> | null;
  flagged: number;
  posts: number;
  spam: number;
}

/**
 * One run on a fresh simulated instance: log in, wait, stream the posts, collect the trace (and the
 * CPU profile when `profile`). `extension: false` runs the same in a Chromium without Breakwater.
 */
async function run(extension: boolean, profile: boolean): Promise<Run> {
  const simOptions = { roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'), stopAfterMs: 15 * 60_000 };
  const { sim, newPage, close } = await openBenchBrowser(extension, simOptions as SimOptions, DOMAIN);
  try {
    const page = await newPage();
    await loginAs(page, DOMAIN, 'alice', '/home');
    await page.waitForSelector('html[data-sim-ready]', { timeout: 30_000 });
    if (extension) await page.waitForSelector('html[data-breakwater-ready]', { timeout: 30_000 });
    await page.waitForTimeout(1_500);
    const start = sim.scenario.options.start + 3 * 3_600_000;
    const posts = sim.scenario.posts
      .filter((p) => p.deliveredTo.includes(DOMAIN) && p.createdAt > start)
      .slice(0, POSTS);
    if (posts.length < POSTS) throw new Error(`only ${posts.length} posts to stream`);

    const cdp = await page.context().newCDPSession(page);
    const run = await streamAndMeasure({
      page,
      cdp,
      deliver: (ids) => sim.deliver(DOMAIN, ids),
      ids: posts.map((p) => p.id),
      rate: RATE,
      profile,
      extension,
    });
    return { ...run, posts: posts.length, spam: posts.filter((p) => p.label === 'spam').length };
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  // 1. Attribution: our code's main-thread time (CPU profile) and the tasks it ran in (trace).
  const attributed = await run(true, true);
  const cpu = ourTime(attributed.profile!);
  if (process.argv.includes('--top')) printTop(attributed.profile!);
  const tasks = ourTasks(attributed.trace);
  if (process.argv.includes('--top'))
    for (const t of [...tasks.ours].sort((a, b) => b.ours - a.ours).slice(0, 5))
      console.log(`our part ${r1(t.ours)} ms of a ${r1(t.task)} ms task at ${Math.round(t.at)} ms (${t.first})`);
  // 2. Without the profiler: our code's time from the trace, and the page's busy main thread.
  const plain = await run(true, false);
  const ours = traceOurMs(plain.trace);
  const withUs = busyMs(plain.trace);
  // 3. (--baseline) The same without Breakwater. Runs of the simulated web UI differ by several
  // hundred ms of busy time, so this difference is only a rough check.
  const without = process.argv.includes('--baseline') ? busyMs((await run(false, false)).trace) : null;
  const posts = attributed.posts;
  const result = {
    version: VERSION,
    posts,
    spamPosts: attributed.spam,
    ratePerSecond: RATE,
    wallMs: attributed.wallMs,
    mainThread: {
      profiledOurMs: r1(cpu.ms),
      profiledOurMsPerPost: r3(cpu.ms / posts),
      byScript: Object.fromEntries(Object.entries(cpu.byScript).map(([k, v]) => [k, r1(v)])),
      profiledShareOfBusy: r1((cpu.ms / Math.max(1, cpu.totalMs)) * 100),
      tracedOurMs: r1(ours),
      overheadMsPerPost: r3(ours / posts),
      pageBusyMs: Math.round(withUs),
      ...(without !== null
        ? { busyWithoutMs: Math.round(without), busyDifferenceMsPerPost: r3((withUs - without) / posts) }
        : {}),
    },
    tasks: taskSummary(tasks),
    runtime: attributed.stats,
    flaggedInDomAtEnd: attributed.flagged,
    size: bundleSizes(E2E_EXTENSION_DIR),
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${JSON_OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
