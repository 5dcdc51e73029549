import { describe, expect, test } from 'vitest';
import { HOUR, hourlySeries, largestWaves, perInstance, type FlaggedPoint } from '../../../src/ui/dashboard/stats';

const NOW = Date.UTC(2025, 0, 6, 10, 30);
const h = (n: number) => NOW - n * HOUR;

describe('dashboard figures', () => {
  test('flagged posts and active waves per hour', () => {
    const points: FlaggedPoint[] = [
      { seenAt: h(0), label: 'spam', wave: 'w1', instance: 'a' },
      { seenAt: h(0), label: 'spam', wave: 'w1', instance: 'a' },
      { seenAt: h(0), label: 'suspicious', instance: 'b' },
      { seenAt: h(2), label: 'spam', wave: 'w2', instance: 'a' },
      { seenAt: h(2), label: 'ok', instance: 'a' },
      { seenAt: h(10), label: 'spam', instance: 'a' }, // outside the 4 hours
    ];
    const waves = [
      { id: 'w1', firstSeen: h(1.2), lastSeen: h(0), size: 2 },
      { id: 'w2', firstSeen: h(2), lastSeen: h(2), size: 1 },
    ];
    const s = hourlySeries(points, waves, NOW, 4);
    expect(s.x).toEqual([3, 2, 1, 0].map((n) => (Date.UTC(2025, 0, 6, 10) - n * HOUR) / 1000));
    expect(s.inWaves).toEqual([0, 1, 0, 2]);
    expect(s.otherFlagged).toEqual([0, 0, 0, 1]);
    expect(s.activeWaves).toEqual([0, 1, 1, 1]);
  });

  test('per instance, with the counts read per instance', () => {
    const points: FlaggedPoint[] = [
      { seenAt: h(1), label: 'spam', instance: 'a' },
      { seenAt: h(1), label: 'suspicious', instance: 'a' },
      { seenAt: h(30), label: 'spam', instance: 'a' },
      { seenAt: h(1), label: 'spam', instance: 'gone' },
    ];
    expect(perInstance(['a', 'b'], points, h(24), { a: { seen: 10, actions: 3, failed: 1, pending: 2 } })).toEqual([
      { domain: 'a', seen: 10, spam: 1, suspicious: 1, actions: 3, failed: 1, pending: 2 },
      { domain: 'b', seen: 0, spam: 0, suspicious: 0, actions: 0, failed: 0, pending: 0 },
    ]);
  });

  test('largest current waves first, old ones left out', () => {
    const w = (id: string, size: number, lastSeen: number) => ({ id, size, lastSeen, firstSeen: lastSeen });
    expect(
      largestWaves([w('a', 3, h(1)), w('b', 9, h(30)), w('c', 5, h(2)), w('d', 5, h(0))], h(24), 2).map((x) => x.id),
    ).toEqual(['d', 'c']);
  });
});
