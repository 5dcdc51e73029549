/**
 * The shapes of Misskey API JSON that Breakwater accepts from the page (the main-world observer's
 * copies, its own lookups): Note and UserLite as 2024.2 to 2025.x serve them
 * (../shared/reference/web-ui-dom.md 4.3-4.4), typed and bounded where the normalizer reads. Only
 * those fields are kept (`v.object` drops the rest). Nesting is bounded by construction: a note's
 * `renote`/`reply` hold notes whose own `renote` holds one more level, and no further (a pure renote
 * of a quote), so a page cannot make the validator recurse deeply.
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

/** aid (10), aidx (16), meid/meidg/objectid (24), ulid (26). */
export const MisskeyId = v.pipe(v.string(), v.regex(/^[0-9A-Za-z]{8,32}$/));

export const UserSchema = v.object({
  id: MisskeyId,
  username: v.pipe(str(300), v.minLength(1)),
  host: opt(str(300)),
  name: opt(str(5_000)),
  avatarUrl: opt(str(4_096)),
  isBot: opt(v.boolean()),
  // UserDetailed only (`users/show`, some notifications): read when present.
  createdAt: opt(str(64)),
  description: opt(str(100_000)),
  followersCount: opt(v.number()),
  followingCount: opt(v.number()),
  notesCount: opt(v.number()),
});

const NoteFields = {
  id: MisskeyId,
  createdAt: str(64),
  userId: MisskeyId,
  user: UserSchema,
  text: opt(str(200_000)),
  cw: opt(str(20_000)),
  visibility: opt(str(32)),
  replyId: opt(MisskeyId),
  renoteId: opt(MisskeyId),
  mentions: list(1_000),
  tags: list(1_000),
  files: list(100),
  fileIds: list(100),
  poll: v.optional(v.unknown()),
  uri: opt(str(4_096)),
  url: opt(str(4_096)),
};

const Note2Schema = v.object(NoteFields);
const Note1Schema = v.object({ ...NoteFields, renote: opt(Note2Schema), reply: opt(Note2Schema) });
export const NoteSchema = v.object({ ...NoteFields, renote: opt(Note1Schema), reply: opt(Note1Schema) });

export type NoteJson = v.InferOutput<typeof NoteSchema>;
export type InnerNoteJson = v.InferOutput<typeof Note1Schema>;

export function asNote(x: unknown): NoteJson | null {
  const r = v.safeParse(NoteSchema, x);
  return r.success ? r.output : null;
}

/**
 * A pure renote (upstream `isPureRenote`): a renote without text, files or poll of its own. The web
 * UI shows the renoted note (`appearNote`), and the normalizer makes the Post of that note.
 */
export function isPureRenote(n: {
  renote?: unknown;
  renoteId?: unknown;
  text?: unknown;
  files?: unknown[];
  fileIds?: unknown[];
  poll?: unknown;
}): boolean {
  return (
    (typeof n.renoteId === 'string' || (!!n.renote && typeof n.renote === 'object')) &&
    (n.text === null || n.text === undefined) &&
    (n.files?.length ?? 0) === 0 &&
    (n.fileIds?.length ?? 0) === 0 &&
    !(n.poll && typeof n.poll === 'object')
  );
}
