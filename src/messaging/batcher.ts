import type { Post } from '../core/model';
import { LIMITS } from './limits';
import type { PostsResult } from './protocol';

/**
 * Collects the posts a page runtime reads and sends them to the background in one `content:posts`
 * message per animation frame at most (LIMITS.postsPerBatch posts each; the rest waits for the
 * next frame). A post queued twice before sending is sent once.
 */
export interface PostBatcher {
  add(post: Post): void;
  /** Posts waiting to be sent. */
  readonly size: number;
  dispose(): void;
}

export interface BatcherOptions {
  send: (posts: Post[]) => Promise<PostsResult>;
  onResult: (result: PostsResult) => void;
  onError?: (error: unknown) => void;
  /** Frame scheduler (default requestAnimationFrame; tests pass their own). */
  schedule?: (cb: () => void) => unknown;
  max?: number;
}

export function createPostBatcher(opts: BatcherOptions): PostBatcher {
  const max = opts.max ?? LIMITS.postsPerBatch;
  const schedule = opts.schedule ?? ((cb: () => void) => requestAnimationFrame(cb));
  const queue = new Map<string, Post>();
  let scheduled = false;
  let disposed = false;

  const frame = () => {
    scheduled = false;
    if (disposed || !queue.size) return;
    const batch: Post[] = [];
    for (const [key, post] of queue) {
      if (batch.length >= max) break;
      batch.push(post);
      queue.delete(key);
    }
    opts.send(batch).then(
      (r) => !disposed && opts.onResult(r),
      (e) => !disposed && opts.onError?.(e),
    );
    if (queue.size) request();
  };
  const request = () => {
    if (scheduled || disposed) return;
    scheduled = true;
    schedule(frame);
  };

  return {
    add(post) {
      if (disposed) return;
      queue.set(post.key, post);
      request();
    },
    get size() {
      return queue.size;
    },
    dispose() {
      disposed = true;
      queue.clear();
    },
  };
}
