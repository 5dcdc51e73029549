import { describe, expect, test } from 'vitest';
import { defaultScenarioOptions, generateScenario } from '../generator';
import { fixtureStatuses, haveFixtures, keysOf, keyVariants } from '../fixture-keys';
import { snowflakeTime } from './ids';
import { accountIdFor, renderAccount, renderStatus, statusIdFor } from './render';

const INSTANCES = ['mastodon-a.test', 'mastodon-b.test', 'misskey-a.test', 'misskey-b.test'];
const scenario = generateScenario(defaultScenarioOptions(1, INSTANCES));
const find = (f: (p: (typeof scenario.posts)[number]) => boolean) => scenario.posts.find(f)!;

describe.runIf(haveFixtures()).each(['4.6.5', '4.2.0'])('JSON shapes of %s match the fixture', (version) => {
  const fx = fixtureStatuses(version);
  const statusKeys = keyVariants(fx, (s) => [s]);
  const accountKeys = keyVariants(fx, (s) => [s.account]);
  const mediaKeys = keyVariants(fx, (s) => s.media_attachments as unknown[]);
  const cardKeys = keyVariants(fx, (s) => [s.card]);
  const mentionKeys = keyVariants(fx, (s) => s.mentions as unknown[]);
  const tagKeys = keyVariants(fx, (s) => s.tags as unknown[]);
  const domain = version === '4.2.0' ? 'mastodon-b.test' : 'mastodon-a.test';

  test.each([
    [
      'remote spam with image',
      () =>
        find((p) => p.label === 'spam' && p.media.length > 0 && !INSTANCES.includes(scenario.accounts[p.author]!.host)),
    ],
    ['local post', () => find((p) => p.author.endsWith('@' + domain) && !p.boostOf && !p.quoteOf)],
    ['reply with mention', () => find((p) => !!p.replyTo && p.mentions.length > 0)],
    ['link with card', () => find((p) => !!p.card?.blurhash)],
    ['boost', () => find((p) => !!p.boostOf)],
    ['quote', () => find((p) => !!p.quoteOf)],
  ])('%s', (_name, pick) => {
    const post = pick();
    const s = renderStatus(post, scenario, domain, version);
    expect(statusKeys).toContain(keysOf(s));
    expect(accountKeys).toContain(keysOf(s.account));
    for (const m of s.media_attachments as unknown[]) expect(mediaKeys).toContain(keysOf(m));
    for (const m of s.mentions as unknown[]) expect(mentionKeys).toContain(keysOf(m));
    for (const t of s.tags as unknown[]) expect(tagKeys).toContain(keysOf(t));
    if (s.card) expect(cardKeys).toContain(keysOf(s.card));
    if (s.reblog) expect(statusKeys).toContain(keysOf(s.reblog));
    if (version === '4.2.0') expect(s).not.toHaveProperty('quote');
  });
});

describe('local ids', () => {
  test('are stable, differ per instance, and carry the post time (status) or first-seen time (account)', () => {
    const post = find((p) => p.label === 'spam');
    const a = statusIdFor(post, scenario, 'mastodon-a.test');
    expect(statusIdFor(post, scenario, 'mastodon-a.test')).toBe(a);
    expect(statusIdFor(post, scenario, 'mastodon-b.test')).not.toBe(a);
    expect(snowflakeTime(a)).toBe(post.createdAt);
    const author = scenario.accounts[post.author]!;
    const acc = accountIdFor(author.acct, scenario, 'mastodon-a.test');
    expect(snowflakeTime(acc)).toBeGreaterThanOrEqual(author.createdAt);
    expect(snowflakeTime(acc)).toBeLessThanOrEqual(scenario.posts.find((p) => p.author === author.acct)!.createdAt);
    const local = scenario.accounts['alice@mastodon-a.test']!;
    expect(snowflakeTime(accountIdFor(local.acct, scenario, 'mastodon-a.test'))).toBe(local.createdAt);
  });

  test('a boost wraps the boosted post with that post’s own local id', () => {
    const boost = find((p) => !!p.boostOf);
    const s = renderStatus(boost, scenario, 'mastodon-a.test', '4.6.5');
    const orig = scenario.posts.find((p) => p.id === boost.boostOf)!;
    expect((s.reblog as { id: string }).id).toBe(statusIdFor(orig, scenario, 'mastodon-a.test'));
    expect(s.content).toBe('');
    expect(String(s.uri)).toMatch(/\/activity$/);
  });
});

describe('content and accounts', () => {
  test('mentions, hashtags and links are formatted the way Mastodon stores them', () => {
    const p = find((x) => x.label === 'spam' && x.links.length === 1 && x.mentions.length >= 2);
    const html = String(renderStatus(p, scenario, 'mastodon-a.test', '4.6.5').content);
    expect(html).toContain('<span class="h-card" translate="no"><a href="');
    expect(html).toContain('class="u-url mention">@<span>');
    expect(html).toContain('rel="nofollow noopener" translate="no"><span class="invisible">https://</span>');
    const tagged = find((x) => x.tags.length > 0 && !x.boostOf);
    expect(String(renderStatus(tagged, scenario, 'mastodon-a.test', '4.6.5').content)).toMatch(
      /class="mention hashtag" rel="tag">#<span>/,
    );
  });

  test('4.2.0 shows a quote only as the RE: fallback paragraph', () => {
    const q = find((p) => !!p.quoteOf);
    expect(String(renderStatus(q, scenario, 'mastodon-b.test', '4.2.0').content)).toMatch(
      /^<p class="quote-inline">RE: <a href="/,
    );
    const s = renderStatus(q, scenario, 'mastodon-a.test', '4.6.5') as {
      quote: { state: string; quoted_status: { id: string } };
    };
    expect(s.quote.state).toBe('accepted');
  });

  test('a spammer has the missing avatar and no bio; a local account has roles, a suspended one renders reduced', () => {
    const spammer = Object.values(scenario.accounts).find((a) => a.label === 'spam' && !a.hasAvatar)!;
    const j = renderAccount(spammer, scenario, 'mastodon-a.test', '4.6.5');
    expect(j.avatar).toBe('http://mastodon-a.test/avatars/original/missing.png');
    expect(j.note).toBe('');
    expect(j.followers_count).toBe(0);
    const admin = renderAccount(scenario.accounts['admin@mastodon-a.test']!, scenario, 'mastodon-a.test', '4.6.5', {
      localRole: (u) => (u === 'admin' ? { id: '3', name: 'Admin', color: '' } : null),
    });
    expect(admin.acct).toBe('admin');
    expect(admin.roles).toEqual([{ id: '3', name: 'Admin', color: '' }]);
    const gone = renderAccount(spammer, scenario, 'mastodon-a.test', '4.6.5', {
      accountFlags: () => ({ suspended: true }),
    });
    expect(gone.suspended).toBe(true);
    expect(gone.display_name).toBe('');
  });
});
