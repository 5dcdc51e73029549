/**
 * Size limits of what a content script may send. The page runtime cuts its data to these before
 * sending (a longer text is truncated, not refused); the background refuses anything larger.
 */
export const LIMITS = {
  /** Posts per `content:posts` message (one message per animation frame at most). */
  postsPerBatch: 100,
  /** Characters. */
  text: 20_000,
  cw: 2_000,
  bio: 10_000,
  url: 2_048,
  key: 600,
  id: 200,
  host: 253,
  name: 300,
  language: 35,
  visibility: 32,
  blurhash: 200,
  token: 4_096,
  /** Array lengths. */
  mentions: 200,
  tags: 100,
  links: 100,
  media: 32,
  /** A quote of a quote of a post, at most. */
  quoteDepth: 2,
} as const;
