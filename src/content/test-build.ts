import { browser } from 'wxt/browser';

/**
 * Whether this is the test build (`npm run build:e2e`, BREAKWATER_E2E=1), the one the end-to-end
 * tests and the benchmarks load. Its manifest pre-grants every `*.test` host (wxt.config.ts), which
 * no release build does and no user can add: that is how the content script tells them apart.
 *
 * Only the test build answers the `breakwater:stats` DOM event (./index.ts): the page can send and
 * read DOM events, so a release build offers the page nothing to talk to.
 */
export function isTestBuild(manifest: object = browser.runtime.getManifest()): boolean {
  const hosts = (manifest as { host_permissions?: unknown }).host_permissions;
  return Array.isArray(hosts) && hosts.some((p) => typeof p === 'string' && /^(\*|https?):\/\/\*\.test\/\*$/.test(p));
}
