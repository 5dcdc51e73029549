import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { guessInstance, LineReader, replay } from '../../../scripts/replay';
import { createEngine } from '../../../src/core/engine';

const FIX = join(__dirname, '..', '..', 'fixtures', 'replay');

test.each([
  ['blank line is skipped silently', '   ', 'skip'],
  ['invalid JSON', '{"id": ', /line 7: not valid JSON/],
  ['not an object', '[1,2]', /line 7: expected a JSON object/],
  ['neither platform', '{"foo": 1}', /line 7: neither a Mastodon status nor a Misskey note/],
  [
    'Mastodon status missing its account username',
    '{"id":"1","content":"x","account":{"id":"2"}}',
    /line 7: status\.account\.username/,
  ],
])('line handling: %s', (_name, line, expected) => {
  const r = new LineReader().read(line, 7);
  if (expected === 'skip') expect(r.ok).toBe('skip');
  else {
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.error).toMatch(expected);
  }
});

test('--platform forces the parser; unknown fields are ignored', () => {
  const line = JSON.stringify({
    id: 'atxl32ap2xq1003l',
    createdAt: '2026-11-24T01:32:07.393Z',
    userId: 'u',
    user: { id: 'atxl29bm2xq10007', username: 'a', host: null },
    text: 'hi',
    whatever: [1],
  });
  expect(new LineReader({ platform: 'misskey', instance: 'm.example' }).read(line, 1)).toMatchObject({
    ok: true,
    post: { key: 'm.example/atxl32ap2xq1003l' },
  });
  expect(new LineReader({ platform: 'mastodon' }).read(line, 1).ok).toBe(false);
});

test('the viewing instance is guessed from a local author', () => {
  expect(guessInstance({ account: { acct: 'alice', url: 'https://m.example/@alice' } }, 'mastodon')).toBe('m.example');
  expect(guessInstance({ account: { acct: 'a@b.example', url: 'https://b.example/@a' } }, 'mastodon')).toBeNull();
  expect(guessInstance({ user: { host: null, avatarUrl: 'http://127.0.0.1:3000/identicon/x' } }, 'misskey')).toBe(
    '127.0.0.1:3000',
  );
});

async function run(file: string, extra: string[] = []) {
  const lines = [...readFileSync(join(FIX, file), 'utf8').split('\n'), ...extra];
  const out: string[] = [];
  const err: string[] = [];
  const summary = await replay(
    lines,
    createEngine(),
    {},
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err, summary };
}

test('Misskey fixtures: the 12 spam notes are one wave, nothing else is flagged; bad lines are skipped', async () => {
  const { out, err, summary } = await run('misskey-2025.7.jsonl', ['not json', '{"x":1}']);
  // 25 notes, the file's final newline (an empty line 26, skipped silently), then the two bad lines.
  expect(err).toEqual([
    expect.stringMatching(/^line 27: not valid JSON/),
    'line 28: neither a Mastodon status nor a Misskey note',
  ]);
  expect(summary).toMatchObject({ posts: 25, skipped: 2, spam: 12, suspicious: 0 });
  expect(summary.waves).toHaveLength(1);
  expect(Object.keys(out[0]!)).toEqual([
    'id',
    'verdict',
    'score',
    'wave',
    'freshAccount',
    'accountAgeHours',
    'reasons',
  ]);
  const spam = out.filter((o) => o.verdict === 'spam');
  expect(
    spam.every((o) => o.wave === summary.waves[0]!.id && (o.reasons as string[])[0]!.includes('near-identical posts')),
  ).toBe(true);
});

test.each(['4.6.5', '4.2.0'])('Mastodon %s fixtures: exactly the 16 spam statuses are flagged', async (version) => {
  const spamIds = JSON.parse(
    readFileSync(
      join(__dirname, '..', '..', 'fixtures', 'captured', 'mastodon', version, 'spam_status_ids.json'),
      'utf8',
    ),
  ).spam_status_ids as string[];
  const { out } = await run(`mastodon-${version}.jsonl`);
  const flagged = out.filter((o) => o.verdict !== 'ok').map((o) => o.id);
  expect(flagged.sort()).toEqual([...spamIds].sort());
});

test('JSONL from a simulated instance: the waves are found, the hard cases pass', async () => {
  const { defaultScenarioOptions, generateScenario } = await import('../../sim/generator/index');
  const { renderNote } = await import('../../sim/misskey/render');
  const scenario = generateScenario(
    defaultScenarioOptions(7, ['mastodon-a.test', 'mastodon-b.test', 'misskey-a.test', 'misskey-b.test']),
  );
  const received = scenario.posts.filter((p) => p.deliveredTo.includes('misskey-a.test'));
  const lines = received.map((p) => JSON.stringify(renderNote(p, scenario, 'misskey-a.test', '2025.7.0')));
  const out: string[] = [];
  const summary = await replay(
    lines,
    createEngine(),
    { instance: 'misskey-a.test' },
    (l) => out.push(l),
    () => {},
  );
  expect(summary.posts).toBe(received.length);
  const byId = out.map((l) => JSON.parse(l) as { verdict: string });
  const spam = received
    .map((p, i) => [p, byId[i]!] as const)
    .filter(([p]) => (p.boostOf ? scenario.posts.find((q) => q.id === p.boostOf)!.label : p.label) === 'spam');
  const legit = received.length - spam.length;
  const flaggedSpam = spam.filter(([, v]) => v.verdict !== 'ok').length;
  const flaggedLegit = byId.filter((v) => v.verdict !== 'ok').length - flaggedSpam;
  expect(flaggedSpam / spam.length).toBeGreaterThanOrEqual(0.97);
  expect(flaggedLegit / legit).toBeLessThanOrEqual(0.005);
  expect(summary.waves.length).toBeGreaterThanOrEqual(3);
});
