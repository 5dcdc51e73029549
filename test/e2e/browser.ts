import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/**
 * Launches Debian's Chromium with the built extension loaded, the way ../shared/reference/toolchain.md
 * describes, with every `*.test` host resolved to the simulated instances' port.
 */
export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The background service worker (re-read after a forced stop). */
  worker(): Promise<Worker>;
  /** Opens an extension page (e.g. `options.html`). */
  openExtensionPage(path: string): Promise<Page>;
  userDataDir: string;
  close(): Promise<void>;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const E2E_EXTENSION_DIR = resolve('.output/chrome-mv3-e2e');

export interface LaunchOptions {
  simPort: number;
  extensionDir?: string;
  headless?: boolean;
  lang?: string;
  userDataDir?: string;
  viewport?: { width: number; height: number };
}

export async function launchWithExtension(opts: LaunchOptions): Promise<ExtensionBrowser> {
  const extDir = opts.extensionDir ?? E2E_EXTENSION_DIR;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'breakwater-chromium-'));
  const headless = opts.headless ?? true;
  const args = [
    ...(headless ? ['--headless=new'] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate,MediaRouter',
    `--disable-extensions-except=${extDir}`,
    `--load-extension=${extDir}`,
    // Every *.test domain reaches the one simulated-instance server, which tells them apart by Host.
    `--host-resolver-rules=MAP *.test 127.0.0.1:${opts.simPort}`,
    ...(opts.lang ? [`--lang=${opts.lang}`] : []),
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // headless is chosen by --headless=new above: the old headless mode has no extensions
    ignoreDefaultArgs: ['--disable-extensions'],
    args,
    viewport: opts.viewport ?? { width: 1280, height: 1000 },
    ...(opts.lang ? { locale: opts.lang } : {}),
  });
  const owned = !opts.userDataDir;
  const close = async () => {
    await context.close().catch(() => {});
    if (owned) rmSync(userDataDir, { recursive: true, force: true });
  };
  let sw: Worker;
  try {
    sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  } catch (e) {
    // A launch that fails must not hang the run (toolchain.md, pitfall 2).
    await close();
    throw e;
  }
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    extensionId,
    userDataDir,
    async worker() {
      const live = context.serviceWorkers().find((w) => w.url().includes(extensionId));
      return live ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    },
    async openExtensionPage(path: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    close,
  };
}
