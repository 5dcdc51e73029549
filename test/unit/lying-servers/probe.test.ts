/**
 * Instance probing (nodeinfo, when the user adds an instance) against servers that lie
 * (./liar.ts). Each lie ends as a ProbeError whose message says what the server did; a redirect to
 * another host is not followed (nothing is asked of a host the user did not type).
 */
import { describe, expect, test } from 'vitest';
import { ProbeError, probeServer } from '../../../src/platforms/nodeinfo';
import { nodeFetch, useLiar, type LieName } from './liar';

const liar = useLiar();

/** The probe asks `http://<domain>` for `.test` names: send those to the liar's port. */
const toLiar: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  return nodeFetch(`${liar.origin}${url.pathname}${url.search}`, init);
};

async function probeError(timeoutMs = 1_000): Promise<ProbeError> {
  const e = await probeServer('liar.test', toLiar, timeoutMs).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProbeError);
  return e as ProbeError;
}

const index = (_q: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: '/nodeinfo/2.0' }] }),
  );
};

describe('the nodeinfo index lies', () => {
  test.each<[LieName, ProbeError['code'], RegExp]>([
    ['wrongShape', 'not-fediverse', /not with a nodeinfo index/],
    ['html200', 'not-fediverse', /has no nodeinfo/],
    ['errorBody200', 'not-fediverse', /not with a nodeinfo index/],
    ['redirect', 'not-fediverse', /redirects elsewhere \(to http:\/\/localhost:\d+\): add the domain/],
    ['slow', 'unreachable', /could not be reached \(no answer within 1 s\)/],
    ['slowBody', 'unreachable', /could not be reached \(the answer did not finish within 1 s\)/],
    ['empty', 'not-fediverse', /has no nodeinfo/],
    ['truncated', 'unreachable', /could not be reached \(the answer was cut off/],
    ['cutJson', 'not-fediverse', /has no nodeinfo/],
    ['tooMany', 'not-fediverse', /HTTP 429/],
    ['huge', 'not-fediverse', /answered, but the answer is larger than 256 KB; not read/],
  ])('%s', async (lie, code, message) => {
    liar.lie(lie);
    const e = await probeError();
    expect(e.message).toMatch(message);
    expect(e.code).toBe(code);
    expect(liar.otherSeen).toEqual([]);
  });
});

describe('the nodeinfo document lies', () => {
  test.each<[LieName, ProbeError['code'], RegExp]>([
    ['wrongShape', 'unsupported', /runs unknown software/],
    ['html200', 'unreachable', /nodeinfo could not be read/],
    ['errorBody200', 'unsupported', /runs unknown software/],
    ['redirect', 'not-fediverse', /redirects elsewhere/],
    ['slow', 'unreachable', /nodeinfo could not be read: no answer within 1 s/],
    ['huge', 'not-fediverse', /the answer is larger than 256 KB; not read/],
  ])('%s', async (lie, code, message) => {
    liar.route([['/.well-known/nodeinfo', index]], lie);
    const e = await probeError();
    expect(e.message).toMatch(message);
    expect(e.code).toBe(code);
    expect(liar.otherSeen).toEqual([]);
  });
});
