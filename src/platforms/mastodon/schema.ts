/**
 * The shapes of Mastodon API JSON that Breakwater accepts from the page (main-world observer copies,
 * its own lookups): Status and Account as `app/serializers/rest/*` write them in 4.2 to 4.6, typed
 * and bounded where Breakwater reads. Only the fields the normalizer reads are kept (`v.object`
 * drops the rest: four times faster than keeping them, measured on the captured timelines); the
 * lists whose items the normalizer checks itself pass as they are, bounded in length.
 */
import * as v from 'valibot';

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const opt = <T extends v.GenericSchema>(s: T) => v.optional(v.nullable(s));
/**
 * A list the normalizer checks item by item, cut to `max` items (not refused: a post with 5,000
 * mentions must still be judged, it is exactly what a spammer would send to go unjudged).
 */
const list = (max: number) =>
  v.optional(
    v.pipe(
      v.array(v.unknown()),
      v.transform((a) => (a.length > max ? a.slice(0, max) : a)),
    ),
  );

/** Mastodon ids are decimal Snowflake ids (or small sequential ones for old records). */
export const MastodonId = v.pipe(v.string(), v.regex(/^\d{1,24}$/));

export const AccountSchema = v.object({
  id: MastodonId,
  username: v.pipe(str(300), v.minLength(1)),
  acct: v.pipe(str(600), v.minLength(1)),
  display_name: opt(str(5_000)),
  note: opt(str(100_000)),
  avatar: opt(str(4_096)),
  avatar_static: opt(str(4_096)),
  created_at: opt(str(64)),
  bot: opt(v.boolean()),
  followers_count: opt(v.number()),
  following_count: opt(v.number()),
  statuses_count: opt(v.number()),
});

const StatusFields = {
  id: MastodonId,
  created_at: str(64),
  account: AccountSchema,
  content: v.optional(str(1_000_000)),
  spoiler_text: opt(str(20_000)),
  uri: opt(str(4_096)),
  url: opt(str(4_096)),
  visibility: opt(str(32)),
  language: opt(str(64)),
  in_reply_to_id: opt(MastodonId),
  mentions: list(1_000),
  tags: list(1_000),
  media_attachments: list(100),
  card: v.optional(v.unknown()),
};

/** A status without a boost inside (what `reblog` and `quote.quoted_status` hold). */
export const InnerStatusSchema = v.object({ ...StatusFields, quote: v.optional(v.unknown()) });

export const StatusSchema = v.object({
  ...StatusFields,
  reblog: opt(InnerStatusSchema),
  // 4.5+ `{state, quoted_status}`; the quoted status is checked where it is read (./observe.ts).
  quote: v.optional(v.unknown()),
});

export type StatusJson = v.InferOutput<typeof StatusSchema>;

export function asStatus(x: unknown): StatusJson | null {
  const r = v.safeParse(StatusSchema, x);
  return r.success ? r.output : null;
}
