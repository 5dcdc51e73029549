import { describe, expect, test } from 'vitest';
import { getToken, putToken, removeToken, tokenSources } from '../../../src/storage/tokens';
import { useFreshDb } from './helpers';

const freshDb = useFreshDb();
const T = 1_732_400_000_000;

describe('tokens', () => {
  test("a token made for Breakwater is preferred to the page's own", async () => {
    const d = freshDb();
    await putToken({ instance: 'a.test', source: 'page', token: 'page-token-123' }, T, d);
    expect((await getToken('a.test', undefined, d))?.token).toBe('page-token-123');
    await putToken(
      { instance: 'a.test', source: 'signin', token: 'oauth-token-456', account: 'mod', scopes: ['admin:write'] },
      T,
      d,
    );
    expect((await getToken('a.test', undefined, d))?.token).toBe('oauth-token-456');
    expect((await getToken('a.test', 'page', d))?.token).toBe('page-token-123');
    expect(await getToken('b.test', undefined, d)).toBeNull();
  });

  test('a new token replaces the old one and keeps what was known about the account', async () => {
    const d = freshDb();
    await putToken(
      { instance: 'a.test', source: 'signin', token: 'one-token-aaaa', account: 'mod', scopes: ['read'] },
      T,
      d,
    );
    await putToken({ instance: 'a.test', source: 'signin', token: 'two-token-bbbb' }, T + 5, d);
    expect(await getToken('a.test', 'signin', d)).toMatchObject({
      token: 'two-token-bbbb',
      account: 'mod',
      scopes: ['read'],
      createdAt: T + 5,
    });
  });

  test('removing one source or all of an instance', async () => {
    const d = freshDb();
    await putToken({ instance: 'a.test', source: 'page', token: 'page-token-123' }, T, d);
    await putToken({ instance: 'a.test', source: 'signin', token: 'oauth-token-456' }, T, d);
    await putToken({ instance: 'b.test', source: 'page', token: 'other-token-789' }, T, d);
    await removeToken('a.test', 'signin', d);
    expect((await getToken('a.test', undefined, d))?.token).toBe('page-token-123');
    await removeToken('a.test', undefined, d);
    expect(await getToken('a.test', undefined, d)).toBeNull();
    expect(await getToken('b.test', undefined, d)).not.toBeNull();
  });

  test('what the UI may list carries no token', async () => {
    const d = freshDb();
    await putToken({ instance: 'a.test', source: 'signin', token: 'oauth-token-456', account: 'mod' }, T, d);
    const listed = await tokenSources('a.test', d);
    expect(listed).toEqual([{ source: 'signin', account: 'mod', scopes: [], updatedAt: T }]);
    expect(JSON.stringify(listed)).not.toContain('oauth-token-456');
  });
});
