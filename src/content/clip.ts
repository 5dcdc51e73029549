/**
 * Cuts a Post to the sizes the background accepts (src/messaging/limits.ts): a longer text is
 * truncated rather than refused, a URL too long to be real is dropped. Spam is written to be big.
 */
import type { Author, Post } from '../core/model';
import { LIMITS } from '../messaging/limits';

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);
const cutN = (s: string | null, max: number) => (s === null ? null : cut(s, max));
const url = (s: string | null) => (s !== null && s.length <= LIMITS.url ? s : null);

function clipAuthor(a: Author): Author {
  return {
    ...a,
    key: cut(a.key, LIMITS.key),
    id: a.id !== null && a.id.length <= LIMITS.id ? a.id : null,
    username: cut(a.username, LIMITS.name),
    host: cut(a.host, LIMITS.host),
    displayName: cut(a.displayName, LIMITS.name),
    bio: cutN(a.bio, LIMITS.bio),
  };
}

/** A copy within the limits; null when the post cannot be represented (an id or key too long). */
export function clipPost(p: Post, depth = 0): Post | null {
  if (p.id.length > LIMITS.id || p.key.length > LIMITS.key || p.instance.length > LIMITS.host) return null;
  return {
    ...p,
    url: url(p.url),
    uri: p.uri === undefined ? undefined : url(p.uri),
    author: clipAuthor(p.author),
    text: cut(p.text, LIMITS.text),
    cw: cut(p.cw, LIMITS.cw),
    language: p.language !== null && p.language.length <= LIMITS.language ? p.language : null,
    mentions: p.mentions.slice(0, LIMITS.mentions).map((m) => ({
      username: cut(m.username, LIMITS.name),
      host: cutN(m.host, LIMITS.host),
      id: m.id !== null && m.id.length <= LIMITS.id ? m.id : null,
    })),
    tags: p.tags.slice(0, LIMITS.tags).map((t) => cut(t, LIMITS.name)),
    links: p.links
      .filter((l) => l.url.length <= LIMITS.url)
      .slice(0, LIMITS.links)
      .map((l) => ({ url: l.url, host: cut(l.host, LIMITS.host) })),
    media: p.media.slice(0, LIMITS.media).map((m) => ({
      ...m,
      blurhash: m.blurhash !== null && m.blurhash.length <= LIMITS.blurhash ? m.blurhash : null,
      url: url(m.url),
      description: cutN(m.description, LIMITS.cw),
    })),
    card:
      p.card && p.card.url.length <= LIMITS.url
        ? {
            url: p.card.url,
            title: cut(p.card.title, LIMITS.cw),
            blurhash: p.card.blurhash !== null && p.card.blurhash.length <= LIMITS.blurhash ? p.card.blurhash : null,
          }
        : null,
    visibility: cut(p.visibility, LIMITS.visibility),
    inReplyToId: p.inReplyToId !== null && p.inReplyToId.length <= LIMITS.id ? p.inReplyToId : null,
    boost: p.boost && p.boost.id.length <= LIMITS.id ? { by: clipAuthor(p.boost.by), id: p.boost.id } : null,
    quote: p.quote && depth < LIMITS.quoteDepth ? clipPost(p.quote, depth + 1) : null,
  };
}
