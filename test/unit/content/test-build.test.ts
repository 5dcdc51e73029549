/**
 * The `breakwater:stats` DOM event is answered only by the test build: told apart by its manifest's
 * pre-granted `*.test` hosts (wxt.config.ts), which a release manifest never has.
 */
import { expect, test } from 'vitest';
import { isTestBuild } from '../../../src/content/test-build';

test('the test build is the one whose manifest pre-grants *.test; a release manifest is not', () => {
  expect(isTestBuild({ host_permissions: ['http://*.test/*', 'https://*.test/*'] })).toBe(true);
  expect(isTestBuild({ host_permissions: [] })).toBe(false);
  expect(isTestBuild({})).toBe(false);
  // Instances a user added are granted at run time (optional permissions), never in the manifest,
  // and a real domain under .test is not the wildcard.
  expect(isTestBuild({ host_permissions: ['https://mastodon.social/*', 'https://a.test/*'] })).toBe(false);
});
