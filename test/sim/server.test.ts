import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request } from 'node:http';
import { startSim, DEFAULT_ROSTER } from '.';
import { simRequest } from './client';
import type { Sim } from './types';
import { webTokenFor } from './mastodon/users';

const A = 'mastodon-a.test';
let sim: Sim;
const req = (host: string, method: string, path: string, opts: Parameters<typeof simRequest>[4] = {}) =>
  simRequest(sim.port, host, method, path, opts);
const roster = DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon');

beforeAll(async () => {
  sim = await startSim({ roster, stopAfterMs: 60_000 });
});
afterAll(async () => {
  await sim?.close();
});

describe('faults, applied before the instance', () => {
  test.each([
    ['status500', 500, /Internal Server Error/],
    ['status502', 502, /502 Bad Gateway/],
    ['status503', 503, /503 Service Temporarily Unavailable/],
    ['html-error', 500, /something went wrong/],
    ['malformed-json', 200, /^\{"id":"1",.*"acc$/],
    ['status200-error-body', 200, /"error"/],
  ])('%s', async (kind, status, body) => {
    const r0 = await req(A, 'POST', '/__sim/fault', { json: { kind, host: A, path: '/api/v1/instance', times: 1 } });
    expect(r0.status).toBe(200);
    const r = await req(A, 'GET', '/api/v1/instance');
    expect(r.status).toBe(status);
    expect(r.text).toMatch(body);
    expect((await req(A, 'GET', '/api/v1/instance')).status).toBe(200);
  });

  test('slow delays, drop closes the connection, regex paths and methods match, DELETE clears', async () => {
    sim.addFault({ kind: 'slow', path: '/api/v1/custom_emojis', delayMs: 400, times: 1 });
    const t = Date.now();
    expect((await req(A, 'GET', '/api/v1/custom_emojis')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(380);
    await req(A, 'POST', '/__sim/fault', {
      json: { kind: 'drop', method: 'POST', path: { regex: '^/api/v1/accounts/\\d+/block$' } },
    });
    const tok = webTokenFor(A, 'alice');
    const acc = (await req(A, 'GET', '/api/v1/accounts/lookup?acct=bob')).json<{ id: string }>();
    await expect(req(A, 'POST', `/api/v1/accounts/${acc.id}/block`, { token: tok })).rejects.toThrow();
    expect(sim.state(A).actions.some((a) => a.kind === 'block')).toBe(false);
    expect((await req(A, 'GET', `/api/v1/accounts/${acc.id}`)).status).toBe(200);
    await req(A, 'DELETE', '/__sim/fault');
    expect((await req(A, 'POST', `/api/v1/accounts/${acc.id}/block`, { token: tok })).status).toBe(200);
    expect((await req(A, 'POST', '/__sim/fault', { json: { kind: 'nope' } })).status).toBe(422);
  });
});

describe('control API', () => {
  test('state on any host; deliver by count, by ids, by wave', async () => {
    const st = (await req('127.0.0.1', 'GET', `/__sim/state?instance=${A}`)).json<{
      info: { domain: string };
      actions: unknown[];
      requestCounts: Record<string, number>;
    }>();
    expect(st.info.domain).toBe(A);
    expect(st.requestCounts['GET /api/v1/instance']).toBeGreaterThan(0);
    const one = (await req(A, 'POST', '/__sim/deliver', { json: { instance: A, count: 3 } })).json<{
      results: { domain: string; delivered: string[] }[];
    }>();
    expect(one.results).toEqual([{ domain: A, delivered: expect.any(Array) }]);
    expect(one.results[0]!.delivered).toHaveLength(3);
    const next = (await req(A, 'POST', '/__sim/deliver', { json: { instance: A, count: 1 } })).json<{
      results: { delivered: string[] }[];
    }>();
    expect(one.results[0]!.delivered).not.toContain(next.results[0]!.delivered[0]);
    const all = (await req(A, 'POST', '/__sim/deliver', { json: { wave: 'w-text' } })).json<{
      results: { domain: string; delivered: string[] }[];
    }>();
    expect(all.results.map((r) => r.domain)).toEqual(roster.map((r) => r.domain));
    for (const r of all.results)
      expect(r.delivered.every((id) => sim.scenario.posts.find((p) => p.id === id)!.wave === 'w-text')).toBe(true);
    expect((await req(A, 'POST', '/__sim/deliver', { json: { instance: 'nope.test' } })).status).toBe(404);
  });
});

test('stopAfterMs stops the server by itself, and close() is prompt with a streaming client open', async () => {
  const s = await startSim({ roster, stopAfterMs: 300 });
  const port = s.port;
  await new Promise((r) => setTimeout(r, 600));
  await expect(simRequest(port, A, 'GET', '/api/v1/instance', { timeoutMs: 1000 })).rejects.toThrow();
  const s2 = await startSim({ roster, stopAfterMs: 60_000 });
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(`ws://127.0.0.1:${s2.port}/api/v1/streaming?stream=public`, { headers: { host: A } });
  await new Promise((r) => ws.once('open', r));
  const keepAlive = request({
    host: '127.0.0.1',
    port: s2.port,
    path: '/api/v1/instance',
    headers: { host: A, connection: 'keep-alive' },
  });
  keepAlive.on('error', () => {});
  keepAlive.end();
  const t = Date.now();
  await s2.close();
  expect(Date.now() - t).toBeLessThan(1000);
});

test('live mode streams the instance’s share of the scenario by itself, the wave included', async () => {
  const s = await startSim({ roster, live: { speed: 300 }, stopAfterMs: 30_000 });
  try {
    const before = (s.state(A) as unknown as { delivered: number }).delivered;
    const tok = webTokenFor(A, 'alice');
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/v1/streaming?stream=user&access_token=${tok}`, {
      headers: { host: A },
    });
    const updates: string[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { event: string; payload: string };
      if (m.event === 'update') updates.push((JSON.parse(m.payload) as { content: string }).content);
    });
    await new Promise((r) => ws.once('open', r));
    // 300x: the October-style wave (90 s after the start) arrives within a second of real time.
    await expect
      .poll(() => updates.filter((c) => (c.match(/class="u-url mention"/g) ?? []).length === 10).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    expect((s.state(A) as unknown as { delivered: number }).delivered).toBeGreaterThan(before + 5);
    ws.close();
  } finally {
    await s.close();
  }
});
