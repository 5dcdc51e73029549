/**
 * One HTTP call of the action executors (./mastodon/actions.ts, ./misskey/actions.ts), read
 * defensively: an instance, a proxy in front of it or a captive portal may answer with an HTML
 * error page, a 200 whose body is an error, JSON of the wrong shape, a redirect to another domain,
 * or nothing at all. None of these is ever taken for "done".
 */

export type Fetcher = typeof fetch;

export interface HttpAnswer {
  /** 0 when no answer came (network error, timeout, redirect refused). */
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body parsed as JSON, when it was JSON. */
  json: unknown;
  /** The body as text, cut to a few hundred characters (for messages and the audit log). */
  excerpt: string;
  /** Set when there is no usable answer: why. */
  error: string | null;
  /** True when the request may have reached the server although no answer came (in doubt). */
  inDoubt: boolean;
  /** Epoch ms the request was sent. */
  sentAt: number;
}

export interface CallOptions {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** The instance's origin: answers from anywhere else are refused. */
  origin: string;
  /** Path and query, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  now?: () => number;
  /** Most bytes of the body read (default {@link DEFAULT_MAX_BYTES}); a longer answer is not read. */
  maxBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Largest answer read (16 MB): a Mastodon page of 200 admin reports with their posts is about
 * 1-2 MB; anything far beyond is not an API answer, and reading it would hold the worker's memory.
 */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const EXCERPT = 300;

/** Thrown by {@link readCapped} when the body is longer than allowed. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    const size =
      maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
    super(`the answer is larger than ${size}; not read`);
  }
}

/**
 * The body as text, at most `maxBytes` bytes (UTF-8): the stream is read chunk by chunk and
 * cancelled once it grows past the bound (Content-Length is not trusted). Throws TooLargeError.
 */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLargeError(maxBytes);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function plain(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, EXCERPT);
}

