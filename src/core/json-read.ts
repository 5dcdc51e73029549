/**
 * Tolerant readers for platform JSON: unknown fields are ignored, a missing optional field gets
 * its default, and a wrong required field raises a NormalizeError that names the path, e.g.
 * `status.account.username: expected a string, got number`.
 */
export class NormalizeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'NormalizeError';
  }
}

export type Json = Record<string, unknown>;

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, path: string): Json {
  if (!isObject(v)) throw new NormalizeError(`expected an object, got ${kind(v)}`, path);
  return v;
}

export function str(o: Json, key: string, path: string, max = Infinity): string {
  const v = o[key];
  if (typeof v !== 'string') throw new NormalizeError(`expected a string, got ${kind(v)}`, `${path}.${key}`);
  if (v.length > max) throw new NormalizeError(`longer than ${max} characters`, `${path}.${key}`);
  return v;
}

/** An id: a string, or a number (some forks send numbers), as a string; at most `max` characters. */
export function id(o: Json, key: string, path: string, max = 200): string {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v === '')
    throw new NormalizeError(`expected an id string, got ${kind(v)}`, `${path}.${key}`);
  if (v.length > max) throw new NormalizeError(`id longer than ${max} characters`, `${path}.${key}`);
  return v;
}

export function optStr(o: Json, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

export function optNum(o: Json, key: string): number | null {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function optBool(o: Json, key: string): boolean {
  return o[key] === true;
}

export function optArr(o: Json, key: string): unknown[] {
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

/** The dates a post or an account can plausibly carry: from 2000 to 2100 (as the ids' times). */
export const MIN_DATE = Date.UTC(2000, 0, 1);
export const MAX_DATE = Date.UTC(2100, 0, 1);

/**
 * Epoch ms of an ISO date string, or null; null also for a date before 2000 or after 2100 (year
 * 275760, a date a hostile server makes up to push the engine's clock forward).
 */
export function optDate(o: Json, key: string): number | null {
  const v = o[key];
  if (typeof v !== 'string' || v.length > 64) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) && t >= MIN_DATE && t <= MAX_DATE ? t : null;
}

/** The result of a normalizer that must not throw (replay tool, content script). */
export type Normalized<T> = { ok: true; value: T } | { ok: false; error: string };

export function attempt<T>(fn: () => T): Normalized<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof NormalizeError) return { ok: false, error: e.message };
    if (e instanceof RangeError) return { ok: false, error: `too deeply nested or too large: ${e.message}` };
    throw e;
  }
}
