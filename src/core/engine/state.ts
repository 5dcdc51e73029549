/**
 * The engine's state as EngineRecords, table by table: typed-array chunks of 4,096 window entries
 * (`fingerprint`), clusters in chunks of 256 ids (`wave`), authors in chunks of 4,096 ids and the
 * interaction pairs in 16 buckets (`author`), one record per learned decision (`learned`), and
 * `meta`. Restoring 100,000 fingerprints is a few typed-array copies plus one pass that relinks
 * the LSH chains.
 */
import type { EngineRecord } from '../engine-api';
import { IMG_SIG_LEN } from '../media/blurhash';
import type { Cluster } from '../waves/clusters';
import { K } from '../waves/minhash';
import { FingerprintStore } from '../waves/store';
import type { AuthorState, Interactions, Learned } from './index';

export const STATE_VERSION = 1;
const CHUNK = 4096;
const CLUSTER_CHUNK = 256;

/** What state.ts reads and writes of the engine. */
export interface EngineInternals {
  windowMs: number;
  learnedTtl: number;
  now: number;
  nextCluster: number;
  nextAuthor: number;
  ingested: number;
  store: FingerprintStore;
  known: FingerprintStore;
  ages: Float32Array;
  pscores: Float32Array;
  ascores: Float32Array;
  clusters: Map<number, Cluster>;
  parent: Map<number, number>;
  waveClusters: Map<string, number>;
  authors: Map<string, AuthorState>;
  authorsById: Map<number, AuthorState>;
  interactions: Interactions;
  learned: Map<string, Learned>;
  allowAuthors: Map<string, number>;
  keyToSeq: Map<string, number>;
  identToSeq: Map<number, number>;
  siteNames: Map<number, string>;
  sitesDirty: boolean;
  dirty: {
    fp: Set<number>;
    known: Set<number>;
    clusters: Set<number>;
    authors: Set<number>;
    learned: Set<string>;
    deletedClusters: Set<number>;
    deletedLearned: Set<string>;
    allow: boolean;
  };
}

interface Extra {
  ages: Float32Array;
  pscores: Float32Array;
  ascores: Float32Array;
}

interface StoreChunk {
  start: number;
  seqAt: Int32Array;
  ts: Float64Array;
  sig: Uint16Array;
  hasText: Uint8Array;
  img: Int16Array;
  link: Uint32Array;
  site: Uint32Array;
  mentions: Uint8Array;
  author: Int32Array;
  cluster: Int32Array;
  score: Float32Array;
  label: Uint8Array;
  flags: Uint8Array;
  keys: (string | null)[];
  ages?: Float32Array;
  pscores?: Float32Array;
  ascores?: Float32Array;
}

function storeChunk(st: FingerprintStore, i: number, extra?: Extra): StoreChunk {
  const a = st.a;
  const lo = i * CHUNK;
  const hi = Math.min(st.capacity, lo + CHUNK);
  const c: StoreChunk = {
    start: lo,
    seqAt: a.seqAt.slice(lo, hi),
    ts: a.ts.slice(lo, hi),
    sig: a.sig.slice(lo * K, hi * K),
    hasText: a.hasText.slice(lo, hi),
    img: a.img.slice(lo * IMG_SIG_LEN, hi * IMG_SIG_LEN),
    link: a.link.slice(lo, hi),
    site: a.site.slice(lo, hi),
    mentions: a.mentions.slice(lo, hi),
    author: a.author.slice(lo, hi),
    cluster: a.cluster.slice(lo, hi),
    score: a.score.slice(lo, hi),
    label: a.label.slice(lo, hi),
    flags: a.flags.slice(lo, hi),
    keys: a.keys.slice(lo, hi),
  };
  if (extra) {
    c.ages = extra.ages.slice(lo, hi);
    c.pscores = extra.pscores.slice(lo, hi);
    c.ascores = extra.ascores.slice(lo, hi);
  }
  return c;
}

