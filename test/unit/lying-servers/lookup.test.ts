/**
 * The content script's fallback lookups (src/content/lookup.ts sends `fetch(req.url, req.init)`
 * with the request the platform builds) carry the web UI's token: Mastodon's in the Authorization
 * header, Misskey's in the JSON body. A redirect to another host must not take it along; a 307
 * or 308 would send the same body there.
 */
import { afterEach, expect, test } from 'vitest';
import { mastodonLookupRequests } from '../../../src/platforms/mastodon/observe';
import { misskeyLookupRequests } from '../../../src/platforms/misskey/observe';
import type { PageSession } from '../../../src/platforms/types';
import { leaks, nodeFetch, useLiar, type LieName } from './liar';

const TOKEN = 'liar-test-token-0123456789';
const liar = useLiar();
afterEach(() => {
  expect(leaks(liar, TOKEN)).toEqual([]);
});

const session = (version: string) =>
  ({ token: TOKEN, accountId: '1', username: 'alice', domain: 'liar.test', version }) as unknown as PageSession;

test.each<[LieName]>([['redirect'], ['redirect307']])(
  'Mastodon and Misskey lookups, %s to another host: refused, the token stays',
  async (lie) => {
    liar.lie(lie);
    const reqs = [
      ...mastodonLookupRequests(['1', '2'], session('4.6.5'), liar.origin),
      ...misskeyLookupRequests(['9xyz0000ab'], session('2025.7.0'), liar.origin),
    ];
    expect(reqs).toHaveLength(2);
    for (const r of reqs) {
      const res = await nodeFetch(r.url, r.init).then(
        (x) => x.status,
        () => 'refused',
      );
      expect(res).not.toBe(200);
    }
    expect(liar.seen).toHaveLength(2);
    expect(liar.otherSeen).toEqual([]);
  },
);
