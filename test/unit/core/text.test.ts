import { describe, expect, test } from 'vitest';
import { hostToUnicode } from '../../../src/core/text/punycode';
import { hash52, hash52Concat, hash52Fields, hashLowerAt, hashString } from '../../../src/core/text/hash';
import {
  canonical,
  collapseDigitsAndSpace,
  comparisonText,
  isSpaceCode,
  substantiveLength,
  substantiveText,
} from '../../../src/core/text/normalize';
import { shingleHashes } from '../../../src/core/text/shingles';
import { hostOf, linkIdentity, linksInText, siteOf } from '../../../src/core/text/urls';
import { dominantScript } from '../../../src/core/text/script';

describe('punycode', () => {
  test.each([
    ['xn--68j5e377y.com', '荒らし.com'],
    ['xn--mnchen-3ya.de', 'münchen.de'],
    ['XN--MNCHEN-3YA.DE', 'münchen.de'],
    ['example.com', 'example.com'],
    ['xn--d1acufc.xn--p1ai', 'домен.рф'],
    ['xn--!!!.com', 'xn--!!!.com'],
  ])('%s -> %s', (input, out) => {
    expect(hostToUnicode(input.toLowerCase())).toBe(out);
  });
});

describe('canonical / comparison text', () => {
  test.each([
    ['NFKC folds full-width forms', 'Ｄｉｓｃｏｒｄ　コミュニティ', 'discord コミュニティ'],
    ['zero-width and directional characters go', 'fr\u200bee\u202e gi\u2060ft\ufeff', 'free gift'],
    ['Cyrillic look-alikes fold to Latin', 'раураl frее', 'paypal free'],
    ['Greek look-alikes fold to Latin', 'ορεn', 'open'],
  ])('%s', (_name, input, out) => {
    expect(canonical(input)).toBe(out);
  });

  test.each([
    ['mentions masked', '@alice @bob@x.example hi', '@ @ hi'],
    ['URLs masked', 'see https://discord.gg/abc and www.x.example/y', 'see ⟨url⟩ and ⟨url⟩'],
    ['bare links masked', 'join discord.gg/ctkpaarr now', 'join ⟨url⟩ now'],
    ['digit runs collapse', '先着200名様 and 100 more', '先着0名様 and 0 more'],
    ['whitespace collapses', 'a \n\n  b\tc', 'a b c'],
    ['email-like text is not a mention', 'mail me at a@b.example', 'mail me at a@b.example'],
  ])('%s', (_name, input, out) => {
    expect(comparisonText(input)).toBe(out);
  });

  test('two spam variants that differ by mentions, link and counter compare equal', () => {
    const a = comparisonText('@alice @bob 【公式】先着200名様 https://a.example/x1');
    const b = comparisonText('@carol 【公式】先着100名様 https://b.example/y2');
    expect(a.replace(/^(@ )+/, '')).toBe(b.replace(/^(@ )+/, ''));
  });

  test('substantive text drops mentions and links', () => {
    const c = comparisonText('@alice @bob https://x.example/abc');
    expect(substantiveText(c)).toBe('');
    expect(substantiveLength(c)).toBe(0);
    expect(substantiveLength(comparisonText('@alice hi there'))).toBe(7);
  });
});

describe('the one-pass digit and white-space collapse', () => {
  const byRegex = (s: string) =>
    s
      .replace(/\p{Nd}+/gu, '0')
      .replace(/\s+/gu, ' ')
      .trim();

  test('white space is exactly what \\s matches, for every UTF-16 code unit', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  test('the same text as the regex passes, for every code unit alone and among letters, digits and spaces', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `a${ch}b`, ` ${ch}${ch}1 `, `7${ch}٣`])
        if (collapseDigitsAndSpace(s) !== byRegex(s)) wrong.push(s);
    }
    expect(wrong).toEqual([]);
  });

  test.each([
    ['', ''],
    ['   ', ''],
    ['plain words', 'plain words'],
    [' \n lead and trail \t ', 'lead and trail'],
    ['0 00 1 2024', '0 0 0 0'],
    ['٣٤ ١٢ 𝟙𝟚 𑁧', '0 0 0 0'],
    ['a\u3000b\u00a0c\u2028d', 'a b c d'],
    ['x\ud835', 'x\ud835'],
  ])('%j', (input, out) => {
    expect(collapseDigitsAndSpace(input)).toBe(out);
    expect(byRegex(input)).toBe(out);
  });
});

