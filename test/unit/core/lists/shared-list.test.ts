import { describe, expect, test } from 'vitest';
import { countEntries, diffRuleSets, readSharedList } from '../../../../src/core/lists/shared-list';
import { RULES_FORMAT, RULES_VERSION, type RuleSet } from '../../../../src/core/rules/types';

const base = { format: RULES_FORMAT, version: RULES_VERSION } as const;

describe('readSharedList', () => {
  test('a rule file', () => {
    const r = readSharedList(JSON.stringify({ ...base, name: 'L', keywords: ['x'] }), 'fallback');
    expect(r).toMatchObject({ ok: true, kind: 'rules', rules: { name: 'L' } });
  });
  test('a domain-block CSV', () => {
    const r = readSharedList('#domain,#severity\nspam.example,suspend\n', 'From example.org');
    expect(r).toMatchObject({ ok: true, kind: 'csv', rules: { name: 'From example.org' } });
  });
  test.each([
    ['cut-off JSON', '{"format":"breakwater-rules","version":1,"keywords":["a"', /not valid JSON/],
    [
      'a rule file with a dangerous regex',
      JSON.stringify({ ...base, patterns: [{ regex: '(a+)+$' }] }),
      /nested quantifier/,
    ],
    ['a web page', '<!doctype html><title>404</title>', /web page/],
    ['a newer format', JSON.stringify({ ...base, version: 9 }), /newer than this Breakwater/],
    ['too large', `{${' '.repeat(2_000_001)}}`, /at most/],
  ])('refused: %s', (_n, text, message) => {
    const r = readSharedList(text, 'x');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });
});

describe('diffRuleSets', () => {
  test('entries added, removed, re-weighted; settings changed; overrides', () => {
    const a: RuleSet = {
      ...base,
      keywords: ['keep', 'gone', { text: 'weigh', weight: 0.5 }],
      linkDomains: ['a.example'],
      thresholds: { spam: 0.9 },
      allow: { accounts: ['x@y.example'] },
    };
    const b: RuleSet = {
      ...base,
      keywords: ['keep', { text: 'weigh', weight: 0.8 }, 'new'],
      patterns: [{ regex: 'b+c', flags: 'i' }],
      linkDomains: ['a.example'],
      thresholds: { spam: 0.8 },
      overrides: { 'm.example': { instanceDomains: ['z.example'] } },
    };
    expect(diffRuleSets(a, b)).toEqual([
      { change: 'changed', field: 'keywords', value: 'weigh' },
      { change: 'added', field: 'keywords', value: 'new' },
      { change: 'removed', field: 'keywords', value: 'gone' },
      { change: 'added', field: 'patterns', value: '/b+c/i' },
      { change: 'removed', field: 'allow.accounts', value: 'x@y.example' },
      { change: 'changed', field: 'thresholds.spam', value: '0.9 → 0.8' },
      { change: 'added', field: 'overrides.m.example.instanceDomains', value: 'z.example' },
    ]);
    expect(diffRuleSets(b, b)).toEqual([]);
    expect(countEntries(b)).toBe(5);
  });
  test('a first download lists everything as added', () => {
    expect(diffRuleSets(null, { ...base, keywords: ['a'] })).toEqual([
      { change: 'added', field: 'keywords', value: 'a' },
    ]);
  });
});
