/**
 * The action queue in the built extension, in Debian's Chromium, against the simulated instances
 * (the restart half of `npm run bench:queue`; build first: `npm run build:e2e`). 300 blocks on
 * Mastodon and 60 on Misskey (20 an hour, windows compressed by the scale) are enqueued from the
 * options page, with faults on the way (5xx, HTML errors, dropped connections, cut JSON); the
 * service worker is stopped twice mid-batch and the browser closed and started again once with
 * the same profile. The servers' own record then says what was lost or done twice.
 *
 *   npx tsx bench/queue-browser.ts [--json FILE] [--misskey-scale 0.003]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BatchProgress } from '../src/core/queue/types';
import { launchWithExtension, CHROMIUM, E2E_EXTENSION_DIR, type ExtensionBrowser } from '../test/e2e/browser';
import { addInstance, loginAs } from '../test/e2e/setup';
import { startSim } from '../test/sim';
import { nativeToken } from '../test/sim/misskey';
import type { FaultRule } from '../test/sim/types';
import { KA, knownTargets, MA, recorded } from '../test/unit/queue/sim-tools';

declare const chrome: { runtime: { sendMessage(msg: unknown): Promise<unknown> } };

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : def;
};
const SCALE = Number(arg('--misskey-scale', '0.003'));
const log = (s: string) => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const send = (page: Page, msg: unknown) => page.evaluate((m) => chrome.runtime.sendMessage(m), msg);
const list = async (page: Page) =>
  (await send(page, { type: 'ui:listBatches', req: { limit: 10 } })) as BatchProgress[];

async function until<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function stopWorker(b: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await b.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(b.extensionId));
  if (sw) await cdp.send('Target.closeTarget', { targetId: sw.targetId });
  await cdp.detach();
}

async function main() {
  if (!existsSync(CHROMIUM) || !existsSync(E2E_EXTENSION_DIR)) {
    log(`skipped: needs ${CHROMIUM} and the test build (npm run build:e2e)`);
    return;
  }
  const sim = await startSim({ scale: SCALE, misskeyLimits: 'compressed', stopAfterMs: 20 * 60_000 });
  const userDataDir = mkdtempSync(join(tmpdir(), 'breakwater-queue-bench-'));
  let b = await launchWithExtension({ simPort: sim.port, userDataDir });
  const events: string[] = [];
  const t0 = Date.now();
  const mark = (s: string) => {
    events.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${s}`);
    log(`  ${events.at(-1)}`);
  };
  try {
    await addInstance(b, MA);
    await addInstance(b, KA);
    const tab = await b.context.newPage();
    await loginAs(tab, MA, 'alice', '/home');
    let opts = await b.openExtensionPage('options.html');
    await until(
      'the Mastodon login',
      async () => (await send(opts, { type: 'ui:listInstances' })) as { domain: string; login: { kind: string } }[],
      (l) => l.find((i) => i.domain === MA)?.login.kind === 'page',
      20_000,
    );
    // The Misskey page reader is not built yet: its token goes into the store as content:token puts it.
    await opts.evaluate(
      ({ instance, token }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('breakwater');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('tokens', 'readwrite');
            const now = Date.now();
            tx.objectStore('tokens').put({
              instance,
              source: 'page',
              token,
              account: 'alice',
              scopes: [],
              createdAt: now,
              updatedAt: now,
            });
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      { instance: KA, token: nativeToken(KA, 'alice') },
    );
    await tab.close();
    const mt = knownTargets(sim, MA, 300);
    const kt = knownTargets(sim, KA, 60);
    const faults: FaultRule[] = [];
    // Each fault once per instance: five failures in a row, which the queue answers with its
    // default backoff (1, 2, 4, 8, 16 s for the whole login), as it would a real failing server.
    for (const kind of ['status500', 'status503', 'html-error', 'drop', 'malformed-json'] as const) {
      faults.push({ host: MA, path: /\/block$/, kind, times: 1 });
      faults.push({ host: KA, path: '/api/blocking/create', kind, times: 1 });
    }
    for (const f of faults) sim.addFault(f);
    const start = Date.now();
    for (const [instance, targets] of [
      [MA, mt],
      [KA, kt],
    ] as const) {
      const r = (await send(opts, {
        type: 'ui:enqueueBatch',
        req: { instance, kind: 'block', targets, options: {} },
      })) as {
        ok: boolean;
      };
      if (!r.ok) throw new Error(`enqueue on ${instance} refused: ${JSON.stringify(r)}`);
    }
    mark('enqueued 300 blocks on Mastodon, 60 on Misskey');
    // Two worker stops mid-batch, a few seconds apart.
    for (const at of [100, 200]) {
      await until(
        'Mastodon progress',
        () => list(opts),
        (l) => (l.find((x) => x.instance === MA)?.done ?? 0) >= at,
        120_000,
      );
      await stopWorker(b, opts);
      mark(`service worker stopped (Mastodon ${at} done)`);
      await sleep(500);
      await list(opts);
      mark('service worker started again by the page');
    }
    // The browser closed while Misskey waits for its next window.
    await until(
      'Misskey waiting',
      () => list(opts),
      (l) => {
        const k = l.find((x) => x.instance === KA);
        return !!k && k.done >= 20 && k.state === 'waiting';
      },
      120_000,
    );
    await b.context.close();
    mark('browser closed');
    b = await launchWithExtension({ simPort: sim.port, userDataDir });
    mark('browser started with the same profile');
    opts = await b.openExtensionPage('options.html');
    const final = await until(
      'both batches done',
      () => list(opts),
      (l) => l.length >= 2 && l.every((x) => x.state === 'done'),
      600_000,
    );
    const took = Date.now() - start;
    mark('both batches done');
    // What the audit log says, line by line, summed up (the store is the extension's own IndexedDB).
    const auditLines = await opts.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('breakwater');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('audit').objectStore('audit').getAll();
            req.onsuccess = () => {
              open.result.close();
              resolve(
                (req.result as { instance: string; result: string; detail: string }[]).map(
                  (a) => `${a.instance} ${a.result}: ${a.detail.replace(/[0-9a-f]{8,}|\d+/g, '#').slice(0, 90)}`,
                ),
              );
            };
          };
        }),
    );
    const audit: Record<string, number> = {};
    for (const l of auditLines) audit[l] = (audit[l] ?? 0) + 1;
    const check = (instance: string, targets: { scenarioAcct: string }[]) => {
      const got = recorded(sim, instance, 'block', 'alice');
      return {
        asked: targets.length,
        onServer: got.size,
        lost: targets.filter((t) => !got.has(t.scenarioAcct)).length,
        duplicated: [...got.values()].filter((n) => n > 1).length,
        http429: sim.state(instance).rateLimited.length,
        requests: Object.values(sim.state(instance).requestCounts).reduce((a, c) => a + c, 0),
        byEndpoint: sim.state(instance).requestCounts,
      };
    };
    const out = {
      env: `Chromium (${CHROMIUM}), the e2e build`,
      misskeyScale: SCALE,
      tookMs: took,
      events,
      mastodon: check(MA, mt),
      misskey: check(KA, kt),
      audit,
      batches: final.map(({ instance, done, failed, total }) => ({ instance, done, failed, total })),
    };
    log(`took ${(took / 1000).toFixed(1)} s`);
    log(`  Mastodon: ${JSON.stringify(out.mastodon)}`);
    log(`  Misskey: ${JSON.stringify(out.misskey)}`);
    for (const [line, n] of Object.entries(audit).sort((a, b) => b[1] - a[1])) log(`  audit ${n} x ${line}`);
    const jsonAt = process.argv.indexOf('--json');
    if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(out, null, 2));
  } finally {
    await b.close();
    await sim.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
