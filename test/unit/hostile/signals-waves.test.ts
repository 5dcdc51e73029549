/**
 * The signals and the wave clustering on their own, with inputs no normalizer would produce
 * (negative or NaN ages, huge counts, 5,000 tags): scores stay in 0..1, the account group under
 * its cap, clusters within their member, author, site and instance caps however often they merge.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultSignalSettings, scoreSignals, SIGNALS } from '../../../src/core/heuristics';
import { judgeDomain, skeleton } from '../../../src/core/heuristics/domains';
import { usernameRandomness } from '../../../src/core/heuristics/username';
import type { Post } from '../../../src/core/model';
import { comparisonText } from '../../../src/core/text/normalize';
import {
  addMember,
  isWaveNow,
  MAX_AUTHORS,
  MAX_MEMBERS,
  mergeInto,
  newCluster,
  sharedSignals,
  type Cluster,
  type MemberInfo,
} from '../../../src/core/waves/clusters';
import { anyText, hostileText, runs, T0 } from './fuzz';

const odd = fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1e308, -0);
const hours = fc.oneof(fc.constant(null), fc.double(), odd);
const count = fc.oneof(fc.nat(), fc.integer({ min: -1000, max: 1_000_000 }), odd);

const postArb = fc
  .record({
    text: anyText(20_000),
    username: fc.oneof(hostileText(20), fc.constantFrom('jzpwtaxbeq', 'eks4lebwur', '', 'x'.repeat(5000))),
    displayName: hostileText(30),
    bio: fc.oneof(fc.constant(null), hostileText(30)),
    followers: fc.oneof(fc.constant(null), count),
    postsCount: fc.oneof(fc.constant(null), count),
    tags: fc.constantFrom(0, 3, 7, 5000),
    mentions: fc.constantFrom(0, 1, 3, 12, 5000),
    hosts: fc.array(
      fc.oneof(hostileText(30), fc.constantFrom('dlscord.com', 'xn--pypal-4ve.com', 'рaypal.com', 'bit.ly', '')),
      { maxLength: 5 },
    ),
    language: fc.oneof(fc.constant(null), fc.constantFrom('en', 'ja', 'xx', ''), hostileText(10)),
  })
  .map((g): Post => ({
    key: 'm.example/1',
    id: '1',
    instance: 'm.example',
    platform: 'mastodon',
    url: null,
    createdAt: T0,
    author: {
      key: `${g.username}@m.example`,
      id: '1',
      username: g.username,
      host: 'm.example',
      displayName: g.displayName,
      avatarMissing: true,
      bio: g.bio,
      bot: false,
      createdAt: null,
      createdAtSource: 'unknown',
      followersCount: g.followers as number | null,
      followingCount: null,
      postsCount: g.postsCount as number | null,
    },
    text: g.text,
    cw: '',
    language: g.language,
    mentions: Array.from({ length: g.mentions }, (_, i) => ({ username: `m${i}`, host: null, id: null })),
    tags: Array.from({ length: g.tags }, (_, i) => `t${i % 50}`),
    links: g.hosts.map((host) => ({ url: `https://${host}/x`, host })),
    media: [],
    card: null,
    visibility: 'public',
    inReplyToId: null,
    boost: null,
    quote: null,
  }));

describe('signals', () => {
  test('any post and any numbers: scores in 0..1, the account group under its cap, finite weights', () => {
    const settings = defaultSignalSettings();
    fc.assert(
      fc.property(
        postArb,
        hours,
        count,
        count,
        count,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (post, ageHours, recent, strangers, images, cap) => {
          const s = scoreSignals(
            {
              post,
              ageHours: ageHours as number | null,
              recentPosts: recent as number,
              strangers: strangers as number,
              imageAccounts: images as number,
              cmp: comparisonText(post.text),
            },
            settings,
            cap,
          );
          for (const x of [s.score, s.accountScore, s.postScore]) expect(x >= 0 && x <= 1, `score ${x}`).toBe(true);
          expect(s.accountScore).toBeLessThanOrEqual(cap);
          for (const r of s.reasons) {
            expect(Number.isFinite(r.weight) && r.weight >= 0 && r.weight <= 1, `${r.code} ${r.weight}`).toBe(true);
            expect(r.text.length).toBeLessThan(20_000);
          }
        },
      ),
      runs(500),
    );
  });

  test('each signal alone with hostile settings (weights 0..1, thresholds 0 to huge) never throws', () => {
    fc.assert(
      fc.property(
        postArb,
        hours,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.double({ min: 0, noNaN: true }), fc.constant(0)),
        (post, ageHours, weight, threshold) => {
          for (const sig of SIGNALS) {
            const r = sig.evaluate(
              {
                post,
                ageHours: ageHours as number | null,
                recentPosts: 3,
                strangers: 3,
                imageAccounts: 3,
                cmp: comparisonText(post.text),
              },
              { enabled: true, weight, threshold },
            );
            if (r) expect(Number.isNaN(r.weight)).toBe(false);
          }
        },
      ),
      runs(300),
    );
  });

  test('usernames and hosts of any kind: randomness in 0..1, domains judged or not, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(60), fc.string({ unit: 'binary', maxLength: 60 })), (s) => {
        const r = usernameRandomness(s);
        expect(r >= 0 && r <= 1).toBe(true);
        judgeDomain(s);
        judgeDomain(`${s}.com`);
        expect(typeof skeleton(s)).toBe('string');
      }),
      runs(1000),
    );
    expect(usernameRandomness('x'.repeat(1_000_000))).toBeGreaterThanOrEqual(0);
    expect(judgeDomain(`${'a'.repeat(1_000_000)}.com`)).toBeNull();
  });
});

describe('wave clustering', () => {
  const member = fc.record({
    seq: fc.nat(),
    ts: fc.oneof(fc.integer({ min: T0, max: T0 + 1e9 }), odd),
    author: fc.integer({ min: 0, max: 20_000 }),
    fresh: fc.boolean(),
    young: fc.boolean(),
    ageHours: hours,
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    accountScore: fc.double({ min: 0, max: 1, noNaN: true }),
    postScore: fc.double({ min: 0, max: 1, noNaN: true }),
    sharedImage: fc.boolean(),
    site: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 500 }).map((i) => `site${i}.example`),
    ),
    throwawayLink: fc.boolean(),
    mentions: fc.integer({ min: 0, max: 255 }),
    hasText: fc.boolean(),
    instance: fc.integer({ min: 0, max: 500 }).map((i) => `i${i}.example`),
    postKey: hostileText(20),
    text: hostileText(400),
  }) as fc.Arbitrary<MemberInfo>;

  function expectBounded(c: Cluster): void {
    expect(c.members.length).toBeLessThanOrEqual(2 * MAX_MEMBERS);
    expect(c.authors.size).toBeLessThanOrEqual(MAX_AUTHORS);
    expect(c.sites.size).toBeLessThanOrEqual(64);
    expect(c.instances.size).toBeLessThanOrEqual(64);
    expect(c.sampleText.length).toBeLessThanOrEqual(280);
  }

  test('clusters built and merged in any way stay within their caps; the wave rule always answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(member, { maxLength: 80 }), { minLength: 1, maxLength: 12 }),
        fc.record({
          minAccounts: fc.integer({ min: 0, max: 1000 }),
          minMeanScore: fc.double({ min: 0, max: 1, noNaN: true }),
          youngDays: fc.integer({ min: 0, max: 3650 }),
        }),
        (groups, rule) => {
          const clusters = groups.map((ms, i) => {
            const c = newCluster(i + 1, T0);
            for (const m of ms) addMember(c, m);
            return c;
          });
          const into = clusters[0]!;
          for (const c of clusters.slice(1)) mergeInto(into, c);
          for (const c of clusters) {
            expect(typeof isWaveNow(c, rule)).toBe('boolean');
            sharedSignals(c);
          }
          expectBounded(into);
        },
      ),
      runs(200),
    );
  });

  test('a wave that swallows 1,000 clusters of 64 sites and 64 instances each keeps 64 of each', () => {
    const into = newCluster(1, T0);
    for (let k = 0; k < 1_000; k++) {
      const c = newCluster(k + 2, T0);
      for (let j = 0; j < 64; j++)
        addMember(c, {
          seq: k * 64 + j,
          ts: T0,
          author: k * 64 + j,
          fresh: true,
          young: true,
          ageHours: 0,
          score: 1,
          accountScore: 0.4,
          postScore: 0.5,
          sharedImage: false,
          site: `s${k}-${j}.example`,
          throwawayLink: true,
          mentions: 2,
          hasText: true,
          instance: `i${k}-${j}.example`,
          postKey: `i/${k}-${j}`,
          text: 'x',
        });
      mergeInto(into, c);
    }
    expectBounded(into);
    expect(into.posts).toBe(64_000);
  });
});
