// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, test, vi } from 'vitest';
import { emptyBatch, storeBatch } from '../../../src/storage/batch';
import type { BreakwaterDB } from '../../../src/storage/db';
import { recentWaves } from '../../../src/storage/waves';
import { useLiveQuery } from '../../../src/ui/useLiveQuery';
import { post, useFreshDb, verdict } from './helpers';

const freshDb = useFreshDb();
const T = Date.now();

function Counts({ d }: { d: BreakwaterDB }) {
  const n = useLiveQuery(() => d.posts.count(), [d], null);
  const waves = useLiveQuery(() => recentWaves(Date.now(), undefined, d), [d], []);
  return (
    <p>
      {n === null ? 'loading' : `${n} posts`}, {waves.map((w) => w.id).join(',') || 'no waves'}
    </p>
  );
}

describe('useLiveQuery', () => {
  test('the view updates by itself when another context writes the store', async () => {
    const d = freshDb();
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Counts d={d} />, root));
    await vi.waitFor(() => expect(root.textContent).toBe('0 posts, no waves'));
    // What the background does when a batch of verdicts arrives.
    const b = emptyBatch();
    b.seen = [1, 2, 3].map((i) => ({ post: post(String(i), 'x'), verdict: verdict(`mastodon-a.test/${i}`) }));
    b.waves = [
      {
        id: 'w1',
        size: 3,
        accounts: 3,
        firstSeen: T,
        lastSeen: T,
        samplePostKey: 'k',
        sampleText: '',
        shared: [],
        instances: [],
      },
    ];
    await act(() => storeBatch(b, T, { retentionDays: 3, waveRetentionDays: 30 }, d));
    await vi.waitFor(() => expect(root.textContent).toBe('3 posts, w1'));
    await act(() => render(null, root));
  });
});
