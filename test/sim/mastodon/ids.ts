/**
 * Mastodon-style ids. Statuses and accounts use `timestamp_id` (Snowflake): milliseconds << 16 plus
 * 16 bits of per-row noise, so `id >> 16` is when *this server* created the row: the post time for
 * a status, the first-seen time for a remote account (instance-apis.md C1, "Entities").
 */
import { hash32 } from '../generator/prng';

export function snowflake(ms: number, key: string): string {
  return ((BigInt(Math.floor(ms)) << 16n) | BigInt(hash32(key) & 0xffff)).toString();
}

/** Milliseconds encoded in a Snowflake id string. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 16n);
}

export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `097/822/246/881/913/855`: how Paperclip splits an id into directories. */
export function idPath(id: string): string {
  const padded = id.padStart(18, '0');
  return padded.match(/.{3}/g)!.join('/');
}

export function hex16(key: string): string {
  return hash32(key, 1).toString(16).padStart(8, '0') + hash32(key, 2).toString(16).padStart(8, '0');
}
