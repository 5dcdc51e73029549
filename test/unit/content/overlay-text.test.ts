/**
 * Text from posts, accounts and servers as the overlay shows it (src/ui/overlay/text.ts): bidi
 * controls and invisible characters made visible, long strings cut, reasons' params treated alike.
 */
import { beforeAll, expect, test } from 'vitest';
import { reasonText, visible } from '../../../src/ui/overlay/text';
import { useEnglishMessages } from '../../dom/fixtures';

beforeAll(useEnglishMessages);

test('bidi overrides, isolates, marks and zero-width characters are shown as marks; plain text is untouched', () => {
  expect(visible('abc\u202Egnp.exe\u202C@host')).toBe('abc<U+202E>gnp.exe<U+202C>@host');
  expect(visible('gi\u200Bve\u200Daway\uFEFF\u2066x\u2069\u061C\u00AD')).toBe(
    'gi<U+200B>ve<U+200D>away<U+FEFF><U+2066>x<U+2069><U+061C><U+00AD>',
  );
  expect(visible('alice@mastodon.social')).toBe('alice@mastodon.social');
  expect(visible('日本語のユーザー')).toBe('日本語のユーザー');
});

test('a long string is cut to 200 characters', () => {
  expect(visible('x'.repeat(100_000))).toBe(`${'x'.repeat(200)}…`);
});

test("a reason's string params and the engine's fallback text are made visible too", () => {
  const r = (code: string, params: Record<string, string | number>, text: string) => ({
    signal: 's',
    code,
    params,
    text,
    weight: 0.5,
  });
  expect(reasonText(r('post.link.lookalike', { domain: 'paypa\u200Bl.com' }, ''))).toContain('paypa<U+200B>l.com');
  expect(reasonText(r('unknown.code', {}, 'Link to \u202Emoc.evil'))).toBe('Link to <U+202E>moc.evil');
});
