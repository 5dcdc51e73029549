import { describe, expect, test } from 'vitest';
import {
  dedupeKey,
  duplicateOf,
  REPORT_DEDUPE_MS,
  targetKey,
  type PriorAction,
} from '../../../../src/core/queue/dedupe';
import type { ActionKind } from '../../../../src/core/queue/types';

const T = 1_800_000_000_000;
const t = (acct: string, extra: object = {}) => ({ acct, postIds: [], postUrls: [], accountId: null, ...extra });

describe('the dedupe key', () => {
  test.each([
    ['the same account from two tabs (local ids differ)', t('Spam@Evil.example'), t('@spam@evil.example')],
    [
      'a domain block by domain',
      t('a@evil.example', { domain: 'evil.example' }),
      t('b@evil.example', { domain: 'EVIL.example' }),
    ],
  ])('%s: one key', (_what, a, b) => {
    const kind: ActionKind = 'domain' in a ? 'domain_block' : 'block';
    expect(dedupeKey('m.test', 'alice@m.test', kind, targetKey(kind, a))).toBe(
      dedupeKey('m.test', 'alice@m.test', kind, targetKey(kind, b)),
    );
  });

  test.each([
    ['another kind', ['m.test', 'alice@m.test', 'mute'] as const],
    ['another acting account', ['m.test', 'bob@m.test', 'block'] as const],
    ['another instance', ['k.test', 'alice@m.test', 'block'] as const],
  ])('%s: another key', (_what, [inst, actor, kind]) => {
    const target = targetKey('block', t('spam@evil.example'));
    expect(dedupeKey(inst, actor, kind, target)).not.toBe(dedupeKey('m.test', 'alice@m.test', 'block', target));
  });

  test('notes are one action each', () => {
    expect(targetKey('delete_note', t('x@y', { postIds: ['9abc'] }))).toBe('note:9abc');
  });
});

describe('is it a duplicate?', () => {
  const p = (over: Partial<PriorAction>): PriorAction => ({
    kind: 'block',
    state: 'done',
    batchId: 'b0',
    createdAt: T - 1000,
    doneAt: T - 500,
    ...over,
  });
  test.each([
    ['nothing before', 'block', [], [], null],
    [
      'queued in another batch',
      'block',
      [p({ state: 'pending', doneAt: null, batchId: 'b9' })],
      [],
      'already queued (batch b9)',
    ],
    ['in flight', 'block', [p({ state: 'running', doneAt: null })], [], 'already queued (batch b0)'],
    ['failed before: may be tried again', 'block', [p({ state: 'failed' })], [], null],
    ['cancelled before', 'block', [p({ state: 'cancelled' })], [], null],
    ['done before', 'block', [p({})], [], 'already done'],
    ['done, then undone', 'block', [p({})], [p({ kind: 'unblock', doneAt: T - 100 })], null],
    [
      'undone before it was done again',
      'block',
      [p({ doneAt: T - 50 })],
      [p({ kind: 'unblock', doneAt: T - 100 })],
      'already done',
    ],
    ['a report of today', 'report', [p({ kind: 'report' })], [], 'already done'],
    ['a report of yesterday', 'report', [p({ kind: 'report', doneAt: T - REPORT_DEDUPE_MS - 1 })], [], null],
    ['a mute that ran out', 'mute', [p({ kind: 'mute', doneAt: T - 10_000, durationSeconds: 5 })], [], null],
    ['a mute still on', 'mute', [p({ kind: 'mute', doneAt: T - 10_000, durationSeconds: 3600 })], [], 'already done'],
  ] as const)('%s', (_what, kind, same, inverse, reason) => {
    const r = duplicateOf(kind, same, inverse, T);
    if (reason === null) expect(r).toBeNull();
    else expect(r).toContain(reason);
  });
});
