import type { Signal, SignalInput } from '../../../../src/core/heuristics/types';
import { comparisonText } from '../../../../src/core/text/normalize';
import type { Post } from '../../../../src/core/model';

/** Runs one signal with its default settings on a post and context. */
export function fire(signal: Signal, post: Post, ctx: Partial<Omit<SignalInput, 'post'>> = {}) {
  const input: SignalInput = {
    post,
    ageHours: ctx.ageHours ?? null,
    recentPosts: ctx.recentPosts ?? 1,
    strangers: ctx.strangers ?? 0,
    cmp: ctx.cmp ?? comparisonText(post.cw ? `${post.cw}\n${post.text}` : post.text),
    imageAccounts: ctx.imageAccounts ?? 0,
  };
  return signal.evaluate(input, signal.defaults);
}
