import { serialize } from 'node:v8';
import { expect, test } from 'vitest';
import { createEngine } from '../../../src/core/engine';
import type { EngineRecord } from '../../../src/core/engine-api';
import type { Post } from '../../../src/core/model';
import { toLink } from '../../../src/core/text/urls';
import { author, DAY, mentions, post, spammer, T0 } from './helpers';

function stream(n: number): Post[] {
  const out: Post[] = [];
  for (let i = 0; i < n; i++) {
    const spam = i % 5 === 0;
    out.push(
      spam
        ? post({
            id: `s${i}`,
            createdAt: T0 + i * 10_000,
            author: spammer(`sp${i}xqzvkw`, { createdAt: T0 + i * 10_000 - 60_000 }),
            text: `@a @b Claim your free ETH airdrop before it ends https://x${i}.example/${i}`,
            mentions: mentions('a', 'b'),
            links: [toLink(`https://x${i}.example/${i}`)!],
          })
        : post({
            id: `l${i}`,
            createdAt: T0 + i * 10_000,
            author: author({ username: `user${i % 50}`, createdAt: T0 - 100 * DAY }),
            text: `Note ${i}: ${['coffee', 'cats', 'rain', 'trains', 'books'][i % 5]} and ${['tea', 'dogs', 'sun', 'buses', 'films'][(i * 7) % 5]} today ${i * 37}`,
          }),
    );
  }
  return out;
}

const clone = (records: EngineRecord[]) => records.map((r) => structuredClone(r));

test('export then import gives the same verdicts on what follows', () => {
  const posts = stream(400);
  const a = createEngine({ capacity: 4096 });
  for (const p of posts.slice(0, 300)) a.ingest([p]);
  const b = createEngine({ capacity: 4096 });
  b.importRecords(clone(a.exportRecords()));
  expect(b.waves()).toEqual(a.waves());
  for (const p of posts.slice(300)) {
    expect(b.ingest([p])).toEqual(a.ingest([p]));
  }
  expect(b.verdictOf(posts[299]!.key)?.verdict).toBe(a.verdictOf(posts[299]!.key)?.verdict);
});

test('drainChanges gives only what changed, and applying the changes restores the same state', () => {
  const posts = stream(200);
  const a = createEngine({ capacity: 4096 });
  const store = new Map<string, EngineRecord>();
  const apply = (rs: EngineRecord[]) => {
    for (const r of rs) {
      if (r.deleted) store.delete(`${r.kind}|${r.key}`);
      else store.set(`${r.kind}|${r.key}`, structuredClone(r));
    }
  };
  apply(a.exportRecords());
  for (const p of posts.slice(0, 100)) a.ingest([p]);
  const changes = a.drainChanges();
  expect(changes.length).toBeGreaterThan(0);
  expect(changes.length).toBeLessThan(a.exportRecords().length + 1);
  apply(changes);
  expect(a.drainChanges().filter((r) => r.kind !== 'meta')).toEqual([]);
  const b = createEngine({ capacity: 4096 });
  b.importRecords(store.values());
  for (const p of posts.slice(100)) expect(b.ingest([p]).verdicts).toEqual(a.ingest([p]).verdicts);
});

test('records keep packed typed arrays (compact, fast to restore)', () => {
  const a = createEngine({ capacity: 4096 });
  for (const p of stream(50)) a.ingest([p]);
  const fp = a.exportRecords().find((r) => r.kind === 'fingerprint' && r.key.startsWith('fp:'))!;
  const data = fp.data as { buf: unknown; keys: unknown; n: number };
  expect(data.buf).toBeInstanceOf(ArrayBuffer);
  expect(data.n).toBe(50);
  expect(typeof data.keys).toBe('string');
  expect(fp.expiresAt).toBeGreaterThan(T0);
});

/** A store that applies records as the background's does (deletions delete). */
function recordStore() {
  const rows = new Map<string, EngineRecord>();
  return {
    rows,
    apply(rs: EngineRecord[]) {
      for (const r of rs) {
        if (r.deleted) rows.delete(`${r.kind}|${r.key}`);
        else rows.set(`${r.kind}|${r.key}`, structuredClone(r));
      }
    },
    bytes(rs: EngineRecord[]) {
      return rs.reduce((n, r) => n + serialize(r).length, 0);
    },
  };
}

test('a drain after a batch writes the new entries only, not their whole segment', () => {
  const posts = stream(3000);
  const a = createEngine({ capacity: 8192 });
  for (let i = 0; i < 2000; i += 100) a.ingest(posts.slice(i, i + 100));
  const store = recordStore();
  store.apply(a.exportRecords());
  a.ingest(posts.slice(2000, 2100));
  const changes = a.drainChanges();
  const keys = changes.map((r) => r.key);
  expect(keys.filter((k) => k.startsWith('fp:'))).toEqual([]);
  expect(keys).toContain('ft:0:2001');
  const tail = changes.find((r) => r.key === 'ft:0:2001')!.data as { n: number };
  expect(tail.n).toBe(100);
  // A hundred posts' worth of records, far from a whole segment's.
  expect(store.bytes(changes)).toBeLessThan(100_000);
  const whole = a.exportRecords().find((r) => r.key === 'fp:0')!;
  expect(store.bytes([whole])).toBeGreaterThan(300_000);
});

test('segments are written whole once finished, their tails and the segments they replace deleted', () => {
  const posts = stream(13_000);
  const a = createEngine({ capacity: 4096 });
  const store = recordStore();
  store.apply(a.exportRecords());
  for (let i = 0; i < 12_000; i += 250) {
    a.ingest(posts.slice(i, i + 250));
    store.apply(a.drainChanges());
  }
  const keys = [...store.rows.keys()].filter((k) => k.startsWith('fingerprint|f')).sort();
  // 12,000 posts through a 4,096-post ring: segment 0 was replaced by segment 2, still being filled
  // (in tails); segment 1, whole, keeps the window's oldest posts.
  expect(keys).toEqual(
    ['fingerprint|fm:1', 'fingerprint|fm:2', 'fingerprint|fp:1', ...keys.filter((k) => k.includes('ft:2:'))].sort(),
  );
  expect(keys.filter((k) => k.startsWith('fingerprint|ft:')).length).toBeGreaterThan(0);
  const b = createEngine({ capacity: 4096 });
  b.importRecords(store.rows.values());
  // Authors are saved for their last hour's posting rate only.
  expect({ ...b.stats(), authors: 0 }).toEqual({ ...a.stats(), authors: 0 });
  expect(b.waves()).toEqual(a.waves());
  for (const p of posts.slice(12_000)) expect(b.ingest([p])).toEqual(a.ingest([p]));
});

test('import refuses state without a meta record', () => {
  expect(() => createEngine().importRecords([])).toThrow(/meta/);
});

test('a learned decision survives a restart', () => {
  const a = createEngine({ capacity: 4096 });
  const p = post({
    author: author({ username: 'shop' }),
    text: 'Big spring sale on handmade mugs, 30% off this week only!',
  });
  a.ingest([p]);
  a.decide({ kind: 'spam', postKey: p.key, at: T0 }, p);
  const b = createEngine();
  b.importRecords(clone(a.exportRecords()));
  const twin = { ...p, id: 'twin', key: 'mastodon.example/twin', author: author({ username: 'shop2' }) };
  expect(b.ingest([twin]).verdicts[0]!.verdict).toBe('spam');
});
