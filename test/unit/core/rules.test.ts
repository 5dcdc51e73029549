import { describe, expect, test } from 'vitest';
import { compileRules, isAllowed, matchRules } from '../../../src/core/rules/compile';
import { exportRules, parseRules, validateRules } from '../../../src/core/rules/validate';
import { RULES_FORMAT, RULES_VERSION, type RuleSet } from '../../../src/core/rules/types';
import { toLink } from '../../../src/core/text/urls';
import { author, post } from './helpers';

const base = { format: RULES_FORMAT, version: RULES_VERSION } as const;

describe('validation', () => {
  test('a complete rule set is valid', () => {
    const r = validateRules({
      ...base,
      name: 'Feb 2024 wave',
      keywords: ['荒らし共栄圏', { text: 'ctkpaarr', weight: 0.95, in: 'links', label: 'wave link' }],
      patterns: [{ regex: 'discord\\.gg/\\w+', flags: 'i', weight: 0.5 }],
      linkDomains: ['xn--68j5e377y.com', { domain: 'yip.su', weight: 0.8 }],
      instanceDomains: ['spam.example'],
      usernamePatterns: [{ regex: '^[a-z0-9]{10}$', weight: 0.2 }],
      signals: { mentions: { threshold: 3, weight: 0.4 }, language: { enabled: false } },
      thresholds: { suspicious: 0.5, spam: 0.85 },
      wave: { minAccounts: 4, youngDays: 30 },
      allow: { accounts: ['eks4lebwur@super-gay.co'], domains: ['example.org'], instances: ['mastodon.social'] },
      overrides: { 'misskey.example': { signals: { mentions: { threshold: 5 } } } },
    });
    expect(r).toMatchObject({ ok: true });
  });

  test.each([
    ['not an object', [], /JSON object/],
    ['wrong format', { format: 'x', version: 1 }, /format: expected "breakwater-rules"/],
    ['newer version', { ...base, version: 2 }, /newer than this Breakwater/],
    ['dangerous regex', { ...base, patterns: [{ regex: '(a+)+' }] }, /patterns\[0\]\.regex: nested quantifier/],
    [
      'bad weight',
      { ...base, keywords: [{ text: 'x', weight: 2 }] },
      /keywords\[0\]: weight must be a number from 0 to 1/,
    ],
    ['unknown signal', { ...base, signals: { telepathy: {} } }, /signals\.telepathy: unknown signal/],
    ['bad threshold', { ...base, signals: { mentions: { threshold: -1 } } }, /signals\.mentions\.threshold/],
    ['bad domain', { ...base, linkDomains: ['not a domain'] }, /linkDomains\[0\]/],
    ['bad allow account', { ...base, allow: { accounts: ['nohost'] } }, /allow\.accounts\[0\]: expected "user@host"/],
    ['thresholds inverted', { ...base, thresholds: { suspicious: 0.9, spam: 0.5 } }, /suspicious must not exceed spam/],
    [
      'bad override',
      { ...base, overrides: { 'x.example': { patterns: [{ regex: '.*.*' }] } } },
      /overrides\.x\.example\.patterns\[0\]\.regex/,
    ],
    ['unknown "in"', { ...base, keywords: [{ text: 'x', in: 'everywhere' }] }, /"in" must be one of/],
    ['a typo in a field name', { ...base, keyowrds: ['x'] }, /keyowrds: unknown field/],
    [
      'format fields inside an override',
      { ...base, overrides: { 'x.example': { version: 1 } } },
      /overrides\.x\.example\.version: unknown field/,
    ],
  ])('%s', (_name, input, message) => {
    const r = validateRules(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });

  test('parse reports JSON errors; export round-trips', () => {
    expect(parseRules('{').ok).toBe(false);
    const rules: RuleSet = { ...base, keywords: ['x'] };
    const r = parseRules(exportRules(rules));
    expect(r).toEqual({ ok: true, rules });
  });
});

describe('matching', () => {
  const rules = compileRules({
    ...base,
    keywords: ['荒らし共栄圏'],
    patterns: [{ regex: 'discord\\.gg/\\w+', weight: 0.6, in: 'text' }],
    linkDomains: ['荒らし.com'],
    instanceDomains: [{ domain: 'spam.example', weight: 0.4 }],
    usernamePatterns: [{ regex: '^[a-z]{10}$' }],
    allow: { accounts: ['alice@mastodon.example'], instances: ['trusted.example'] },
    overrides: { 'other.example': { keywords: ['onlythere'] } },
  });

  test.each([
    ['keyword through zero-width and full-width tricks', post({ text: '荒らし\u200b共栄圏' }), 'rule.keyword'],
    ['pattern', post({ text: 'join discord.gg/abc' }), 'rule.pattern'],
    ['punycode link domain', post({ links: [toLink('https://xn--68j5e377y.com/')!] }), 'rule.linkDomain'],
    ['subdomain of an instance', post({ author: author({ username: 'x', host: 'a.spam.example' }) }), 'rule.instance'],
    ['username pattern', post({ author: author({ username: 'jzpwtaxbeq' }) }), 'rule.username'],
  ])('%s', (_name, p, code) => {
    expect(matchRules(rules, p).map((r) => r.code)).toContain(code);
  });

  test('legitimate posts match nothing', () => {
    expect(
      matchRules(rules, post({ author: author({ username: 'bob' }), text: 'See you at the discord meetup' })),
    ).toEqual([]);
  });

  test('allow-lists', () => {
    expect(isAllowed(rules, post())).toBe('account alice@mastodon.example');
    expect(isAllowed(rules, post({ author: author({ username: 'z', host: 'trusted.example' }) }))).toBe(
      'instance trusted.example',
    );
    expect(isAllowed(rules, post({ author: author({ username: 'z' }) }))).toBeNull();
  });

  test('per-instance overrides add to the base rules there only', () => {
    const there = compileRules(
      {
        ...base,
        keywords: ['base'],
        overrides: { 'other.example': { keywords: ['onlythere'], thresholds: { spam: 0.8 } } },
      },
      'other.example',
    );
    expect(there.keywords.map((k) => k.text)).toEqual(['base', 'onlythere']);
    expect(there.spam).toBe(0.8);
    const here = compileRules(
      { ...base, keywords: ['base'], overrides: { 'other.example': { keywords: ['onlythere'] } } },
      'mastodon.example',
    );
    expect(here.keywords.map((k) => k.text)).toEqual(['base']);
  });
});
