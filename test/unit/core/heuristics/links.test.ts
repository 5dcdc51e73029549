import { expect, test } from 'vitest';
import { judgeDomain, skeleton } from '../../../../src/core/heuristics/domains';
import { links } from '../../../../src/core/heuristics/links';
import { toLink } from '../../../../src/core/text/urls';
import { post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: punycode domain of the Feb 2024 wave', 'https://xn--68j5e377y.com/', 'post.link.idn'],
  ['spam: Discord invite', 'https://discord.gg/ctkpaarr', 'post.link.invite'],
  ['spam: shortener of the later wave', 'https://yip.su/25X8U6', 'post.link.shortener'],
  ['spam: look-alike of discord.com', 'https://dlscord.com/invite/x', 'post.link.lookalike'],
  ['spam: Cyrillic o in paypal', 'https://pаypal.com/login', 'post.link.lookalike'],
  ['spam: digit for letter', 'https://g00gle.com/', 'post.link.lookalike'],
  ['legit: news site', 'https://news.example.com/2024/02/17/story', null],
  ['legit: the real discord.com blog', 'https://blog.example.org/discord-tips', null],
  ['legit: a wiki', 'https://en.wikipedia.org/wiki/Fediverse', null],
])('%s', (_name, url, code) => {
  const r = fire(links, post({ links: [toLink(url)!] }));
  expect(r?.code ?? null).toBe(code);
});

test('the real brand is not its own look-alike', () => {
  expect(judgeDomain('github.com')).toBeNull();
  expect(skeleton('rnicrosoft.com')).toBe(skeleton('microsoft.com'));
});
