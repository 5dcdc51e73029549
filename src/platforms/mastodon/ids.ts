/**
 * Mastodon ids are Snowflake-like: `id >> 16` is the millisecond at which this server created the
 * record (mastodon/mastodon `lib/mastodon/snowflake.rb`, `db/schema.rb` `timestamp_id`). For a
 * remote account that is when the viewing server first saw it. Accounts created before Mastodon
 * 2.x and some imported records carry small sequential ids that encode no time.
 */

/** Earliest plausible time in a Snowflake id: 2016-01-01 (Mastodon's first release was 2016-10). */
const MIN_TIME = Date.UTC(2016, 0, 1);
/** Latest plausible time: far enough ahead for any clock skew, early enough to reject garbage. */
const MAX_TIME = Date.UTC(2100, 0, 1);

/** Epoch ms encoded in a Mastodon id, or null when the id is not a time-based id. */
export function mastodonIdTime(id: string): number | null {
  if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) return null;
  // 2^53 > every id up to year 2100 shifted right by 16, but the id itself needs BigInt.
  const ms = Number(BigInt(id) >> 16n);
  return ms >= MIN_TIME && ms <= MAX_TIME ? ms : null;
}

/** The smallest id that a record created at `ms` can have (for since_id / min_id paging). */
export function mastodonIdAt(ms: number): string {
  return (BigInt(Math.floor(ms)) << 16n).toString();
}
