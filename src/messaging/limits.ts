/**
 * Size limits of what a content script may send. The page runtime cuts its data to these before
 * sending (a longer text is truncated, not refused); the background refuses anything larger. The
 * post's own fields are the normalizers' caps (src/core/post-limits.ts), so what a normalizer
 * produced always passes.
 */
import { POST_LIMITS } from '../core/post-limits';

const { source: _source, ...postFields } = POST_LIMITS;

export const LIMITS = {
  /** Posts per `content:posts` message (one message per animation frame at most). */
  postsPerBatch: 100,
  /** Characters and array lengths of a post's fields. */
  ...postFields,
  /** Characters. */
  key: 600,
  token: 4_096,
  /** A quote of a quote of a post, at most. */
  quoteDepth: 2,
} as const;
