/**
 * The content script's cost in the browser on the Misskey web UI, measured as for Mastodon
 * (bench/content-mastodon.ts, the analysis in bench/content-trace.ts): the built extension in
 * Debian's Chromium on the simulated Misskey (2025.7.0 by default, `--version 2024.2.0`), notes
 * streamed into an open home timeline (the default UI, 1280 px wide: the notifications widget
 * is open too), with a CPU profile and a trace of the page's main thread: 1,000 scenario posts
 * delivered to the instance, 50 a second, as for Mastodon. The home timeline streams only some of
 * them (notes of followed accounts, no replies): the notes that reach the page's socket are counted
 * from its WebSocket frames, and the figures are per note reaching the page. The simulated timeline re-creates all its items (up to 30) for every note that arrives
 * at the top (web-ui-dom.md 2.1), so each note costs the runtime a scan of the list, where
 * Mastodon's adds one post.
 *
 *   npm run bench:content:misskey                # builds the test build, then measures (about 1 min)
 *   npx tsx bench/content-misskey.ts [--posts N] [--rate N] [--version 2024.2.0] [--baseline] [--top] [--json FILE]
 *
 * (The background's engine runs in the service worker, not on the page's thread: not counted.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MisskeySimInstance } from '../test/sim/misskey';
import type { Sim, SimOptions } from '../test/sim/types';
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
/** Scenario posts a second delivered to the instance (a busy instance during a wave). */
const RATE = Number(arg('rate', '50'));
const VERSION = arg('version', '2025.7.0');
const DOMAIN = VERSION.startsWith('2024') ? 'misskey-b.test' : 'misskey-a.test';
const JSON_OUT = arg('json', join('bench', 'results', `content-misskey-${VERSION}.json`));
const ROSTER = [{ domain: DOMAIN, platform: 'misskey' as const, version: VERSION }];

interface Run {
  wallMs: number;
  trace: TraceEvent[];
  profile: Profile | null;
  stats: Record<string, unknown> | null;
  flagged: number;
  /** Notes that reached the page's socket. */
  posts: number;
  /** Scenario posts delivered to the instance meanwhile. */
  delivered: number;
  spam: number;
  lookups: number;
}

/**
 * One run on a fresh simulated instance: log in, wait, stream the notes, collect the trace (and
 * the CPU profile when `profile`). `extension: false` runs the same in a Chromium without Breakwater.
 */
async function run(extension: boolean, profile: boolean): Promise<Run> {
  const simOptions = { roster: ROSTER, stopAfterMs: 15 * 60_000 };
  const { sim, newPage, close } = await openBenchBrowser(extension, simOptions as SimOptions, DOMAIN);
  try {
    const page = await newPage();
    await loginAs(page, DOMAIN, 'alice', '/');
    await page.waitForSelector('#misskey_app [data-scroll-anchor], #misskey_app article', { timeout: 30_000 });
    if (extension) await page.waitForSelector('html[data-breakwater-ready]', { timeout: 30_000 });
    await page.waitForTimeout(1_500);
    const inst = sim.instances.get(DOMAIN) as MisskeySimInstance;
    const arrived = new Set(inst.arrivedPostIds());
    const candidates = sim.scenario.posts.filter(
      (p) => p.deliveredTo.includes(DOMAIN) && !arrived.has(p.id) && inst.noteId(p.id),
    );
    const lookupsBefore = lookups(sim);

    const cdp = await page.context().newCDPSession(page);
    // The notes reaching the page: note-bearing frames of its socket (timelines, mentions, notifications).
    const reached = new Set<string>();
    await cdp.send('Network.enable');
    cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string } }) => {
      try {
        const m = JSON.parse(e.response.payloadData) as { type?: string; body?: { body?: Record<string, unknown> } };
        const b = m.type === 'channel' ? m.body?.body : undefined;
        const note = (b && 'note' in b ? b.note : b) as { id?: unknown } | undefined;
        if (typeof note?.id === 'string') reached.add(note.id);
      } catch {
        /* pong */
      }
    });
    const posts = candidates.slice(0, POSTS);
    if (posts.length < POSTS) throw new Error(`only ${posts.length} posts to deliver`);
    const run = await streamAndMeasure({
      page,
      cdp,
      deliver: (ids) => sim.deliver(DOMAIN, ids),
      ids: posts.map((p) => p.id),
      rate: RATE,
      profile,
      extension,
    });
    return {
      ...run,
      posts: reached.size,
      delivered: posts.length,
      spam: posts.filter((p) => p.label === 'spam').length,
      lookups: lookups(sim) - lookupsBefore,
    };
  } finally {
    await close();
  }
}

/** `notes/show` requests the server answered (Breakwater's lookups; the web UI makes none here). */
function lookups(sim: Sim): number {
  return Object.entries(sim.state(DOMAIN).requestCounts)
    .filter(([k]) => k.endsWith('/api/notes/show'))
    .reduce((n, [, v]) => n + v, 0);
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
  // 3. (--baseline) The same without Breakwater (a rough check: runs differ by hundreds of ms).
  const without = process.argv.includes('--baseline') ? busyMs((await run(false, false)).trace) : null;
  const posts = attributed.posts;
  const result = {
    platform: 'misskey',
    version: VERSION,
    posts,
    deliveredToInstance: attributed.delivered,
    spamDelivered: attributed.spam,
    ratePerSecond: RATE,
    wallMs: attributed.wallMs,
    mainThread: {
      profiledOurMs: r1(cpu.ms),
      profiledOurMsPerPost: r3(cpu.ms / posts),
      profiledOurMsPerDelivered: r3(cpu.ms / attributed.delivered),
      byScript: Object.fromEntries(Object.entries(cpu.byScript).map(([k, v]) => [k, r1(v)])),
      profiledShareOfBusy: r1((cpu.ms / Math.max(1, cpu.totalMs)) * 100),
      tracedOurMs: r1(ours),
      overheadMsPerPost: r3(ours / plain.posts),
      pageBusyMs: Math.round(withUs),
      ...(without !== null
        ? { busyWithoutMs: Math.round(without), busyDifferenceMsPerPost: r3((withUs - without) / posts) }
        : {}),
    },
    tasks: taskSummary(tasks),
    lookupRequests: attributed.lookups,
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
