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
import { BANDS, K } from '../waves/minhash';
import type { SeqIndex } from '../waves/seq-index';
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
  ingested: number;
  store: FingerprintStore;
  known: FingerprintStore;
  ages: Float32Array;
  pscores: Float32Array;
  ascores: Float32Array;
  idents: Float64Array;
  clusters: Map<number, Cluster>;
  parent: Map<number, number>;
  waveClusters: Map<string, number>;
  authors: Map<string, AuthorState>;
  interactions: Interactions;
  learned: Map<string, Learned>;
  allowAuthors: Map<string, number>;
  seqIndex: SeqIndex;
  siteNames: Map<number, string>;
  sitesDirty: boolean;
  dirty: {
    fp: Set<number>;
    known: Set<number>;
    clusters: Set<number>;
    authors: boolean;
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
  idents: Float64Array;
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
  idents?: Float64Array;
  /** Band hashes, band-major within the chunk (saves rehashing at a restore). */
  bandVal?: Uint32Array;
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
    c.idents = extra.idents.slice(lo * 3, hi * 3);
    c.bandVal = new Uint32Array(BANDS * (hi - lo));
    for (let b = 0; b < BANDS; b++)
      c.bandVal.set(st.bandVal.subarray(b * st.capacity + lo, b * st.capacity + hi), b * (hi - lo));
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
  const n = c.seqAt.length;
  if (c.bandVal && c.bandVal.length === BANDS * n) {
    for (let b = 0; b < BANDS; b++) st.bandVal.set(c.bandVal.subarray(b * n, (b + 1) * n), b * st.capacity + lo);
  }
  if (extra && c.ages && c.pscores && c.ascores) {
    extra.ages.set(c.ages, lo);
    extra.pscores.set(c.pscores, lo);
    extra.ascores.set(c.ascores, lo);
    if (c.idents) extra.idents.set(c.idents, lo * 3);
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

interface AuthorsData {
  ids: Int32Array;
  keys: string[];
  lastSeen: Float64Array;
  /** 16 per author, NaN-padded. */
  recent: Float64Array;
}

const HOUR = 3_600_000;

/** Authors seen in the last hour: all that their posting rate needs. */
function authorsData(e: EngineInternals): AuthorsData {
  const list: AuthorState[] = [];
  for (const st of e.authors.values()) if (st.lastSeen >= e.now - HOUR) list.push(st);
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
  const extra = { ages: e.ages, pscores: e.pscores, ascores: e.ascores, idents: e.idents };
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
  if (all || d.authors) out.push({ kind: 'author', key: 'au:recent', expiresAt: 0, data: authorsData(e) });
  const ia = e.interactions;
  const iaChunks = all ? [...ia.chunks.keys()] : [...ia.dirty];
  for (const k of iaChunks.sort((a, b) => a - b)) {
    const chunk = ia.chunks.get(k);
    if (!chunk) continue;
    const used = Math.min(chunk.length, ia.n - k * chunk.length);
    out.push({ kind: 'author', key: `ia:${k}`, expiresAt: 0, data: { values: chunk.slice(0, used) } });
  }
  if (!all)
    for (const k of ia.dropped) out.push({ kind: 'author', key: `ia:${k}`, expiresAt: 1, data: null, deleted: true });
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
      ingested: e.ingested,
      interactions: e.interactions.n,
      parent: [...e.parent],
      waveClusters: [...e.waveClusters],
    },
  });
  d.fp.clear();
  d.known.clear();
  d.clusters.clear();
  d.authors = false;
  d.learned.clear();
  d.deletedClusters.clear();
  d.deletedLearned.clear();
  d.allow = false;
  e.interactions.dirty.clear();
  e.interactions.dropped.clear();
  e.sitesDirty = false;
  return out;
}

export function range(n: number): number[] {
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
  ingested: number;
  interactions: number;
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
    e.idents = new Float64Array(e.store.capacity * 3);
    e.seqIndex.setStore(e.store);
  } else e.store.clear(false);
  if (meta.knownCapacity !== e.known.capacity) e.known = new FingerprintStore(meta.knownCapacity);
  else e.known.clear(false);
  e.ages.fill(NaN);
  e.pscores.fill(0);
  e.ascores.fill(0);
  e.now = meta.now;
  e.nextCluster = meta.nextCluster;
  e.ingested = meta.ingested;
  e.parent = new Map(meta.parent);
  e.waveClusters = new Map(meta.waveClusters);
  e.clusters = new Map();
  e.authors = new Map();
  e.interactions.clear();
  const iaChunks: [number, Uint32Array][] = [];
  e.learned = new Map();
  e.allowAuthors = new Map();
  e.seqIndex.clear();
  e.siteNames = new Map();
  const extra = { ages: e.ages, pscores: e.pscores, ascores: e.ascores, idents: e.idents };
  for (const [k, r] of byKey) {
    const d = r.data;
    if (r.kind === 'fingerprint' && r.key.startsWith('fp:')) loadChunk(e.store, d as StoreChunk, extra);
    else if (r.kind === 'fingerprint' && r.key.startsWith('kn:')) loadChunk(e.known, d as StoreChunk);
    else if (r.kind === 'wave' && r.key.startsWith('cl:'))
      for (const c of d as ClusterData[]) e.clusters.set(c.id, clusterFrom(c));
    else if (r.kind === 'author' && r.key === 'au:recent') {
      const a = d as AuthorsData;
      for (let i = 0; i < a.keys.length; i++) {
        const recent: number[] = [];
        for (let j = 0; j < 16; j++) {
          const t = a.recent[i * 16 + j]!;
          if (!Number.isNaN(t)) recent.push(t);
        }
        const st: AuthorState = { id: a.ids[i]!, key: a.keys[i]!, lastSeen: a.lastSeen[i]!, recent };
        e.authors.set(st.key, st);
      }
    } else if (r.kind === 'author' && r.key.startsWith('ia:')) {
      iaChunks.push([Number(r.key.slice(3)), (d as { values: Uint32Array }).values]);
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
  // The newest interaction chunks, oldest first (the log keeps CHUNKS of them).
  iaChunks.sort((a, b) => a[0] - b[0]);
  const ia = e.interactions;
  for (const [k, values] of iaChunks.slice(-16)) {
    const chunk = new Uint32Array(16384);
    chunk.set(values.subarray(0, chunk.length));
    ia.chunks.set(k, chunk);
    for (const v of values) ia.set.add(v);
  }
  ia.n = meta.interactions ?? 0;
  e.store.nextSeq = meta.nextSeq;
  e.known.nextSeq = meta.knownNextSeq;
  // Chunks written by this version carry their band hashes; older ones get them recomputed.
  let bandVals = true;
  for (const [k, r] of byKey) if (k.startsWith('fingerprint|fp:') && !(r.data as StoreChunk).bandVal) bandVals = false;
  e.store.reindex(bandVals);
  e.known.reindex();
  const st = e.store;
  const first = Math.max(1, st.nextSeq - st.capacity);
  for (let seq = first; seq < st.nextSeq; seq++) {
    if (!st.alive(seq)) continue;
    const s = st.slot(seq);
    for (let i = 0; i < 3; i++) {
      const id = e.idents[s * 3 + i]!;
      if (id) e.seqIndex.setFresh(id, seq);
    }
  }
  const d = e.dirty;
  d.fp.clear();
  d.known.clear();
  d.clusters.clear();
  d.authors = false;
  d.learned.clear();
  d.deletedClusters.clear();
  d.deletedLearned.clear();
  d.allow = false;
  ia.dirty.clear();
  ia.dropped.clear();
  e.sitesDirty = false;
}
