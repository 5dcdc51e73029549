/**
 * The shapes of Mastodon API JSON that Breakwater accepts from the page (main-world observer copies,
 * its own lookups): Status and Account as `app/serializers/rest/*` write them in 4.2 to 4.6, loose
 * (unknown fields pass, the normalizer ignores them) but typed and bounded where Breakwater reads.
 */
import * as v from 'valibot';

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const opt = <T extends v.GenericSchema>(s: T) => v.optional(v.nullable(s));
const list = <T extends v.GenericSchema>(item: T, max: number) => v.optional(v.pipe(v.array(item), v.maxLength(max)));

/** Mastodon ids are decimal Snowflake ids (or small sequential ones for old records). */
export const MastodonId = v.pipe(v.string(), v.regex(/^\d{1,24}$/));

export const AccountSchema = v.looseObject({
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

const MediaSchema = v.looseObject({
  type: opt(str(32)),
  url: opt(str(4_096)),
  remote_url: opt(str(4_096)),
  blurhash: opt(str(500)),
  description: opt(str(10_000)),
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
  mentions: list(v.looseObject({ username: opt(str(300)), acct: opt(str(600)) }), 1_000),
  tags: list(v.looseObject({ name: opt(str(1_000)) }), 1_000),
  media_attachments: list(MediaSchema, 100),
  card: opt(v.looseObject({ url: opt(str(4_096)) })),
};

/** A status without a boost inside (what `reblog` and `quote.quoted_status` hold). */
export const InnerStatusSchema = v.looseObject(StatusFields);

export const StatusSchema = v.looseObject({
  ...StatusFields,
  reblog: opt(InnerStatusSchema),
  quote: opt(v.looseObject({ quoted_status: opt(InnerStatusSchema) })),
});

export type StatusJson = v.InferOutput<typeof StatusSchema>;

export function asStatus(x: unknown): StatusJson | null {
  const r = v.safeParse(StatusSchema, x);
  return r.success ? r.output : null;
}
