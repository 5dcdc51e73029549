/**
 * The web UI's login of a Misskey instance changes when another account logs in there (the page
 * sends its token again): what the queue learned from `i` about the previous login (moderator or
 * not) is not this one's.
 */
import { expect, test } from 'vitest';
import { laneOf } from '../../../src/background/queue/lanes';
import type { InstanceRow, TokenRow } from '../../../src/storage/schema';

const instance = {
  domain: 'misskey-a.test',
  origin: 'http://misskey-a.test',
  platform: 'misskey',
  role: 'user',
  login: { kind: 'page', account: 'admin', accountId: null, checkedAt: 1 },
} as unknown as InstanceRow;
const row = (token: string): TokenRow => ({
  instance: 'misskey-a.test',
  source: 'page',
  token,
  account: 'admin',
  scopes: [],
  createdAt: 1,
  updatedAt: 1,
});

test("facts learned with another login's token are not taken for this one's", () => {
  const aliceFacts = { factor: 1, moderator: false, checkedAt: 1, token: 'aliceToken000000' };
  const adminFacts = { factor: 1, moderator: true, checkedAt: 2, token: 'adminToken000000' };
  expect(laneOf(instance, row('adminToken000000'), adminFacts).moderator).toBe(true);
  // alice logged in after the admin: the admin's facts do not make her lane a moderator's.
  expect(laneOf(instance, row('aliceToken000000'), adminFacts).moderator).toBe(false);
  expect(laneOf(instance, row('aliceToken000000'), aliceFacts).moderator).toBe(false);
  // ... nor alice's facts the admin's lane a user's: the instance's own record counts until `i` is asked.
  expect(laneOf({ ...instance, role: 'admin' }, row('adminToken000000'), aliceFacts).moderator).toBe(true);
  // Facts without a token (older lives) still count.
  expect(laneOf(instance, row('x0000000'), { factor: 1, moderator: true, checkedAt: 1 }).moderator).toBe(true);
});