function loadChunk(st: FingerprintStore, c: StoreChunk, extra?: Extra): void {
  const a = st.a;
  const lo = c.start;
  if (lo < 0 || lo + c.seqAt.length > st.capacity) return;
  a.seqAt.set(c.seqAt, lo);
  a.ts.set(c.ts, lo);
  a.sig.set(c.sig, lo * K);
  a.hasText.set(c.hasText, lo);
  a.img.set(c.img, lo * IMG_SIG_LEN);
  a.link.set(c.link, lo);
  a.site.set(c.site, lo);
  a.mentions.set(c.mentions, lo);
  a.author.set(c.author, lo);
  a.cluster.set(c.cluster, lo);
  a.score.set(c.score, lo);
  a.label.set(c.label, lo);
  a.flags.set(c.flags, lo);
  for (let i = 0; i < c.keys.length; i++) a.keys[lo + i] = c.keys[i] ?? null;
  if (extra && c.ages && c.pscores && c.ascores) {
    extra.ages.set(c.ages, lo);
    extra.pscores.set(c.pscores, lo);
    extra.ascores.set(c.ascores, lo);
  }
}

interface ClusterData extends Omit<Cluster, 'authors' | 'sites' | 'instances'> {
  authors: number[];
  sites: [string, number][];
  instances: string[];
}

function clusterData(c: Cluster): ClusterData {
  return { ...c, authors: [...c.authors], sites: [...c.sites], instances: [...c.instances], members: [...c.members] };
}

function clusterFrom(d: ClusterData): Cluster {
  return {
    ...d,
    authors: new Set(d.authors),
    sites: new Map(d.sites),
    instances: new Set(d.instances),
    members: [...d.members],
  };
}

interface AuthorChunk {
  ids: Int32Array;
  keys: string[];
  lastSeen: Float64Array;
  /** 16 per author, NaN-padded. */
  recent: Float64Array;
}

function authorChunk(e: EngineInternals, chunk: number): AuthorChunk {
  const list: AuthorState[] = [];
  const lo = chunk * CHUNK;
  for (let id = lo; id < lo + CHUNK; id++) {
    const st = e.authorsById.get(id);
    if (st) list.push(st);
  }
  const recent = new Float64Array(list.length * 16).fill(NaN);
  list.forEach((st, i) => recent.set(st.recent.slice(-16), i * 16));
  return {
    ids: Int32Array.from(list.map((s) => s.id)),
    keys: list.map((s) => s.key),
    lastSeen: Float64Array.from(list.map((s) => s.lastSeen)),
    recent,
  };
}