/** Sends one request and reads its answer; never throws. */
export async function callApi(fetcher: Fetcher, o: CallOptions): Promise<HttpAnswer> {
  const now = o.now ?? Date.now;
  const sentAt = now();
  const none = (error: string, inDoubt: boolean): HttpAnswer => ({
    status: 0,
    headers: {},
    json: undefined,
    excerpt: '',
    error,
    inDoubt,
    sentAt,
  });
  let url: URL;
  try {
    url = new URL(o.path, o.origin);
  } catch {
    return none(`bad URL ${o.origin}${o.path}`, false);
  }
  if (url.origin !== new URL(o.origin).origin) return none(`refused to call ${url.origin}`, false);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetcher(url.href, {
      method: o.method,
      headers: {
        Accept: 'application/json',
        ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...o.headers,
      },
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
      // A redirect is never followed: the request (and its token) must not go to another server.
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: ctrl.signal,
    });
  } catch (e) {
    clearTimeout(timer);
    const aborted = ctrl.signal.aborted;
    const msg = aborted ? `no answer within ${Math.round((o.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s` : describe(e);
    // The request may have been received: only a refused connection surely was not.
    return none(msg, !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|refused/i.test(msg));
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    clearTimeout(timer);
    const to = headers.location ? ` to ${safeOrigin(headers.location, url.href)}` : '';
    return {
      ...none(`the server redirected the request${to}; not followed`, false),
      status: res.status || 302,
      headers,
    };
  }
  let text: string;
  try {
    text = await readCapped(res, o.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (e) {
    clearTimeout(timer);
    // The request was received (an answer started): in doubt whatever stopped its reading.
    const why =
      e instanceof TooLargeError
        ? e.message
        : ctrl.signal.aborted
          ? `the answer did not finish within ${Math.round((o.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s`
          : `the answer was cut off: ${describe(e)}`;
    return { ...none(why, true), status: res.status, headers };
  }
  clearTimeout(timer);
  let json: unknown = undefined;
  let error: string | null = null;
  const type = headers['content-type'] ?? '';
  if (text.length) {
    try {
      json = JSON.parse(text);
    } catch {
      error = /html/i.test(type) || /^\s*</.test(text) ? `an HTML page (${plain(text).slice(0, 120)})` : 'not JSON';
    }
  }
  return { status: res.status, headers, json, excerpt: plain(text), error, inDoubt: false, sentAt };
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${(cause as Error & { code?: string }).code ?? cause.message}` : '';
    return `${e.message}${c}`.slice(0, 200);
  }
  return String(e).slice(0, 200);
}

function safeOrigin(location: string, base: string): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return 'elsewhere';
  }
}

/** A JSON object (not an array, not null). */
export function isObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

/** What the audit log keeps of an answer: status, an error code, a short excerpt. */
export function answerSummary(a: HttpAnswer): { status: number; excerpt: string; error?: string } {
  return { status: a.status, excerpt: a.excerpt, ...(a.error ? { error: a.error } : {}) };
}

/**
 * The longest wait a server's rate-limit answer may impose (25 h: Mastodon's longest window, the
 * 24-hour one of reports, with room to spare). A later time is a lie or a clock gone wrong: the
 * queue asks again then instead of holding the batch for years.
 */
export const MAX_RATE_WAIT_MS = 25 * 60 * 60 * 1000;
/** The shortest wait after a 429 (a reset already past must not make a tight loop of 429s). */
export const MIN_RATE_WAIT_MS = 1_000;

/** A 429's time to wait until, within [now + 1 s, now + 25 h]. */
export function clampWait(until: number, now: number): number {
  if (!Number.isFinite(until)) return now + 60_000;
  return Math.min(Math.max(until, now + MIN_RATE_WAIT_MS), now + MAX_RATE_WAIT_MS);
}

/** `Retry-After` in seconds or as an HTTP date, as epoch ms; null when absent or unreadable. */
export function retryAfter(headers: Record<string, string>, now: number): number | null {
  const v = headers['retry-after'];
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return now + Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/**
 * The server's clock minus ours, from the `Date` header, when they differ by more than the
 * header's one-second precision: reset times the server gives are moved onto our clock.
 */
export function clockSkew(headers: Record<string, string>, receivedAt: number): number {
  const d = headers.date ? Date.parse(headers.date) : NaN;
  if (!Number.isFinite(d)) return 0;
  const skew = d - receivedAt;
  return Math.abs(skew) > 2_000 ? skew : 0;
}

/** Why a {@link fetchText} call got no usable answer (status 0: none came). */
export class FetchTextError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** none: no answer; redirect: a 3xx not followed; too-large; cut: the body did not arrive whole. */
    readonly reason: 'none' | 'redirect' | 'too-large' | 'cut',
    /** The target of a redirect that was not followed (its origin), when the answer said. */
    readonly redirectedTo: string | null = null,
  ) {
    super(message);
  }
}

/**
 * One request for the sign-in flows and the instance probe (not the action queue, which uses
 * {@link callApi}): never follows a redirect (`redirect: 'manual'`: a 3xx or an opaque redirect is
 * refused, so a token never goes to another server), sends no cookies, gives up after `timeoutMs`
 * (the body included) and reads at most `maxBytes`. Throws FetchTextError with a readable reason.
 */
export async function fetchText(
  fetcher: Fetcher,
  url: string,
  init: RequestInit,
  { timeoutMs = 20_000, maxBytes = 1024 * 1024 }: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<{ res: Response; text: string }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const secs = Math.max(1, Math.round(timeoutMs / 1000));
  try {
    let res: Response;
    try {
      res = await fetcher(url, {
        ...init,
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
        signal: ctrl.signal,
      });
    } catch (e) {
      throw new FetchTextError(
        0,
        ctrl.signal.aborted ? `no answer within ${secs} s` : `not reachable (${describe(e)})`,
        'none',
      );
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      await res.body?.cancel().catch(() => undefined);
      const location = res.headers.get('location');
      const to = location ? safeOrigin(location, url) : null;
      throw new FetchTextError(
        res.status || 302,
        `the server redirected the request${to ? ` to ${to}` : ''}; not followed`,
        'redirect',
        to,
      );
    }
    try {
      return { res, text: await readCapped(res, maxBytes) };
    } catch (e) {
      if (e instanceof TooLargeError) throw new FetchTextError(res.status, e.message, 'too-large');
      throw new FetchTextError(
        res.status,
        ctrl.signal.aborted ? `the answer did not finish within ${secs} s` : `the answer was cut off (${describe(e)})`,
        'cut',
      );
    }
  } finally {
    clearTimeout(timer);
  }
}
