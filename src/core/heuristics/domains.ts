import { canonical } from '../text/normalize';
import { siteOf } from '../text/urls';

/** Link shorteners and invite links: where spam hides its destination (discord.gg in 2024, yip.su later). */
export const SHORTENERS = new Set([
  'bit.ly',
  'tinyurl.com',
  'goo.gl',
  'cutt.ly',
  'is.gd',
  'ow.ly',
  'shorturl.at',
  'rebrand.ly',
  't.co',
  'yip.su',
  'rb.gy',
  'tiny.cc',
  'v.gd',
  'buff.ly',
  'shorturl.asia',
  'x.gd',
  'lnkd.in',
  'qr.paps.jp',
  'urx.red',
  'onl.sc',
]);
export const INVITES = new Set([
  'discord.gg',
  'discord.com',
  'discordapp.com',
  't.me',
  'telegram.me',
  'chat.whatsapp.com',
  'line.me',
]);

/** Domains worth impersonating; a look-alike of one of these is suspicious. */
const BRANDS = [
  'discord.com',
  'discord.gg',
  'mastodon.social',
  'misskey.io',
  'joinmastodon.org',
  'github.com',
  'google.com',
  'paypal.com',
  'apple.com',
  'microsoft.com',
  'amazon.com',
  'twitter.com',
  'x.com',
  'bsky.app',
  'youtube.com',
  'telegram.org',
  'binance.com',
  'coinbase.com',
  'metamask.io',
  'steamcommunity.com',
  'pixiv.net',
];

/** Letters that read alike folded together: confusables, then 0/o, 1/l/i, rn/m, vv/w. */
export function skeleton(host: string): string {
  return canonical(host)
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/0/g, 'o')
    .replace(/[1i|!]/g, 'l')
    .replace(/5/g, 's');
}
const BRAND_SKELETONS = new Map(BRANDS.map((b) => [skeleton(b), b]));

export type DomainFlag = 'idn' | 'lookalike' | 'shortener' | 'invite';

export interface DomainVerdict {
  flag: DomainFlag;
  /** For look-alikes: the domain imitated. */
  imitates?: string;
}

function mixedScripts(label: string): boolean {
  let latin = false;
  let other = false;
  for (const ch of label) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin = true;
    else if (c > 0x7f && /\p{L}/u.test(ch)) other = true;
  }
  return latin && other;
}

const judged = new Map<string, DomainVerdict | null>();

/**
 * Why a link's host (Unicode form, see text/urls.ts) is suspicious, or null. Hosts repeat from
 * post to post: the last few thousand answers are kept (the same object for the same host).
 */
export function judgeDomain(host: string): DomainVerdict | null {
  let v = judged.get(host);
  if (v === undefined) {
    v = judgeHost(host);
    if (judged.size >= 8192) judged.clear();
    // Only host-sized keys: the cache must not hold megabytes of made-up hosts.
    if (host.length <= 253) judged.set(host, v);
  }
  return v;
}

function judgeHost(host: string): DomainVerdict | null {
  const site = siteOf(host);
  if (SHORTENERS.has(host) || SHORTENERS.has(site)) return { flag: 'shortener' };
  if (INVITES.has(host) || INVITES.has(site)) return { flag: 'invite' };
  const sk = skeleton(site);
  const brand = BRAND_SKELETONS.get(sk);
  if (brand && brand !== site) return { flag: 'lookalike', imitates: brand };
  if (host.split('.').some(mixedScripts)) return { flag: 'lookalike' };
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(host)) return { flag: 'idn' };
  return null;
}
