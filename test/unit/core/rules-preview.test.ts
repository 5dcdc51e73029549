import { describe, expect, test } from 'vitest';
import { createEngine } from '../../../src/core/engine';
import type { Post } from '../../../src/core/model';
import { attributeHits } from '../../../src/core/rules/attribution';
import { mergeRuleSets, withInstanceTuning } from '../../../src/core/rules/merge';
import { matchesOf, previewRules, summarizePreview, type PreviewInput } from '../../../src/core/rules/preview';
import { RULES_FORMAT, RULES_VERSION, type RuleSet } from '../../../src/core/rules/types';
import { validateRules } from '../../../src/core/rules/validate';
import { toLink } from '../../../src/core/text/urls';
import { author, HOUR, post, spammer, T0 } from './helpers';

const base = { format: RULES_FORMAT, version: RULES_VERSION } as const;

/** A small timeline: ordinary posts, a giveaway link, a bare fresh account, one instance's accounts. */
function timeline(): Post[] {
  const posts: Post[] = [];
  let t = T0;
  const add = (over: Partial<Post>) => posts.push(post({ createdAt: (t += 60_000), ...over }));
  add({ text: 'Morning walk by the river, the herons are back.' });
  add({ text: 'New blog post about sourdough starters' });
  add({
    text: 'Free crypto giveaway, claim now at https://claim-prize.example/x',
    links: [toLink('https://claim-prize.example/x')!],
  });
  add({ text: 'Free tickets for the local jazz night, ask me!' });
  add({ author: author({ username: 'bob', host: 'spam.example' }), text: 'hello from my server' });
  add({ author: spammer('qzxvbnmlkj'), text: 'hi' });
  add({ instance: 'other.example', text: 'Free crypto for everyone at the meetup' });
  return posts;
}

function judged(rules: RuleSet, posts: Post[]): PreviewInput[] {
  const engine = createEngine({ rules });
  const { verdicts } = engine.ingest(posts);
  return posts.map((p, i) => ({ post: p, verdict: verdicts[i]! }));
}

describe('previewRules agrees with the engine', () => {
  const cases: [string, RuleSet, RuleSet][] = [
    ['a keyword added', base, { ...base, keywords: ['free crypto'] }],
    ['a keyword removed', { ...base, keywords: ['free crypto'] }, base],
    ['a weak keyword makes posts suspicious', base, { ...base, keywords: [{ text: 'free', weight: 0.6 }] }],
    ['a link domain', base, { ...base, linkDomains: ['claim-prize.example'] }],
    ['an instance domain', base, { ...base, instanceDomains: [{ domain: 'spam.example', weight: 0.9 }] }],
    ['a username pattern', base, { ...base, usernamePatterns: [{ regex: '^[a-z]{10}$', weight: 0.9 }] }],
    [
      'an allow-listed instance clears',
      { ...base, keywords: ['free'] },
      { ...base, keywords: ['free'], allow: { instances: ['mastodon.example'] } },
    ],
    [
      'a lower spam threshold',
      { ...base, keywords: [{ text: 'free', weight: 0.7 }] },
      { ...base, keywords: [{ text: 'free', weight: 0.7 }], thresholds: { spam: 0.65, suspicious: 0.5 } },
    ],
    ['a per-instance override', base, { ...base, overrides: { 'other.example': { keywords: ['free crypto'] } } }],
  ];
  test.each(cases)('%s', (_name, current, next) => {
    expect(validateRules(current).ok && validateRules(next).ok).toBe(true);
    const posts = timeline();
    const before = judged(current, posts);
    const truth = judged(
      next,
      timeline().map((p, i) => ({ ...p, key: posts[i]!.key, id: posts[i]!.id })),
    );
    const outcomes = previewRules(current, next, before);
    expect(outcomes.map((o) => o.after)).toEqual(truth.map((x) => x.verdict.verdict));
    // Something changed in every case: the test would pass trivially otherwise.
    expect(outcomes.some((o) => o.after !== o.before)).toBe(true);
  });

  test('nothing changes when the rules do not', () => {
    const rules: RuleSet = { ...base, keywords: ['free'], signals: { avatar: { weight: 0.3 } } };
    const outcomes = previewRules(rules, rules, judged(rules, timeline()));
    expect(outcomes.every((o) => o.after === o.before)).toBe(true);
  });

  test('a wave stays spam unless allow-listed', () => {
    const p = post({ text: 'wave post' });
    const item: PreviewInput = {
      post: p,
      verdict: {
        postKey: p.key,
        verdict: 'spam',
        score: 0.95,
        wave: 'w-1',
        freshAccount: true,
        accountAgeHours: 1,
        reasons: [{ signal: 'wave', code: 'wave.nearDuplicates', params: {}, text: '', weight: 0.95 }],
      },
    };
    expect(previewRules(base, { ...base, thresholds: { spam: 1, suspicious: 1 } }, [item])[0]!.after).toBe('spam');
    const cleared = previewRules(base, { ...base, allow: { accounts: [p.author.key] } }, [item])[0]!;
    expect(cleared).toMatchObject({ after: 'ok', allowed: `account ${p.author.key}` });
  });

  test('summary: flagged, cleared, and matched by the edited rule only', () => {
    const current: RuleSet = { ...base, keywords: ['jazz'] };
    const next: RuleSet = { ...base, keywords: ['free crypto'] };
    const items = judged(current, timeline());
    const own = matchesOf({ ...base, keywords: ['free crypto'] }, items);
    const s = summarizePreview(previewRules(current, next, items), (o) => own.has(o.postKey));
    expect(s.flagged.map((o) => items.find((i) => i.post.key === o.postKey)!.post.text)).toEqual([
      'Free crypto giveaway, claim now at https://claim-prize.example/x',
      'Free crypto for everyone at the meetup',
    ]);
    expect(s.cleared.map((o) => items.find((i) => i.post.key === o.postKey)!.post.text)).toEqual([
      'Free tickets for the local jazz night, ask me!',
    ]);
    expect(s.matched).toHaveLength(2);
  });
});

