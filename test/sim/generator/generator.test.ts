import { describe, expect, test } from 'vitest';
import { decodeBlurhash, isValidBlurhash } from './blurhash';
import {
  defaultScenarioOptions,
  describeScenario,
  generateScenario,
  KNOWN_SPAM_IMAGES,
  SIM_LOCAL_USERS,
} from './index';
import type { GenPost, Scenario } from './types';

const INSTANCES = ['mastodon-a.test', 'mastodon-b.test', 'misskey-a.test', 'misskey-b.test'];
const scenario = generateScenario(defaultScenarioOptions(1, INSTANCES));
const wave = (id: string) => scenario.posts.filter((p) => p.wave === id);
const authorOf = (p: GenPost, s: Scenario = scenario) => s.accounts[p.author]!;

describe('determinism', () => {
  test('the same options give the same scenario; another seed a different one', () => {
    const again = generateScenario(defaultScenarioOptions(1, INSTANCES));
    expect(JSON.stringify(again)).toBe(JSON.stringify(scenario));
    const other = generateScenario(defaultScenarioOptions(2, INSTANCES));
    expect(other.posts.map((p) => p.text).slice(0, 50)).not.toEqual(scenario.posts.map((p) => p.text).slice(0, 50));
  });

  test('moving the start shifts every time and changes nothing else (but the dates bots write)', () => {
    const shift = 7 * 86_400_000 + 12_345;
    const moved = generateScenario(
      defaultScenarioOptions(1, INSTANCES, defaultScenarioOptions(1, INSTANCES).start + 3 * 3_600_000 + shift),
    );
    expect(moved.posts.length).toBe(scenario.posts.length);
    moved.posts.forEach((p, i) => {
      const q = scenario.posts[i]!;
      expect(p.createdAt - q.createdAt).toBe(shift);
      const bot = p.hardCase === 'similar-bot';
      expect({ ...p, createdAt: 0, text: bot ? '' : p.text }).toEqual({ ...q, createdAt: 0, text: bot ? '' : q.text });
    });
  });

  test('100,000 posts generate in a few seconds', () => {
    const o = defaultScenarioOptions(3, INSTANCES);
    o.legitPerMinute = 100_000 / (o.durationMs / 60_000);
    const t = performance.now();
    const big = generateScenario(o);
    const ms = performance.now() - t;
    expect(big.posts.length).toBeGreaterThanOrEqual(100_000);
    expect(ms).toBeLessThan(8000);
  });
});

describe('structure and labels', () => {
  test('ids are unique, times strictly increase, references point back in time', () => {
    const ids = new Set(scenario.posts.map((p) => p.id));
    expect(ids.size).toBe(scenario.posts.length);
    const byId = new Map(scenario.posts.map((p) => [p.id, p]));
    let last = -Infinity;
    for (const p of scenario.posts) {
      expect(p.createdAt).toBeGreaterThan(last);
      last = p.createdAt;
      for (const ref of [p.replyTo, p.boostOf, p.quoteOf]) {
        if (!ref) continue;
        expect(byId.get(ref)!.createdAt).toBeLessThan(p.createdAt);
      }
      expect(authorOf(p).createdAt).toBeLessThan(p.createdAt);
      for (const m of p.mentions) {
        expect(scenario.accounts[m]).toBeDefined();
        expect(p.text).toContain('@' + m);
      }
      for (const l of p.links) expect(p.text).toContain(l);
      expect(p.deliveredTo.length).toBeGreaterThan(0);
      if (INSTANCES.includes(authorOf(p).host)) expect(p.deliveredTo).toContain(authorOf(p).host);
    }
  });

  test('every post is labelled; spam belongs to a wave and legit posts to none', () => {
    for (const p of scenario.posts) {
      expect(['spam', 'legit']).toContain(p.label);
      expect(p.label === 'spam').toBe(p.wave !== null);
      expect(authorOf(p).label).toBe(p.label);
    }
    const d = describeScenario(scenario);
    expect(d.byWave).toEqual({ 'w-feb2024': 240, 'w-oct2024': 150, 'w-text': 120, 'w-nov2024': 120 });
    expect(d.legit).toBeGreaterThan(2 * d.spam);
  });

  test('every sim instance has the login users, and a spam post reaches the instances of the locals it mentions', () => {
    for (const d of INSTANCES)
      for (const u of SIM_LOCAL_USERS) expect(scenario.accounts[`${u.username}@${d}`]?.host).toBe(d);
    for (const p of scenario.posts.filter((x) => x.label === 'spam')) {
      for (const m of p.mentions) {
        const h = scenario.accounts[m]!.host;
        if (INSTANCES.includes(h)) expect(p.deliveredTo).toContain(h);
      }
    }
    for (const d of INSTANCES)
      expect(scenario.posts.filter((p) => p.label === 'spam' && p.deliveredTo.includes(d)).length).toBeGreaterThan(50);
  });

  test('every blurhash is valid base83 of the right length', () => {
    let n = 0;
    for (const p of scenario.posts) {
      for (const m of p.media) {
        expect(isValidBlurhash(m.blurhash), m.blurhash).toBe(true);
        n++;
      }
      if (p.card?.blurhash) expect(isValidBlurhash(p.card.blurhash)).toBe(true);
    }
    for (const a of Object.values(scenario.accounts))
      if (a.avatarBlurhash) expect(isValidBlurhash(a.avatarBlurhash)).toBe(true);
    expect(n).toBeGreaterThan(200);
    expect(isValidBlurhash('UkKBv%k8Oas:t1f9V[ae|;afoJofs;bYovjZ')).toBe(true);
    expect(isValidBlurhash('UkKBv%k8Oas:t1f9V[ae|;afoJofs;bYovj')).toBe(false);
    expect(decodeBlurhash(KNOWN_SPAM_IMAGES.qrCode.blurhash)).toMatchObject({ x: 4, y: 4 });
  });
});

