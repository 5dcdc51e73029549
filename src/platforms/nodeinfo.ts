import type { PlatformKind } from '../core/model';
import { FetchTextError, fetchText, type Fetcher } from './action-http';

/** What a server says it is, from nodeinfo (both Mastodon and Misskey and their forks serve it). */
export interface ServerIdentity {
  origin: string;
  platform: PlatformKind;
  software: string;
  version: string;
}

export class ProbeError extends Error {
  constructor(
    message: string,
    readonly code: 'unreachable' | 'not-fediverse' | 'unsupported' | 'invalid-domain',
  ) {
    super(message);
  }
}

const MASTODON_FAMILY = new Set(['mastodon', 'glitch-soc', 'glitchsoc', 'hometown', 'fedibird', 'kmyblue']);
const MISSKEY_FAMILY = new Set([
  'misskey',
  'cherrypick',
  'sharkey',
  'firefish',
  'iceshrimp',
  'calckey',
  'foundkey',
  'meisskey',
]);

export function platformOfSoftware(name: string, version = ''): PlatformKind | null {
  const n = name.toLowerCase();
  if (MASTODON_FAMILY.has(n)) return 'mastodon';
  if (MISSKEY_FAMILY.has(n)) return 'misskey';
  if (version.includes('+glitch')) return 'mastodon';
  return null;
}

/** Normalises what a user typed into a domain: no scheme, path or port noise, lower case. */
export function normalizeDomain(input: string): string {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '');
  if (s.startsWith('@')) s = s.slice(s.lastIndexOf('@') + 1);
  if (s.includes('@')) s = s.slice(s.lastIndexOf('@') + 1);
  const [host = '', port] = s.split(':');
  const labels = host.split('.');
  const validLabel = (l: string) => /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(l);
  if (labels.length < 2 || !labels.every(validLabel) || (port !== undefined && !/^\d{1,5}$/.test(port))) {
    throw new ProbeError(
      `"${input.trim()}" is not a domain name (expected something like mastodon.social).`,
      'invalid-domain',
    );
  }
  return s;
}

/** Local test domains are served over plain http; everything else must be https. */
export function candidateOrigins(domain: string): string[] {
  const host = domain.replace(/:\d+$/, '');
  const local = host.endsWith('.test') || host === 'localhost' || host.endsWith('.localhost');
  return local ? [`http://${domain}`, `https://${domain}`] : [`https://${domain}`];
}

type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** The largest nodeinfo document read: real ones are under 10 KB. */
const MAX_NODEINFO_BYTES = 256 * 1024;

/**
 * GET and parse JSON. No redirect is followed (the probe asks only the host the user typed, and
 * the origin it returns is where the instance's pages must be); at most 256 KB; `timeoutMs` for
 * the whole answer. Throws HttpStatusError (an answer that is not 2xx), SyntaxError (not JSON),
 * ProbeError (a redirect, a body too large) or FetchTextError (no answer, or one cut short).
 */
async function getJson(fetcher: FetchLike, url: string, timeoutMs: number, domain: string): Promise<unknown> {
  let got: { res: Response; text: string };
  try {
    got = await fetchText(
      fetcher as Fetcher,
      url,
      { headers: { accept: 'application/json' } },
      { timeoutMs, maxBytes: MAX_NODEINFO_BYTES },
    );
  } catch (e) {
    if (e instanceof FetchTextError && e.reason === 'redirect')
      throw new ProbeError(
        `${domain} redirects elsewhere${e.redirectedTo ? ` (to ${e.redirectedTo})` : ''}: add the domain the instance's web pages are on.`,
        'not-fediverse',
      );
    if (e instanceof FetchTextError && e.reason === 'too-large')
      throw new ProbeError(
        `${domain} answered, but ${e.message}: it does not look like a Mastodon or Misskey server.`,
        'not-fediverse',
      );
    // No answer, or one cut short or too slow: unreachable (the next address is tried).
    throw e;
  }
  if (!got.res.ok) throw new HttpStatusError(got.res.status);
  return JSON.parse(got.text) as unknown;
}

/** Asks the server what it is: `/.well-known/nodeinfo`, then the newest nodeinfo document it links. */
export async function probeServer(
  domain: string,
  fetcher: FetchLike = fetch,
  timeoutMs = 8000,
): Promise<ServerIdentity> {
  let lastError = '';
  for (const origin of candidateOrigins(domain)) {
    let index: unknown;
    try {
      index = await getJson(fetcher, `${origin}/.well-known/nodeinfo`, timeoutMs, domain);
    } catch (e) {
      if (e instanceof ProbeError) throw e;
      // The server answered, but not with nodeinfo (an error page, HTML, no such path).
      if (e instanceof HttpStatusError || e instanceof SyntaxError) {
        throw new ProbeError(
          `${domain} answered (${e.message}), but has no nodeinfo: it does not look like a Mastodon or Misskey server.`,
          'not-fediverse',
        );
      }
      lastError = e instanceof Error ? e.message : String(e);
      continue;
    }
    const links = (index as { links?: unknown })?.links;
    if (!Array.isArray(links))
      throw new ProbeError(
        `${domain} answered, but not with a nodeinfo index: it does not look like a fediverse server.`,
        'not-fediverse',
      );
    const hrefs = links
      .map((l) => (l && typeof l === 'object' ? (l as { href?: unknown; rel?: unknown }) : {}))
      .filter((l) => typeof l.href === 'string' && typeof l.rel === 'string' && l.rel.includes('nodeinfo'))
      .map((l) => l.href as string)
      .sort()
      .reverse();
    const href = hrefs[0];
    if (!href)
      throw new ProbeError(
        `${domain} has no nodeinfo document: it does not look like a fediverse server.`,
        'not-fediverse',
      );
    // Only follow nodeinfo on the same host: a server must not send us elsewhere.
    const url = new URL(href, origin);
    if (url.host !== new URL(origin).host)
      throw new ProbeError(`${domain}'s nodeinfo points to another host (${url.host}).`, 'not-fediverse');
    let info: unknown;
    try {
      info = await getJson(fetcher, `${origin}${url.pathname}`, timeoutMs, domain);
    } catch (e) {
      if (e instanceof ProbeError) throw e;
      throw new ProbeError(
        `${domain}'s nodeinfo could not be read: ${e instanceof Error ? e.message : String(e)}`,
        'unreachable',
      );
    }
    const software = (info as { software?: { name?: unknown; version?: unknown } })?.software;
    const name = typeof software?.name === 'string' ? software.name : '';
    const version = typeof software?.version === 'string' ? software.version : '';
    const platform = platformOfSoftware(name, version);
    if (!platform) {
      throw new ProbeError(
        `${domain} runs ${name || 'unknown software'} ${version}; Breakwater works with Mastodon and Misskey (and their forks).`.replace(
          /\s+;/,
          ';',
        ),
        'unsupported',
      );
    }
    return { origin, platform, software: name.toLowerCase(), version };
  }
  throw new ProbeError(
    `${domain} could not be reached (${lastError || 'no answer'}). Check the spelling and your connection.`,
    'unreachable',
  );
}
