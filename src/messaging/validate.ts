/**
 * Validators for everything that crosses into the background. A content script runs inside a page
 * full of content written by spammers, so the background checks the shape and the size of every
 * message before it looks at it (architecture.md, 7). Unknown fields are dropped by the schemas.
 */
import * as v from 'valibot';
import type { Post } from '../core/model';
import { LIMITS } from './limits';
import { OptionsRequestSchemas } from './options';
import { OverlayRequestSchemas } from './overlay';
import { QueueRequestSchemas } from './queue';
import { TriageRequestSchemas } from './triage';

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const nstr = (max: number) => v.nullable(str(max));
const num = v.pipe(v.number(), v.finite());
const count = v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0)));
const list = <T extends v.GenericSchema>(item: T, max: number) => v.pipe(v.array(item), v.maxLength(max));

export const AuthorSchema = v.object({
  key: str(LIMITS.key),
  id: nstr(LIMITS.id),
  username: str(LIMITS.name),
  host: str(LIMITS.host),
  displayName: str(LIMITS.name),
  avatarMissing: v.boolean(),
  bio: nstr(LIMITS.bio),
  bot: v.boolean(),
  createdAt: v.nullable(num),
  createdAtSource: v.picklist(['id', 'profile-day', 'profile', 'unknown']),
  followersCount: count,
  followingCount: count,
  postsCount: count,
});

const MediaSchema = v.object({
  kind: v.picklist(['image', 'gifv', 'video', 'audio', 'unknown']),
  blurhash: nstr(LIMITS.blurhash),
  width: count,
  height: count,
  url: nstr(LIMITS.url),
  description: nstr(LIMITS.cw),
});

const LinkSchema = v.object({ url: str(LIMITS.url), host: str(LIMITS.host) });
const MentionSchema = v.object({ username: str(LIMITS.name), host: nstr(LIMITS.host), id: nstr(LIMITS.id) });
const CardSchema = v.object({ url: str(LIMITS.url), title: str(LIMITS.cw), blurhash: nstr(LIMITS.blurhash) });

/** A Post whose quote may itself quote, `depth` levels deep at most (no unbounded recursion). */
function postSchema(depth: number): v.GenericSchema<unknown, Post> {
  return v.object({
    key: str(LIMITS.key),
    id: v.pipe(str(LIMITS.id), v.minLength(1)),
    instance: v.pipe(str(LIMITS.host), v.minLength(1)),
    platform: v.picklist(['mastodon', 'misskey']),
    url: nstr(LIMITS.url),
    uri: v.optional(nstr(LIMITS.url)),
    createdAt: num,
    author: AuthorSchema,
    text: str(LIMITS.text),
    cw: str(LIMITS.cw),
    language: nstr(LIMITS.language),
    mentions: list(MentionSchema, LIMITS.mentions),
    tags: list(str(LIMITS.name), LIMITS.tags),
    links: list(LinkSchema, LIMITS.links),
    media: list(MediaSchema, LIMITS.media),
    card: v.nullable(CardSchema),
    visibility: str(LIMITS.visibility),
    inReplyToId: nstr(LIMITS.id),
    boost: v.nullable(v.object({ by: AuthorSchema, id: str(LIMITS.id) })),
    quote: depth > 0 ? v.nullable(postSchema(depth - 1)) : v.null(),
  }) as v.GenericSchema<unknown, Post>;
}

export const PostSchema = postSchema(LIMITS.quoteDepth);

export const DecisionSchema = v.object({
  kind: v.picklist(['spam', 'not-spam']),
  postKey: v.pipe(str(LIMITS.key), v.minLength(3)),
  at: num,
});

const ReasonSchema = v.object({
  signal: str(100),
  code: str(100),
  params: v.pipe(
    v.record(str(100), v.union([v.string(), num])),
    v.check((p) => Object.keys(p).length <= 32),
  ),
  text: str(1000),
  weight: num,
});

export const VerdictSchema = v.object({
  postKey: str(LIMITS.key),
  verdict: v.picklist(['spam', 'suspicious', 'ok']),
  score: num,
  wave: nstr(LIMITS.id),
  freshAccount: v.boolean(),
  accountAgeHours: v.nullable(num),
  reasons: list(ReasonSchema, 64),
});

