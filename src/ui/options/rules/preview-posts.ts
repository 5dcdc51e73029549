import type { Author, Post } from '../../../core/model';
import type { PreviewInput } from '../../../core/rules/preview';
import { linksInText } from '../../../core/text/urls';
import type { AuthorRow, PostRow } from '../../../storage/db';

/**
 * The posts the live preview runs on: the last posts seen, from the store. A flagged post's row
 * keeps the whole post; an unflagged one keeps its text (cut to 500 characters), its content
 * warning and its author's key, so the post is rebuilt from those and the author's row (display
 * name, creation time), with the links found in its text. Bios, media descriptions and cards of
 * unflagged posts are not kept, so rules on those fields preview on flagged posts only.
 */
export function previewInput(row: PostRow, authorRow: AuthorRow | undefined): PreviewInput {
  if (row.post) return { post: row.post, verdict: row.verdict };
  const at = row.authorKey.lastIndexOf('@');
  const username = at > 0 ? row.authorKey.slice(0, at) : row.authorKey;
  const host = at > 0 ? row.authorKey.slice(at + 1) : row.instance;
  const author: Author = {
    key: row.authorKey,
    id: null,
    username: authorRow?.username ?? username,
    host: authorRow?.host ?? host,
    displayName: authorRow?.displayName ?? '',
    avatarMissing: false,
    bio: null,
    bot: false,
    createdAt: authorRow?.createdAt ?? null,
    createdAtSource: 'unknown',
    followersCount: null,
    followingCount: null,
    postsCount: null,
  };
  const post: Post = {
    key: row.key,
    id: row.id,
    instance: row.instance,
    platform: 'mastodon',
    url: row.url,
    createdAt: row.createdAt,
    author,
    text: row.text,
    cw: row.cw,
    language: null,
    mentions: [],
    tags: [],
    links: linksInText(row.text),
    media: [],
    card: null,
    visibility: 'public',
    inReplyToId: null,
    boost: null,
    quote: null,
  };
  return { post, verdict: row.verdict };
}
