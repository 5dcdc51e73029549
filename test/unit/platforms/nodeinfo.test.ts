import { describe, expect, test } from 'vitest';
import {
  candidateOrigins,
  normalizeDomain,
  platformOfSoftware,
  probeServer,
  ProbeError,
} from '../../../src/platforms/nodeinfo';

function server(routes: Record<string, unknown | ((url: string) => Response)>) {
  return async (url: string): Promise<Response> => {
    const r = routes[url];
    if (r === undefined) {
      if (url.startsWith('https://down.')) throw new TypeError('Failed to fetch');
      return new Response('<html>not found</html>', { status: 404, headers: { 'content-type': 'text/html' } });
    }
    if (typeof r === 'function') return (r as (u: string) => Response)(url);
    return new Response(JSON.stringify(r), { headers: { 'content-type': 'application/json' } });
  };
}

const index = (origin: string, v = '2.0') => ({
  links: [{ rel: `http://nodeinfo.diaspora.software/ns/schema/${v}`, href: `${origin}/nodeinfo/${v}` }],
});

describe('normalizeDomain', () => {
  test.each([
    ['mastodon.social', 'mastodon.social'],
    ['  Mastodon.Social ', 'mastodon.social'],
    ['https://misskey.io/notes/abc', 'misskey.io'],
    ['@alice@fedi.example.org', 'fedi.example.org'],
    ['mastodon-a.test', 'mastodon-a.test'],
  ])('%s -> %s', (input, out) => expect(normalizeDomain(input)).toBe(out));

  test.each(['', 'localhost', 'not a domain', 'a..b', '.example.org', 'exa mple.org'])('refuses %j', (input) => {
    expect(() => normalizeDomain(input)).toThrow(ProbeError);
  });
});

test('local test domains try http first; real domains only https', () => {
  expect(candidateOrigins('mastodon-a.test')).toEqual(['http://mastodon-a.test', 'https://mastodon-a.test']);
  expect(candidateOrigins('mastodon.social')).toEqual(['https://mastodon.social']);
});

test.each([
  ['mastodon', '4.6.5', 'mastodon'],
  ['Misskey', '2025.7.0', 'misskey'],
  ['sharkey', '2024.11', 'misskey'],
  ['cherrypick', '4.17.0', 'misskey'],
  ['mastodon', '4.3.0+glitch', 'mastodon'],
  ['pleroma', '2.6', null],
  ['lemmy', '0.19', null],
])('platformOfSoftware(%s, %s) = %s', (name, version, platform) => {
  expect(platformOfSoftware(name, version)).toBe(platform);
});

describe('probeServer', () => {
  test('identifies Mastodon from nodeinfo', async () => {
    const o = 'https://m.example';
    const id = await probeServer(
      'm.example',
      server({
        [`${o}/.well-known/nodeinfo`]: index(o),
        [`${o}/nodeinfo/2.0`]: { software: { name: 'mastodon', version: '4.6.5' } },
      }),
    );
    expect(id).toEqual({ origin: o, platform: 'mastodon', software: 'mastodon', version: '4.6.5' });
  });

  test('prefers the newest nodeinfo schema', async () => {
    const o = 'https://k.example';
    const id = await probeServer(
      'k.example',
      server({
        [`${o}/.well-known/nodeinfo`]: { links: [...index(o, '2.0').links, ...index(o, '2.1').links] },
        [`${o}/nodeinfo/2.1`]: { software: { name: 'misskey', version: '2025.7.0' } },
      }),
    );
    expect(id.platform).toBe('misskey');
  });

  test('an unsupported server gets a message naming what it runs', async () => {
    const o = 'https://p.example';
    const err = await probeServer(
      'p.example',
      server({
        [`${o}/.well-known/nodeinfo`]: index(o),
        [`${o}/nodeinfo/2.0`]: { software: { name: 'pleroma', version: '2.6.1' } },
      }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect(err.code).toBe('unsupported');
    expect(err.message).toContain('pleroma 2.6.1');
  });

  test('a web site without nodeinfo is not a fediverse server', async () => {
    const err = await probeServer('blog.example', server({})).catch((e) => e);
    expect(err.code).toBe('not-fediverse');
  });

  test('an unreachable domain says so', async () => {
    const err = await probeServer('down.example', server({})).catch((e) => e);
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('could not be reached');
  });

  test('nodeinfo pointing at another host is refused', async () => {
    const o = 'https://x.example';
    const err = await probeServer(
      'x.example',
      server({
        [`${o}/.well-known/nodeinfo`]: index('https://evil.example'),
      }),
    ).catch((e) => e);
    expect(err.code).toBe('not-fediverse');
  });
});
