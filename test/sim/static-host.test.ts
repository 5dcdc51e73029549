import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSim, DEFAULT_ROSTER } from '.';
import { simRequest } from './client';
import type { Sim } from './types';

/** `lists.test`: the static host where tests publish shared rule lists (PUT /__sim/static). */
let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'), stopAfterMs: 60_000 });
});
afterAll(async () => {
  await sim?.close();
});

test('files put on lists.test are served with their type, status and etag; others are 404', async () => {
  const put = await simRequest(sim.port, 'lists.test', 'PUT', '/__sim/static', {
    json: { path: '/l.json', body: '{"a":1}', etag: '"v1"' },
  });
  expect(put.status).toBe(200);
  const got = await simRequest(sim.port, 'lists.test', 'GET', '/l.json');
  expect(got.status).toBe(200);
  expect(got.text).toBe('{"a":1}');
  expect(got.headers['etag']).toBe('"v1"');
  expect(got.headers['content-type']).toMatch(/application\/json/);
  const again = await simRequest(sim.port, 'lists.test', 'GET', '/l.json', { headers: { 'if-none-match': '"v1"' } });
  expect(again.status).toBe(304);
  expect((await simRequest(sim.port, 'lists.test', 'GET', '/nope.json')).status).toBe(404);
  // The instances are untouched: the static host is a host of its own.
  expect((await simRequest(sim.port, 'mastodon-a.test', 'GET', '/l.json')).status).toBe(404);
  expect((await simRequest(sim.port, 'lists.test', 'PUT', '/__sim/static', { json: { path: 1 } })).status).toBe(422);
});
