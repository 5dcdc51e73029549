import { describe, expect, test } from 'vitest';
import { createEngine } from '../../../src/core/engine';
import type { Post } from '../../../src/core/model';
import type { PreviewInput } from '../../../src/core/rules/preview';
import { rejudgeVerdicts } from '../../../src/core/rules/rejudge';
import { RULES_FORMAT, RULES_VERSION, type RuleSet } from '../../../src/core/rules/types';
import { author, post, spammer, T0 } from './helpers';

const base = { format: RULES_FORMAT, version: RULES_VERSION } as const;

function timeline(): Post[] {
  const posts: Post[] = [];
  let t = T0;
  const add = (over: Partial<Post>) => posts.push(post({ createdAt: (t += 60_000), ...over }));
  add({ text: 'Morning walk by the river, the herons are back.' });
  add({ text: 'Free crypto giveaway, claim now' });
  add({ author: author({ username: 'bob', host: 'spam.example' }), text: 'hello from my server' });
  add({ author: spammer('qzxvbnmlkj'), text: 'hi' });
  return posts;
}

const judged = (rules: RuleSet, posts: Post[]): PreviewInput[] => {
  const { verdicts } = createEngine({ rules }).ingest(posts);
  return posts.map((p, i) => ({ post: p, verdict: verdicts[i]! }));
};

describe('posts on screen judged again after a rule change', () => {
  const cases: [string, RuleSet, RuleSet][] = [
    ['a keyword added', base, { ...base, keywords: ['free crypto'] }],
    ['a keyword removed', { ...base, keywords: ['free crypto'] }, base],
    ['an instance domain', base, { ...base, instanceDomains: [{ domain: 'spam.example', weight: 0.9 }] }],
    [
      'an allow-listed instance',
      { ...base, keywords: ['free'] },
      { ...base, keywords: ['free'], allow: { instances: ['mastodon.example'] } },
    ],
  ];
  test.each(cases)(
    '%s: the changed posts get the label a fresh engine with the new rules gives',
    (_n, current, next) => {
      const posts = timeline();
      const before = judged(current, posts);
      const fresh = judged(next, posts);
      const changed = rejudgeVerdicts(current, next, before);
      expect(changed.length).toBeGreaterThan(0);
      for (const v of changed) {
        const i = posts.findIndex((p) => p.key === v.postKey);
        expect(v.verdict, v.postKey).toBe(fresh[i]!.verdict.verdict);
        expect(v.verdict).not.toBe(before[i]!.verdict.verdict);
      }
      // Every post whose label differs under the new rules is in the list.
      const differ = posts.filter((_, i) => fresh[i]!.verdict.verdict !== before[i]!.verdict.verdict).map((p) => p.key);
      expect(changed.map((v) => v.postKey).sort()).toEqual(differ.sort());
    },
  );

  test("the new verdict carries the new rules' reasons and drops the old ones, keeping the signals'", () => {
    const posts = timeline();
    const current: RuleSet = { ...base, keywords: [{ text: 'herons', weight: 0.4 }] };
    const next: RuleSet = { ...base, keywords: ['free crypto'] };
    const [v] = rejudgeVerdicts(current, next, judged(current, posts)).filter((x) => x.postKey === posts[1]!.key);
    expect(v!.verdict).toBe('spam');
    expect(v!.reasons.some((r) => r.signal === 'rule' && /free crypto/i.test(r.text))).toBe(true);
    const cleared = rejudgeVerdicts(next, base, judged(next, posts));
    expect(cleared.map((x) => x.postKey)).toEqual([posts[1]!.key]);
    expect(cleared[0]!.verdict).toBe('ok');
    expect(cleared[0]!.reasons.some((r) => r.signal === 'rule')).toBe(false);
    expect(cleared[0]!.wave).toBeNull();
  });

  test('nothing changes when the rules do not', () => {
    const posts = timeline();
    const rules: RuleSet = { ...base, keywords: ['free crypto'] };
    expect(rejudgeVerdicts(rules, rules, judged(rules, posts))).toEqual([]);
  });
});
