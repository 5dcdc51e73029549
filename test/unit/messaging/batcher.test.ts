import { describe, expect, test } from 'vitest';
import { createPostBatcher } from '../../../src/messaging/batcher';
import type { Post } from '../../../src/core/model';
import type { PostsResult } from '../../../src/messaging/protocol';
import { post, verdict } from '../storage/helpers';

function harness(max?: number) {
  const frames: (() => void)[] = [];
  const sent: Post[][] = [];
  const results: PostsResult[] = [];
  const b = createPostBatcher({
    send: async (posts) => {
      sent.push(posts);
      return { verdicts: posts.map((p) => verdict(p.key)), updated: [], waves: [], rejected: [] };
    },
    onResult: (r) => results.push(r),
    schedule: (cb) => frames.push(cb),
    max,
  });
  const frame = async () => {
    const cbs = frames.splice(0);
    for (const cb of cbs) cb();
    await Promise.resolve();
  };
  return { b, frames, sent, results, frame };
}

describe('post batcher', () => {
  test('posts read within one frame go in one message', async () => {
    const h = harness();
    for (let i = 0; i < 30; i++) h.b.add(post(String(i), 't'));
    expect(h.frames).toHaveLength(1); // one frame requested, not thirty
    expect(h.sent).toHaveLength(0);
    await h.frame();
    expect(h.sent.map((s) => s.length)).toEqual([30]);
    expect(h.results[0]!.verdicts).toHaveLength(30);
  });

  test('more than the limit: one message per frame until all are sent', async () => {
    const h = harness(10);
    for (let i = 0; i < 25; i++) h.b.add(post(String(i), 't'));
    await h.frame();
    expect(h.sent.map((s) => s.length)).toEqual([10]);
    await h.frame();
    await h.frame();
    expect(h.sent.map((s) => s.length)).toEqual([10, 10, 5]);
    expect(h.frames).toHaveLength(0);
  });

  test('a post queued twice before sending is sent once, in its latest form', async () => {
    const h = harness();
    h.b.add(post('1', 'old'));
    h.b.add(post('1', 'edited'));
    await h.frame();
    expect(h.sent[0]!.map((p) => p.text)).toEqual(['edited']);
  });

  test('nothing is sent after dispose', async () => {
    const h = harness();
    h.b.add(post('1', 't'));
    h.b.dispose();
    await h.frame();
    h.b.add(post('2', 't'));
    expect(h.sent).toEqual([]);
    expect(h.b.size).toBe(0);
  });
});