export function exportState(e: EngineInternals, all: boolean): EngineRecord[] {
  const out: EngineRecord[] = [];
  const d = e.dirty;
  const extra = { ages: e.ages, pscores: e.pscores, ascores: e.ascores };
  const fpChunks = all ? range(Math.ceil(e.store.capacity / CHUNK)) : [...d.fp].sort((a, b) => a - b);
  for (const i of fpChunks) {
    const c = storeChunk(e.store, i, extra);
    let maxTs = 0;
    for (let k = 0; k < c.ts.length; k++) if (c.seqAt[k]! > 0 && c.ts[k]! > maxTs) maxTs = c.ts[k]!;
    if (all && maxTs === 0) continue;
    out.push({ kind: 'fingerprint', key: `fp:${i}`, expiresAt: maxTs ? maxTs + e.windowMs : 0, data: c });
  }
  const knChunks = all ? range(Math.ceil(e.known.capacity / CHUNK)) : [...d.known].sort((a, b) => a - b);
  for (const i of knChunks) {
    const c = storeChunk(e.known, i);
    if (all && !c.seqAt.some((x) => x > 0)) continue;
    out.push({ kind: 'fingerprint', key: `kn:${i}`, expiresAt: 0, data: c });
  }
  const clChunks = all ? [...new Set([...e.clusters.keys()].map((id) => id >> 8))] : [...d.clusters];
  for (const ch of clChunks.sort((a, b) => a - b)) {
    const list: ClusterData[] = [];
    for (let id = ch * CLUSTER_CHUNK; id < (ch + 1) * CLUSTER_CHUNK; id++) {
      const c = e.clusters.get(id);
      if (c) list.push(clusterData(c));
    }
    out.push({ kind: 'wave', key: `cl:${ch}`, expiresAt: 0, data: list, ...(list.length ? {} : { deleted: true }) });
  }
  const auChunks = all ? [...new Set([...e.authorsById.keys()].map((id) => id >> 12))] : [...d.authors];
  for (const ch of auChunks.sort((a, b) => a - b))
    out.push({ kind: 'author', key: `au:${ch}`, expiresAt: 0, data: authorChunk(e, ch) });
  const iaBuckets = all ? range(16) : [...e.interactions.dirty].sort((a, b) => a - b);
  for (const b of iaBuckets) {
    out.push({
      kind: 'author',
      key: `ia:${b}`,
      expiresAt: 0,
      data: { cur: Uint32Array.from(e.interactions.cur[b]!), prev: Uint32Array.from(e.interactions.prev[b]!) },
    });
  }
  const learnedIds = all ? [...e.learned.keys()] : [...d.learned];
  for (const id of learnedIds) {
    const l = e.learned.get(id);
    if (l) out.push({ kind: 'learned', key: `ln:${id}`, expiresAt: l.lastSeen + e.learnedTtl, data: { ...l } });
  }
  if (!all)
    for (const id of d.deletedLearned)
      if (!e.learned.has(id)) out.push({ kind: 'learned', key: `ln:${id}`, expiresAt: 1, data: null, deleted: true });
  if (all || d.allow) {
    out.push({ kind: 'learned', key: 'allow-authors', expiresAt: 0, data: [...e.allowAuthors] });
  }
  if (all || e.sitesDirty) {
    out.push({
      kind: 'meta',
      key: 'sites',
      expiresAt: 0,
      data: { hashes: Uint32Array.from(e.siteNames.keys()), names: [...e.siteNames.values()] },
    });
  }
  out.push({
    kind: 'meta',
    key: 'meta',
    expiresAt: 0,
    data: {
      version: STATE_VERSION,
      now: e.now,
      nextSeq: e.store.nextSeq,
      knownNextSeq: e.known.nextSeq,
      capacity: e.store.capacity,
      knownCapacity: e.known.capacity,
      nextCluster: e.nextCluster,
      nextAuthor: e.nextAuthor,
      ingested: e.ingested,
      parent: [...e.parent],
      waveClusters: [...e.waveClusters],
    },
  });
  d.fp.clear();
  d.known.clear();
  d.clusters.clear();
  d.authors.clear();
  d.learned.clear();
  d.deletedClusters.clear();
  d.deletedLearned.clear();
  d.allow = false;
  e.interactions.dirty.clear();
  e.sitesDirty = false;
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Meta {
  version: number;
  now: number;
  nextSeq: number;
  knownNextSeq: number;
  capacity: number;
  knownCapacity: number;
  nextCluster: number;
  nextAuthor: number;
  ingested: number;
  parent: [number, number][];
  waveClusters: [string, number][];
}

/** Replaces the engine's state with the records (unknown or expired ones are skipped). */
export function importState(e: EngineInternals, records: Iterable<EngineRecord>): void {
  const byKey = new Map<string, EngineRecord>();
  for (const r of records)
    if (r && typeof r.key === 'string' && !r.deleted && r.data != null) byKey.set(`${r.kind}|${r.key}`, r);
  const metaRec = byKey.get('meta|meta');
  const meta = metaRec?.data as Meta | undefined;
  if (!meta || meta.version !== STATE_VERSION)
    throw new Error(`engine state: missing or unsupported meta record (version ${meta?.version ?? 'none'})`);
  if (meta.capacity !== e.store.capacity) {
    e.store = new FingerprintStore(meta.capacity);
    e.ages = new Float32Array(e.store.capacity);
    e.pscores = new Float32Array(e.store.capacity);
    e.ascores = new Float32Array(e.store.capacity);
  } else e.store.clear();
  if (meta.knownCapacity !== e.known.capacity) e.known = new FingerprintStore(meta.knownCapacity);
  else e.known.clear();
  e.ages.fill(NaN);
  e.pscores.fill(0);
  e.ascores.fill(0);
  e.now = meta.now;
  e.nextCluster = meta.nextCluster;
  e.nextAuthor = meta.nextAuthor;
  e.ingested = meta.ingested;
  e.parent = new Map(meta.parent);
  e.waveClusters = new Map(meta.waveClusters);
  e.clusters = new Map();
  e.authors = new Map();
  e.authorsById = new Map();
  e.interactions.clear();
  e.learned = new Map();
  e.allowAuthors = new Map();
  e.keyToSeq = new Map();
  e.identToSeq = new Map();
  e.siteNames = new Map();
  const extra = { ages: e.ages, pscores: e.pscores, ascores: e.ascores };
  for (const [k, r] of byKey) {
    const d = r.data;
    if (r.kind === 'fingerprint' && r.key.startsWith('fp:')) loadChunk(e.store, d as StoreChunk, extra);
    else if (r.kind === 'fingerprint' && r.key.startsWith('kn:')) loadChunk(e.known, d as StoreChunk);
    else if (r.kind === 'wave' && r.key.startsWith('cl:'))
      for (const c of d as ClusterData[]) e.clusters.set(c.id, clusterFrom(c));
    else if (r.kind === 'author' && r.key.startsWith('au:')) {
      const a = d as AuthorChunk;
      for (let i = 0; i < a.keys.length; i++) {
        const recent: number[] = [];
        for (let j = 0; j < 16; j++) {
          const t = a.recent[i * 16 + j]!;
          if (!Number.isNaN(t)) recent.push(t);
        }
        const st: AuthorState = { id: a.ids[i]!, key: a.keys[i]!, lastSeen: a.lastSeen[i]!, recent };
        e.authors.set(st.key, st);
        e.authorsById.set(st.id, st);
      }
    } else if (r.kind === 'author' && r.key.startsWith('ia:')) {
      const b = Number(r.key.slice(3));
      const ia = d as { cur: Uint32Array; prev: Uint32Array };
      if (b >= 0 && b < 16) {
        e.interactions.cur[b] = new Set(ia.cur);
        e.interactions.prev[b] = new Set(ia.prev);
      }
    } else if (r.kind === 'learned' && r.key === 'allow-authors') e.allowAuthors = new Map(d as [string, number][]);
    else if (r.kind === 'learned' && r.key.startsWith('ln:')) {
      if (r.expiresAt && r.expiresAt < meta.now) continue;
      const l = d as Learned;
      e.learned.set(l.id, l);
    } else if (k === 'meta|sites') {
      const s = d as { hashes: Uint32Array; names: string[] };
      for (let i = 0; i < s.names.length; i++) e.siteNames.set(s.hashes[i]!, s.names[i]!);
    }
  }
  e.store.nextSeq = meta.nextSeq;
  e.known.nextSeq = meta.knownNextSeq;
  e.store.reindex();
  e.known.reindex();
  const st = e.store;
  const first = Math.max(1, st.nextSeq - st.capacity);
  for (let seq = first; seq < st.nextSeq; seq++) {
    if (!st.alive(seq)) continue;
    const key = st.a.keys[st.slot(seq)];
    if (key) e.keyToSeq.set(key, seq);
  }
  const d = e.dirty;
  d.fp.clear();
  d.known.clear();
  d.clusters.clear();
  d.authors.clear();
  d.learned.clear();
  d.deletedClusters.clear();
  d.deletedLearned.clear();
  d.allow = false;
  e.sitesDirty = false;
}