describe('waves, modelled on spam-waves.md', () => {
  test('February 2024: fresh random 10-character accounts, no avatar, 2-4 mentions, the known images, ja or no language', () => {
    const posts = wave('w-feb2024');
    const banner = posts.flatMap((p) => p.media).filter((m) => m.pictureId === 'img-discord-banner');
    expect(banner.length).toBeGreaterThan(20);
    expect(banner.every((m) => m.width === 1009 && m.height === 200)).toBe(true);
    expect(banner.some((m) => m.blurhash === KNOWN_SPAM_IMAGES.discordBanner.blurhash)).toBe(true);
    expect(new Set(banner.map((m) => m.blurhash)).size).toBeGreaterThan(3); // re-encodings
    for (const p of posts) {
      const a = authorOf(p);
      expect(a.username).toMatch(/^[a-z0-9]{10}$/);
      expect(a.hasAvatar).toBe(false);
      expect(['', a.username]).toContain(a.displayName);
      expect(a.bio).toBe('');
      expect(a.followers).toBe(0);
      expect(p.mentions.length).toBeGreaterThanOrEqual(2);
      expect(p.mentions.length).toBeLessThanOrEqual(4);
      expect(['ja', null]).toContain(p.lang);
      expect(p.links.length).toBeLessThanOrEqual(1);
      if (a.hardCase !== 'sleeper-account') expect(p.createdAt - a.createdAt).toBeLessThan(2 * 3_600_000);
    }
    expect(posts.filter((p) => p.text.includes('荒らし共栄圏')).length).toBeGreaterThan(30);
    // Small variations: many distinct texts for the same advertisement.
    const ads = posts.filter((p) => p.text.includes('お知らせ')).map((p) => p.text.split('\n\n')[1]);
    expect(new Set(ads).size).toBeGreaterThan(ads.length / 2);
    expect(
      posts.some(
        (p) => p.mentions.length > 0 && p.text === p.mentions.map((m) => '@' + m).join(' ') && p.media.length === 1,
      ),
    ).toBe(true);
  });

  test('October 2024: exactly 10 mentions, the same accounts posting again and again', () => {
    const posts = wave('w-oct2024');
    expect(posts.every((p) => p.mentions.length === 10)).toBe(true);
    expect(new Set(posts.map((p) => p.author)).size).toBe(15);
    expect(posts.every((p) => p.media[0]?.width === 1080 && p.media[0]?.height === 1080)).toBe(true);
  });

  test('November 2024: a 1080x1080 QR-code image', () => {
    const posts = wave('w-nov2024');
    expect(
      posts.every((p) => p.media.length === 1 && p.media[0]!.pictureId === 'img-qr-code' && p.media[0]!.width === 1080),
    ).toBe(true);
  });

  test('text wave: rotating link domains and small mutations', () => {
    const posts = wave('w-text');
    const domains = new Set(posts.map((p) => new URL(p.links[0]!).hostname));
    expect(domains.size).toBeGreaterThanOrEqual(8);
    expect(posts.every((p) => p.media.length === 0)).toBe(true);
    expect(posts.some((p) => /\u200b|\u200c|\u200d|\u2060/.test(p.text))).toBe(true);
    expect(posts.some((p) => /[\u0430\u0435\u043e\u0440\u0441\u0456\u0445]/.test(p.text))).toBe(true);
  });
});

describe('ordinary traffic and its hard cases', () => {
  const legit = scenario.posts.filter((p) => p.label === 'legit');
  test('several languages, replies, boosts, quotes, links with cards, images, hashtags', () => {
    const langs = new Set(legit.map((p) => p.lang));
    for (const l of ['en', 'ja', 'de', 'fr', 'es']) expect(langs).toContain(l);
    expect(legit.filter((p) => p.replyTo).length).toBeGreaterThan(200);
    expect(legit.filter((p) => p.boostOf).length).toBeGreaterThan(150);
    expect(legit.filter((p) => p.quoteOf).length).toBeGreaterThan(30);
    expect(legit.filter((p) => p.card).length).toBeGreaterThan(100);
    expect(legit.filter((p) => p.media.length).length).toBeGreaterThan(200);
    expect(legit.filter((p) => p.tags.length).length).toBeGreaterThan(300);
    expect(legit.filter((p) => p.cw).length).toBeGreaterThan(10);
  });

  test('hard cases: newcomers, a viral link shared by hundreds, similar bots, random-looking names, Japanese users without avatar', () => {
    const hello = legit.filter((p) => p.hardCase === 'newcomer-hello');
    expect(hello.length).toBeGreaterThan(10);
    for (const p of hello) expect(p.createdAt - authorOf(p).createdAt).toBeLessThan(3_600_000);
    const news = legit.filter((p) => p.hardCase === 'news-link');
    expect(new Set(news.map((p) => p.author)).size).toBeGreaterThan(150);
    const bots = legit.filter((p) => p.hardCase === 'similar-bot');
    expect(bots.every((p) => authorOf(p).bot)).toBe(true);
    expect(bots.length).toBeGreaterThan(30);
    const accounts = Object.values(scenario.accounts);
    expect(
      accounts.filter((a) => a.hardCase === 'random-looking-name' && /^[a-z0-9]{10}$/.test(a.username)).length,
    ).toBeGreaterThan(3);
    expect(accounts.filter((a) => a.hardCase === 'ja-no-avatar' && !a.hasAvatar).length).toBeGreaterThan(10);
    expect(legit.filter((p) => p.mentions.length >= 5).length).toBeGreaterThan(5);
  });
});