describe('merge and per-instance tuning', () => {
  test('lists are joined, local settings win', () => {
    const merged = mergeRuleSets([
      { source: 'sub1', enabled: true, rule: { ...base, keywords: ['a'], thresholds: { spam: 0.8 } } },
      { source: 'local', enabled: true, rule: { ...base, keywords: ['b'], thresholds: { spam: 0.95 } } },
      { source: 'local', enabled: false, rule: { ...base, keywords: ['c'] } },
    ]);
    expect(merged.keywords).toEqual(['b', 'a']);
    expect(merged.thresholds).toEqual({ spam: 0.95 });
  });

  test('instance tuning becomes that instance override and stays valid', () => {
    const rules = withInstanceTuning({ ...base, overrides: { 'a.example': { keywords: ['x'] } } }, [
      {
        domain: 'a.example',
        thresholds: { mentions: 5, spam: 0.8, suspicious: 0.9, bogus: 3 },
        disabledSignals: ['language', 'nope'],
      },
      { domain: 'b.example' },
    ]);
    expect(rules.overrides).toEqual({
      'a.example': {
        keywords: ['x'],
        signals: { mentions: { threshold: 5 }, language: { enabled: false } },
        thresholds: { spam: 0.8, suspicious: 0.8 },
      },
    });
    expect(validateRules(rules).ok).toBe(true);
  });

  test('the engine applies the tuning on that instance only', () => {
    const tuned = withInstanceTuning({ ...base, keywords: [{ text: 'free', weight: 0.7 }] }, [
      { domain: 'other.example', thresholds: { spam: 0.65, suspicious: 0.5 } },
    ]);
    const posts = timeline();
    const engine = createEngine({ rules: tuned });
    const v = engine.ingest(posts).verdicts;
    const labelOf = (text: string) => v[posts.findIndex((p) => p.text === text)]!.verdict;
    expect(labelOf('Free crypto for everyone at the meetup')).toBe('spam');
    expect(labelOf('Free tickets for the local jazz night, ask me!')).toBe('suspicious');
  });
});

describe('rule hit attribution', () => {
  test('each row is counted once per verdict its entries fired on', () => {
    const rows = [
      { id: 'kw', enabled: true, rule: { ...base, keywords: ['free crypto', 'giveaway'] } },
      { id: 'dom', enabled: true, rule: { ...base, linkDomains: ['claim-prize.example'] } },
      { id: 'inst', enabled: true, rule: { ...base, instanceDomains: ['spam.example'] } },
      { id: 'off', enabled: false, rule: { ...base, keywords: ['free crypto'] } },
      { id: 'ovr', enabled: true, rule: { ...base, overrides: { 'other.example': { keywords: ['meetup'] } } } },
    ];
    const posts = timeline();
    const engine = createEngine({ rules: mergeRuleSets(rows.map((r) => ({ ...r, source: 'local' }))) });
    const { verdicts } = engine.ingest(posts);
    expect(Object.fromEntries(attributeHits(verdicts, rows))).toEqual({ kw: 2, dom: 1, inst: 1, ovr: 1 });
  });

  test('verdicts without rule reasons count nothing', () => {
    const v = createEngine().ingest([post({ createdAt: T0 + HOUR })]).verdicts;
    expect(attributeHits(v, [{ id: 'x', enabled: true, rule: { ...base, keywords: ['morning'] } }]).size).toBe(0);
  });
});
