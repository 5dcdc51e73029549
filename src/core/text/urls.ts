import type { Link } from '../model';
import { hostToUnicode } from './punycode';

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
  if (host.startsWith('[')) return host.toLowerCase(); // IPv6 literal
  host = host.replace(/:\d*$/, '').replace(/\.$/, '');
  if (!host || !/^[^\s]+$/.test(host)) return null;
  host = hostToUnicode(host.toLowerCase()).normalize('NFKC').toLowerCase();
  if (host.startsWith('www.')) host = host.slice(4);
  return host || null;
}

export function toLink(url: string): Link | null {
  const host = hostOf(url);
  return host ? { url, host } : null;
}

const TEXT_URL_RE = /\bhttps?:\/\/[^\s<>"'\u3000-\u303f\uff08\uff09]+/giu;

/** Links written in plain text (Misskey MFM source, Mastodon's `text`). */
export function linksInText(text: string): Link[] {
  const out: Link[] = [];
  for (const m of text.matchAll(TEXT_URL_RE)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
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
  const path =
    slash >= 0
      ? noScheme
          .slice(slash)
          .replace(/[?#].*$/, '')
          .replace(/\/+$/, '')
      : '';
  return link.host + path.toLowerCase();
}
