import type { Link } from '../model';
import { hostToUnicode } from './punycode';

/** The longest host name DNS allows. */
export const MAX_HOST = 253;

/**
 * Host of a URL in Unicode form, lower case, without port, user info or `www.`. Tolerant: accepts
 * scheme-less links (`discord.gg/abc`). Null when no plausible host is found.
 */
export function hostOf(url: string): string | null {
  let rest = url.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(rest) && !/^[^/:]+:\d/.test(rest)) return null; // mailto:, javascript:
  const end = rest.search(/[/?#\\]/);
  let host = end >= 0 ? rest.slice(0, end) : rest;
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if (host.length > MAX_HOST + 8) return null; // with a port
  if (host.startsWith('[')) return host.toLowerCase(); // IPv6 literal
  host = host.replace(/:\d*$/, '').replace(/\.$/, '');
  // Longer than DNS allows (253): not a host, and not worth decoding.
  if (!host || host.length > MAX_HOST || !/^[^\s]+$/.test(host)) return null;
  host = hostToUnicode(host.toLowerCase()).normalize('NFKC').toLowerCase();
  if (host.startsWith('www.')) host = host.slice(4);
  return host || null;
}

export function toLink(url: string): Link | null {
  const host = hostOf(url);
  return host ? { url, host } : null;
}

const TEXT_URL_RE = /\bhttps?:\/\/[^\s<>"'\u3000-\u303f\uff08\uff09]+/giu;

/** Punctuation that ends a sentence rather than a link. */
const TRAILING = '.,;:!?)]';

/**
 * `s` without the characters of `chars` at its end. A loop, not `/[...]+$/`: that pattern tries
 * every position of a long run of such characters in the middle and is quadratic in the run.
 */
export function trimEnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Links written in plain text (Misskey MFM source, Mastodon's `text`), the first `max`. */
export function linksInText(text: string, max = Infinity): Link[] {
  const out: Link[] = [];
  for (const m of text.matchAll(TEXT_URL_RE)) {
    if (out.length >= max) break;
    const url = trimEnd(m[0], TRAILING);
    const link = toLink(url);
    if (link) out.push(link);
  }
  return out;
}

/** The registrable part of a host, approximately (last two labels; three for `co.jp`-style). */
export function siteOf(host: string): string {
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const last2 = labels.slice(-2);
  if (last2[0]!.length <= 3 && last2[1]!.length === 2 && labels.length >= 3) return labels.slice(-3).join('.');
  return last2.join('.');
}

/** A link without scheme, query, fragment and trailing slash: what makes two shared links "the same". */
export function linkIdentity(link: Link): string {
  const noScheme = link.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = noScheme.indexOf('/');
  let path = '';
  if (slash >= 0) {
    path = noScheme.slice(slash);
    const q = path.search(/[?#]/);
    if (q >= 0) path = path.slice(0, q);
    path = trimEnd(path, '/');
  }
  return link.host + path.toLowerCase();
}
