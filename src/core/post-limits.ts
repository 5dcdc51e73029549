/**
 * Caps on what a normalizer puts in a Post (issue 10, hostile input). Spam is written to be big:
 * a status of 1 MB, 5,000 mentions, 10,000 nested tags. The normalizers (src/platforms/*\/normalize.ts)
 * read at most `source` characters of a post's HTML or MFM and cut or drop everything past these
 * caps, so a Post costs bounded time and memory in the engine whatever the JSON held. The
 * background accepts from a tab exactly these (src/messaging/limits.ts is built from them), so what
 * the content script sends needs no further cutting. docs/engine.md, "Hostile input".
 */
export const POST_LIMITS = {
  /** Characters of a post's HTML (Mastodon) or MFM source (Misskey) read; a bio's, a quarter of it. */
  source: 100_000,
  /** Characters of the plain text kept. */
  text: 20_000,
  /** Content warning, media descriptions, a card's title. */
  cw: 2_000,
  bio: 10_000,
  /** Usernames (longer: refused), display names, tags and mentioned usernames (longer: cut or left out). */
  name: 300,
  /** URLs longer than this are left out (a link, an avatar, a picture, the post's own). */
  url: 2_048,
  /** Ids longer than this are refused (the post's, its author's) or left out (a reply's, a mention's). */
  id: 200,
  /** Host names longer than DNS allows are refused (an author's) or left out (a mention's, a link's). */
  host: 253,
  language: 35,
  visibility: 32,
  /** A BlurHash of 9 x 9 components has 166 characters; a longer one is left out. */
  blurhash: 200,
  mentions: 200,
  tags: 100,
  links: 100,
  media: 32,
} as const;

/**
 * A copy of `s` that does not keep the string it was cut from alive. V8 represents a slice of a
 * long string as a view of it: the first 300 characters of a display name of 1 MB kept the whole
 * megabyte in memory for as long as the engine remembered the name (200 such names: 200 MB).
 * Concatenating and slicing again makes V8 copy the characters into a string of their own.
 */
export function detach(s: string): string {
  return (s + '\u0000').slice(0, -1);
}

/** The first `max` UTF-16 units of `s`, without splitting a surrogate pair, detached from `s`. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return detach(s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max));
}

/** `s` when it is at most `max` long, null otherwise. */
export function within(s: string | null, max: number): string | null {
  return s !== null && s.length <= max ? s : null;
}