export const WaveSummarySchema = v.object({
  id: str(LIMITS.id),
  size: num,
  accounts: num,
  firstSeen: num,
  lastSeen: num,
  samplePostKey: str(LIMITS.key),
  sampleText: str(LIMITS.text),
  shared: list(str(200), 64),
  instances: list(str(LIMITS.host), 256),
});

/** The web UI's own login token, read from the page: printable ASCII, no spaces. */
const TokenSchema = v.pipe(v.string(), v.minLength(8), v.maxLength(LIMITS.token), v.regex(/^[\x21-\x7e]+$/));

/** Requests, one schema per message type (see ./protocol.ts for what each does). */
export const RequestSchemas = {
  'ui:addInstance': v.object({ type: v.literal('ui:addInstance'), domain: str(LIMITS.host + 16) }),
  'ui:removeInstance': v.object({ type: v.literal('ui:removeInstance'), domain: str(LIMITS.host + 16) }),
  'ui:listInstances': v.object({ type: v.literal('ui:listInstances') }),
  'ui:decide': v.object({
    type: v.literal('ui:decide'),
    decision: DecisionSchema,
    post: v.optional(v.nullable(PostSchema)),
  }),
  'ui:status': v.object({ type: v.literal('ui:status') }),
  'ui:exportBackup': v.object({ type: v.literal('ui:exportBackup') }),
  'ui:importBackup': v.object({ type: v.literal('ui:importBackup'), text: v.string() }),
  'ui:rulesChanged': v.object({ type: v.literal('ui:rulesChanged') }),
  'content:hello': v.object({
    type: v.literal('content:hello'),
    platform: v.picklist(['mastodon', 'misskey']),
    url: str(LIMITS.url),
  }),
  'content:posts': v.object({
    type: v.literal('content:posts'),
    posts: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(LIMITS.postsPerBatch)),
  }),
  'content:decide': v.object({ type: v.literal('content:decide'), decision: DecisionSchema, post: PostSchema }),
  'content:token': v.object({ type: v.literal('content:token'), token: TokenSchema, account: nstr(LIMITS.name) }),
  ...QueueRequestSchemas,
  ...OptionsRequestSchemas,
  ...OverlayRequestSchemas,
  ...TriageRequestSchemas,
} as const;

export type RequestSchemaType = keyof typeof RequestSchemas;
export type ValidRequest<T extends RequestSchemaType> = v.InferOutput<(typeof RequestSchemas)[T]>;

export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  const i = issues[0]!;
  const path = v.getDotPath(i);
  return `${path ? `${path}: ` : ''}${i.message}`;
}

export function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Validated<T> {
  const r = v.safeParse(schema, input);
  return r.success ? { ok: true, value: r.output } : { ok: false, message: describe(r.issues) };
}

/** Validates a request: its type must be known, its fields well-formed and within the limits. */
export function validateRequest(
  msg: unknown,
): Validated<{ [T in RequestSchemaType]: ValidRequest<T> }[RequestSchemaType]> {
  if (!msg || typeof msg !== 'object') return { ok: false, message: 'not an object' };
  const type = (msg as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(RequestSchemas, type)) {
    return { ok: false, message: `unknown message type ${JSON.stringify(String(type).slice(0, 64))}` };
  }
  const schema = RequestSchemas[type as RequestSchemaType] as v.GenericSchema<unknown, ValidRequest<RequestSchemaType>>;
  return validate(schema, msg);
}

/** A post is from the instance that sent it, and its key is `instance/id` (quotes included). */
export function postBelongsTo(post: Post, instance: string): boolean {
  for (let p: Post | null = post; p; p = p.quote) {
    if (p.instance !== instance || p.key !== `${p.instance}/${p.id}`) return false;
  }
  return true;
}

export interface PostsCheck {
  posts: Post[];
  rejected: { index: number; reason: string }[];
}

/** Validates a batch's posts one by one: a malformed post is refused alone, not the whole batch. */
export function validatePosts(items: readonly unknown[], instance: string): PostsCheck {
  const out: PostsCheck = { posts: [], rejected: [] };
  const keys = new Set<string>();
  items.forEach((item, index) => {
    const r = validate(PostSchema, item);
    if (!r.ok) out.rejected.push({ index, reason: r.message });
    else if (!postBelongsTo(r.value, instance)) out.rejected.push({ index, reason: `not a post of ${instance}` });
    else if (keys.has(r.value.key)) out.rejected.push({ index, reason: 'duplicate key in batch' });
    else {
      keys.add(r.value.key);
      out.posts.push(r.value);
    }
  });
  return out;
}
