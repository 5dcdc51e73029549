/**
 * The storage benchmarks in Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * real IndexedDB on disk in a fresh profile. Each restore runs in a new page (a new JavaScript
 * realm, as a restarted service worker is), reading what an earlier page stored.
 *
 *   npx tsx bench/store-browser.ts [--quick] [--only batch|restore|week] [--json FILE]
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { fmt, stats } from './store-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const quick = process.argv.includes('--quick');
const jsonAt = process.argv.indexOf('--json');
const onlyAt = process.argv.indexOf('--only');
const want = (part: string) => onlyAt < 0 || process.argv[onlyAt + 1] === part;
const log = (s: string) => console.log(s);

type Bench = {
  lines: string[];
  batch(warm: number, measured: number): Promise<unknown>;
  fill(posts: number): Promise<{ records: number; windowPosts: number }>;
  restore(): Promise<{
    open: number;
    read: number;
    import: number;
    total: number;
    records: number;
    windowPosts: number;
  }>;
  week(days: number, perDay: number): Promise<{ bytes: number; counts: Record<string, number>; posts: number }>;
};

function dirSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const st = statSync(p);
    n += st.isDirectory() ? dirSize(p) : st.size;
  }
  return n;
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    log(`No Chromium at ${CHROMIUM}: skipping the browser benchmark (set CHROMIUM_PATH).`);
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'breakwater-bench-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: false,
      minify: false,
      lib: {
        entry: join(import.meta.dirname, 'store-page.ts'),
        formats: ['iife'],
        name: 'storeBenchPage',
        fileName: () => 'bench.js',
      },
    },
  });
  const js = (await import('node:fs')).readFileSync(join(out, 'bench.js'));
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    else
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><meta charset="utf-8"><script src="/bench.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const profile = mkdtempSync(join(tmpdir(), 'breakwater-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const open = async (): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'storeBench' in globalThis);
    return page;
  };
  const call = <T>(page: Page, fn: (b: Bench) => Promise<T>) =>
    page.evaluate(`(${fn.toString()})(globalThis.storeBench)`) as Promise<T>;
  try {
    const version = context.browser()?.version() ?? (await (await open()).evaluate(() => navigator.userAgent));
    log(`Chromium ${version}, IndexedDB on disk`);
    const result: Record<string, unknown> = { env: `chromium ${version}` };
    const flush = async (page: Page) => log((await call(page, async (b) => b.lines.splice(0))).join('\n'));
    if (want('batch')) {
      const page = await open();
      result.batch = await call(page, (b) => b.batch(20000, 100));
      await flush(page);
      await page.close();
    }
    if (want('restore')) {
      const posts = quick ? 20_000 : 100_000;
      let page = await open();
      const fill = await page.evaluate(`globalThis.storeBench.fill(${posts})`);
      await flush(page);
      await page.close();
      const runs = [];
      for (let i = 0; i < (quick ? 3 : 7); i++) {
        page = await open(); // a new realm, like a restarted service worker
        runs.push(await call(page, (b) => b.restore()));
        await page.close();
      }
      const restore = {
        fill,
        total: stats(runs.map((r) => r.total)),
        open: stats(runs.map((r) => r.open)),
        read: stats(runs.map((r) => r.read)),
        import: stats(runs.map((r) => r.import)),
        windowPosts: runs[0]!.windowPosts,
      };
      log(`restore (${posts} posts, ${runs[0]!.records} records): total ${fmt(restore.total)}`);
      log(`  open ${fmt(restore.open)}; read ${fmt(restore.read)}; import ${fmt(restore.import)}`);
      result.restore = restore;
    }
    if (want('week')) {
      const page = await open();
      const days = quick ? 1 : 7;
      const perDay = quick ? 10_000 : 50_000;
      result.week = await page.evaluate(`globalThis.storeBench.week(${days}, ${perDay})`);
      await flush(page);
      await page.close();
    }
    await context.close();
    const idbDir = join(profile, 'Default', 'IndexedDB');
    result.onDisk = dirSize(idbDir);
    log(`on disk: ${((result.onDisk as number) / 1048576).toFixed(1)} MB in ${idbDir} (the databases left)`);
    if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(result, null, 2));
  } finally {
    await context.close().catch(() => {});
    server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

void main();