describe('hashes without joined strings', () => {
  test.each([
    ['alice@x.example|1700000000|0|', 'hello there'],
    ['', ''],
    ['日本', 'テキスト 🎁'],
  ])('hash52Concat(%j, %j) is hash52 of the joined string', (a, b) => {
    expect(hash52Concat(a, b)).toBe(hash52(a + b));
  });

  test.each([
    ['alice@x.example', 1_700_000_000, 0, 'hello there'],
    ['', 0, 10, ''],
    ['日本', 9, 1, 'テキスト 🎁'],
    ['bob', 1_000_000, 100, 'x'],
    ['negative', -5, 1.5, 'falls back'],
  ])('hash52Fields(%j, %d, %d, %j) is hash52 of the fields joined by |', (a, n1, n2, b) => {
    expect(hash52Fields(a, n1, n2, b)).toBe(hash52(`${a}|${n1}|${n2}|${b}`));
  });

  test.each([
    ['Alice', 'Mastodon.Example'],
    ['bob', 'x.example'],
    ['ÉLODIE', 'Exämple.org'],
    ['İstanbul', 'x.tr'],
    ['', ''],
  ])('hashLowerAt(%j, %j) is the hash of the lower-cased handle', (u, h) => {
    expect(hashLowerAt(u, h)).toBe(hashString(`${u}@${h}`.toLowerCase()));
  });
});

describe('shingles', () => {
  const jaccard = (a: string, b: string) => {
    const A = new Set(shingleHashes(comparisonText(a), []));
    const B = new Set(shingleHashes(comparisonText(b), []));
    let inter = 0;
    for (const x of A) if (B.has(x)) inter++;
    return inter / (A.size + B.size - inter);
  };
  test.each([
    [
      'Japanese, one word changed',
      '今なら先着200名様限定で無料参加できます！詳細はこちら',
      '今なら先着100名様限定で無料参加できます！詳しくはこちら',
      0.6,
      1,
    ],
    [
      'English, one typo',
      'Claim your free ETH airdrop before it ends, limited spots',
      'Claim your free ETH airdrop before it end, limited spots',
      0.7,
      1,
    ],
    [
      'unrelated Japanese',
      '今日は朝から雨ですね。傘を忘れずに！',
      '新しいイラスト描きました！感想もらえると嬉しいです',
      0,
      0.1,
    ],
    [
      'unrelated English',
      'The sun is out and the coffee is hot this morning',
      'Reading a book about medieval trade routes tonight',
      0,
      0.15,
    ],
  ])('%s', (_name, a, b, lo, hi) => {
    const j = jaccard(a, b);
    expect(j).toBeGreaterThanOrEqual(lo);
    expect(j).toBeLessThanOrEqual(hi);
  });

  test('CJK text without spaces still yields many shingles', () => {
    expect(shingleHashes('日本最大級のコミュニティに今すぐ参加しよう', []).length).toBeGreaterThan(15);
  });
});

describe('urls', () => {
  test.each([
    ['https://www.Example.COM:8080/a?b', 'example.com'],
    ['https://xn--68j5e377y.com/', '荒らし.com'],
    ['discord.gg/ctkpaarr', 'discord.gg'],
    ['https://user:pw@host.example/x', 'host.example'],
    ['mailto:a@b.example', null],
    ['javascript:alert(1)', null],
  ])('hostOf(%s) = %s', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });

  test('links in text, trailing punctuation dropped', () => {
    expect(linksInText('see https://a.example/x, and https://荒らし.com/!').map((l) => l.host)).toEqual([
      'a.example',
      '荒らし.com',
    ]);
  });

  test('site and identity', () => {
    expect(siteOf('a.b.example.co.jp')).toBe('example.co.jp');
    expect(siteOf('news.example.com')).toBe('example.com');
    expect(linkIdentity({ url: 'https://news.example.com/a/b/?utm=1#x', host: 'news.example.com' })).toBe(
      'news.example.com/a/b',
    );
  });

  test('dominant script', () => {
    expect(dominantScript('こんにちは world')).toBe('cjk');
    expect(dominantScript('hello world')).toBe('latin');
    expect(dominantScript('привет мир')).toBe('cyrillic');
    expect(dominantScript('1234 !!')).toBe('none');
  });
});
