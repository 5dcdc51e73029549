import { describe, expect, test } from 'vitest';
import { RULES_FORMAT, RULES_VERSION, type RuleSet } from '../../../src/core/rules/types';
import { validateRules } from '../../../src/core/rules/validate';
import { checkDraft, compact, errorsAt, summarize, toDraft } from '../../../src/ui/options/rules/draft';

const base = { format: RULES_FORMAT, version: RULES_VERSION } as const;

describe('the rule editor draft', () => {
  const file: RuleSet = {
    ...base,
    name: 'Feb wave',
    keywords: ['荒らし共栄圏', { text: 'ctkpaarr', in: 'links', weight: 0.95, label: 'wave link' }],
    patterns: [{ regex: 'discord\\.gg/\\w+', flags: 'i', weight: 0.5 }],
    linkDomains: ['yip.su', { domain: 'x.example', weight: 0.8 }],
    instanceDomains: ['spam.example'],
    usernamePatterns: [{ regex: '^[a-z0-9]{10}$', weight: 0.2 }],
    signals: { mentions: { threshold: 3 }, language: { enabled: false } },
    thresholds: { spam: 0.85 },
    wave: { minAccounts: 4 },
    allow: { accounts: ['a@b.example'], instances: ['mastodon.social'] },
    overrides: { 'misskey.example': { signals: { mentions: { threshold: 5 } } } },
  };

  test('a rule file survives the round trip through the editor unchanged', () => {
    const d = toDraft(file);
    expect(d.keywords).toEqual([
      { text: '荒らし共栄圏' },
      { text: 'ctkpaarr', in: 'links', weight: 0.95, label: 'wave link' },
    ]);
    expect(d.linkDomains[0]).toEqual({ domain: 'yip.su' });
    expect(compact(d)).toEqual(file);
    expect(checkDraft(d)).toEqual({ ok: true, rules: file });
  });

  test('empty entries, empty sections, blank allow-list lines and default fields are dropped on save', () => {
    const d = toDraft({ ...base, name: '  Mine  ' });
    d.keywords.push({ text: '' }, { text: ' spam ', in: 'post', label: '' });
    d.patterns.push({ regex: '' });
    d.allow = { accounts: ['', 'x@y.example', 'x@y.example', '  '], domains: [] };
    d.thresholds = { spam: undefined };
    d.signals = { avatar: { weight: undefined } };
    expect(compact(d)).toEqual({ ...base, name: 'Mine', keywords: ['spam'], allow: { accounts: ['x@y.example'] } });
  });

  test('errors are reported at the entry they are about', () => {
    const d = toDraft(base);
    d.keywords.push({ text: 'fine' }, { text: '', weight: 0.5 });
    d.patterns.push({ regex: 'ok' }, { regex: '(a+)+' }, { regex: '' });
    d.linkDomains.push({ domain: 'not a domain' });
    d.thresholds = { suspicious: 0.95, spam: 0.9 };
    const r = checkDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(errorsAt(r.errors, 'keywords[1]')).toEqual(['text is empty']);
    expect(errorsAt(r.errors, 'keywords[0]')).toEqual([]);
    expect(errorsAt(r.errors, 'patterns[1]')[0]).toMatch(/nested quantifier/);
    expect(errorsAt(r.errors, 'patterns[2]')).toEqual([]);
    expect(errorsAt(r.errors, 'linkDomains[0]')[0]).toMatch(/expected a domain/);
    expect(errorsAt(r.errors, 'thresholds')).toEqual(['suspicious must not exceed spam']);
  });

  test('whatever the editor saves, the engine accepts', () => {
    const d = toDraft(file);
    d.keywords.push({ text: 'new', weight: 0.6 });
    const r = checkDraft(d);
    expect(r.ok && validateRules(r.rules).ok).toBe(true);
  });

  test('a foreign stored value opens as an empty rule set', () => {
    expect(compact(toDraft('garbage'))).toEqual(base);
    expect(compact(toDraft(null))).toEqual(base);
  });

  test('summary counts', () => {
    expect(summarize(file)).toEqual({
      keywords: 2,
      patterns: 1,
      domains: 3,
      usernames: 1,
      allow: 2,
      settings: 4,
      overrides: 1,
    });
  });
});
