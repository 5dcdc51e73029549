/**
 * The browser both content benches run in: with Breakwater (the test build, the instance added
 * through the options page as a user would) or, for the baseline, the same Chromium without it.
 */
import { chromium, type Page } from 'playwright-core';
import { startSim } from '../test/sim';
import type { Sim, SimOptions } from '../test/sim/types';
import { CHROMIUM } from '../test/e2e/browser';
import { addInstance, startBench } from '../test/e2e/setup';

export interface BenchBrowser {
  sim: Sim;
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
}

export async function openBenchBrowser(
  extension: boolean,
  simOptions: SimOptions,
  domain: string,
): Promise<BenchBrowser> {
  if (extension) {
    const bench = await startBench(simOptions);
    await addInstance(bench.browser, domain);
    return { sim: bench.sim, newPage: () => bench.browser.context.newPage(), close: () => bench.close() };
  }
  const sim = await startSim(simOptions);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      `--host-resolver-rules=MAP *.test 127.0.0.1:${sim.port}`,
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  return {
    sim,
    newPage: () => context.newPage(),
    close: async () => {
      await browser.close();
      await sim.close();
    },
  };
}
