import { expect, test } from 'vitest';
import { completePendingAdd, singleFlight } from '../../../src/background/pending-add';
import type { AddResult } from '../../../src/background/instances';
import { PENDING_ADD_KEY } from '../../../src/messaging/options';

function area(value: unknown) {
  const m = new Map<string, unknown>([[PENDING_ADD_KEY, value]]);
  return {
    get: async (k: string) => (m.has(k) ? { [k]: m.get(k) } : {}),
    remove: async (k: string) => void m.delete(k),
    has: () => m.has(PENDING_ADD_KEY),
  };
}
const ok = (domain: string): AddResult => ({ ok: false, code: 'test', message: domain });
const T = 1_700_000_000_000;
const pending = { domain: 'mastodon.example', origins: ['https://mastodon.example/*'], at: T };

test('a granted permission finishes the popup add it was asked for, once', async () => {
  const s = area(pending);
  const added: string[] = [];
  const add = async (d: string) => (added.push(d), ok(d));
  expect(await completePendingAdd({ origins: ['https://mastodon.example/*'] }, s, add, T + 1000)).toMatchObject({
    message: 'mastodon.example',
  });
  expect(s.has()).toBe(false);
  expect(await completePendingAdd({ origins: ['https://mastodon.example/*'] }, s, add, T + 2000)).toBeNull();
  expect(added).toEqual(['mastodon.example']);
});

test.each([
  ['another origin', { origins: ['https://other.example/*'] }, pending, T],
  ['no origin', {}, pending, T],
  ['an old request', { origins: ['https://mastodon.example/*'] }, pending, T + 6 * 60_000],
  ['nothing asked', { origins: ['https://mastodon.example/*'] }, undefined, T],
  ['a malformed entry', { origins: ['https://mastodon.example/*'] }, { domain: 3 }, T],
])('nothing is added for %s', async (_n, granted, value, now) => {
  const added: string[] = [];
  expect(await completePendingAdd(granted, area(value), async (d) => (added.push(d), ok(d)), now)).toBeNull();
  expect(added).toEqual([]);
});

test('singleFlight: concurrent calls for a key share one run', async () => {
  let runs = 0;
  const f = singleFlight(async (k: string) => {
    runs++;
    await new Promise((r) => setTimeout(r, 10));
    return k;
  });
  expect(await Promise.all([f('a'), f('a'), f('b')])).toEqual(['a', 'a', 'b']);
  expect(runs).toBe(2);
  await f('a');
  expect(runs).toBe(3);
});
