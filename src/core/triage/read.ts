/**
 * Reading the admin APIs' answers for triage, defensively: an instance (or something in front of
 * it) may answer with anything. Every item is checked field by field; a malformed item is refused
 * alone with the path of what was wrong (`report 1209: target_account.id: expected a string, got
 * number`), a malformed answer as a whole with a sentence that says what came instead.
 */
import { isObject, type Json } from '../json-read';

/** What the triage page shows when an instance's queue cannot be read. */
export class TriageReadError extends Error {
  override name = 'TriageReadError';
  constructor(
    message: string,
    /** The HTTP status (0: no answer). */
    readonly status = 0,
  ) {
    super(message);
  }
}

/** A field that is not what it must be. */
export class FieldError extends Error {
  override name = 'FieldError';
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`${path}: ${what}`);
  }
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length > 40 ? 'a long string' : `the string ${JSON.stringify(v)}`;
  return typeof v;
}

/** Limits of what one item may carry (longer text is cut, longer lists are cut). */
export const READ_LIMITS = {
  id: 200,
  name: 300,
  host: 253,
  comment: 3_000,
  reason: 3_000,
  email: 320,
  ip: 64,
  postsPerReport: 40,
} as const;

/** An object, or a FieldError naming the path. */
export function objAt(v: unknown, path: string): Json {
  if (!isObject(v)) throw new FieldError(path, `expected an object, got ${kindOf(v)}`);
  return v;
}

/** An id: printable ASCII without spaces (it goes into URLs and the queue), a string or an integer. */
export function idAt(o: Json, key: string, path: string): string {
  const v = o[key];
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof s !== 'string') throw new FieldError(`${path}.${key}`, `expected a string, got ${kindOf(v)}`);
  if (!s || s.length > READ_LIMITS.id || !/^[\x21-\x7e]+$/.test(s) || /[/?#%\\]/.test(s))
    throw new FieldError(`${path}.${key}`, `not a usable id (${JSON.stringify(s.slice(0, 40))})`);
  return s;
}

/** A string field, cut to `max` characters. */
export function strAt(o: Json, key: string, path: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string') throw new FieldError(`${path}.${key}`, `expected a string, got ${kindOf(v)}`);
  return cut(v, max);
}

/** An optional string: absent or null gives null; another type is an error. */
export function optStrAt(o: Json, key: string, path: string, max: number): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new FieldError(`${path}.${key}`, `expected a string or null, got ${kindOf(v)}`);
  return cut(v, max);
}

/** A date (ISO 8601) as epoch ms. */
export function dateAt(o: Json, key: string, path: string): number {
  const v = o[key];
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw new FieldError(`${path}.${key}`, `expected a date, got ${kindOf(v)}`);
  return t;
}

/** A username: no spaces, no `@` inside (it becomes `user@host`). */
export function usernameAt(o: Json, key: string, path: string): string {
  const u = strAt(o, key, path, READ_LIMITS.name);
  if (!u || !/^[^\s@/]+$/u.test(u)) throw new FieldError(`${path}.${key}`, `not a username (${JSON.stringify(u)})`);
  return u;
}

/** A host name as the queue accepts it. */
export function hostAt(o: Json, key: string, path: string): string | null {
  const h = optStrAt(o, key, path, READ_LIMITS.host + 1);
  if (h === null || h === '') return null;
  if (h.length > READ_LIMITS.host || !/^[^\s/@?#]+$/u.test(h))
    throw new FieldError(`${path}.${key}`, `not a host name (${JSON.stringify(h.slice(0, 40))})`);
  return h.toLowerCase();
}

export function cut(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** The message of what was thrown while reading an item. */
export function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `rel="next"` of a Link header, only on `origin` (a page elsewhere is never followed). */
export function nextLink(link: string | undefined, origin: string): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m) continue;
    try {
      const u = new URL(m[1]!, origin);
      return u.origin === origin ? u.pathname + u.search : null;
    } catch {
      return null;
    }
  }
  return null;
}
