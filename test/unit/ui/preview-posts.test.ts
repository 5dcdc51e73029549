import { expect, test } from 'vitest';
import { createEngine } from '../../../src/core/engine';
import { previewRules } from '../../../src/core/rules/preview';
import { RULES_FORMAT, RULES_VERSION } from '../../../src/core/rules/types';
import { mergeAuthors } from '../../../src/storage/authors';
import { postRow } from '../../../src/storage/posts';
import { previewInput } from '../../../src/ui/options/rules/preview-posts';
import { author, post } from '../storage/helpers';

const base = { format: RULES_FORMAT, version: RULES_VERSION } as const;

test('unflagged posts are rebuilt from their stored row and author, enough for text, link and domain rules', () => {
  const p = post('1', 'Join the giveaway at https://claim.example/now today', {
    author: author('bob', 'remote.example', { displayName: 'Bob B' }),
  });
  const verdict = createEngine().ingest([p]).verdicts[0]!;
  expect(verdict.verdict).toBe('ok');
  const row = postRow(p, verdict, 1000, 2000);
  expect(row.post).toBeNull();
  const input = previewInput(row, mergeAuthors([{ post: p, verdict }], new Map(), 1000, 2000)[0]);
  expect(input.post).toMatchObject({
    key: p.key,
    text: p.text,
    author: { key: 'bob@remote.example', username: 'bob', host: 'remote.example', displayName: 'Bob B' },
    links: [{ host: 'claim.example' }],
  });
  for (const rules of [
    { ...base, keywords: ['giveaway'] },
    { ...base, linkDomains: ['claim.example'] },
    { ...base, instanceDomains: [{ domain: 'remote.example', weight: 0.9 }] },
    { ...base, usernamePatterns: [{ regex: '^bob$', weight: 0.95 }] },
    { ...base, keywords: [{ text: 'bob b', in: 'name' as const }] },
  ]) {
    expect([rules, previewRules(base, rules, [input])[0]!.after]).toEqual([rules, 'spam']);
  }
});

test('a flagged post keeps the whole post', () => {
  const p = post('2', 'x', {});
  const verdict = { ...createEngine().ingest([p]).verdicts[0]!, verdict: 'spam' as const };
  expect(previewInput(postRow(p, verdict, 1, 2), undefined).post).toEqual(p);
});
