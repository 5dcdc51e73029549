/**
 * The engine's state as EngineRecords (layout in docs/engine.md, "State").
 *
 * The window is saved by *segments* of 4,096 consecutive sequence numbers. What a post brings to
 * the window never changes once it is in (its fingerprint, scores, identities, key): a finished
 * segment is written once, as one record holding one ArrayBuffer of packed columns and its keys
 * joined in one string (`fp:<segment>`), and until it is finished each drain writes only the
 * entries added since the last one (`ft:<segment>:<from>`, deleted when the segment is written
 * whole). What does change (each entry's cluster and label) lives in a small record per segment
 * (`fm:<segment>`, 5 bytes an entry). So a batch of posts dirties tens of kilobytes, and a restore
 * reads a few dozen large records and copies typed arrays, with one pass to relink the LSH chains.
 */
import type { EngineRecord } from '../engine-api';
import { IMG_SIG_LEN } from '../media/blurhash';
import type { Cluster } from '../waves/clusters';
import { K } from '../waves/minhash';
import type { SeqIndex } from '../waves/seq-index';
import { FingerprintStore } from '../waves/store';
import { Interactions, type AuthorState, type Learned } from './index';

export const STATE_VERSION = 2;
/** Window segments: 2^12 = 4,096 sequence numbers each. */
export const SEG_SHIFT = 12;
const SEG = 1 << SEG_SHIFT;
/** Known-store chunks: 512 entries (a matched fingerprint dirties one). */
export const KNOWN_SHIFT = 9;
const KNOWN_CHUNK = 1 << KNOWN_SHIFT;
/** Cluster records: one per cluster (tiny rows, kept inline by IndexedDB: a batch rewrites only the clusters it touched). */
export const CLUSTER_SHIFT = 0;
const CLUSTER_CHUNK = 1 << CLUSTER_SHIFT;
/** Link site names, in 16 records by hash. */
const SITE_PARTS = 16;

/** What has been written of the window's entries. */
export interface SavedWindow {
  /** Entries below this sequence number are in records already. */
  upTo: number;
  /** The tail records (`from` offsets) of the segment being filled. */
  tails: Map<number, number[]>;
}

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
  siteUse: Map<number, { established: number; young: number; lastSeen: number }>;
  sitesDirty: boolean;
  /** Site records (hash % 16) with a new name since the last drain. */
  siteParts: Set<number>;
  saved: SavedWindow;
  /** Nothing in the engine yet: its arrays are all zero, nothing needs clearing. */
  pristine: boolean;
  dirty: {
    /** Window segments (seq >> SEG_SHIFT) whose clusters or labels changed. */
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

// ---- packed columns ----------------------------------------------------------------------------

type Column = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Int16Array | Uint8Array;
type ColumnType =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint8ArrayConstructor;

/** Columns one after the other in one buffer, each at a multiple of 8 bytes. */
function pack(cols: Column[]): ArrayBuffer {
  let size = 0;
  for (const c of cols) size += (c.byteLength + 7) & ~7;
  const buf = new ArrayBuffer(size);
  const bytes = new Uint8Array(buf);
  let at = 0;
  for (const c of cols) {
    bytes.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += (c.byteLength + 7) & ~7;
  }
  return buf;
}

/** Views on the columns of a packed buffer, by type and length; null when the sizes disagree. */
function unpack(buf: ArrayBuffer, spec: [ColumnType, number][]): Column[] | null {
  const out: Column[] = [];
  let at = 0;
  for (const [T, n] of spec) {
    const bytes = n * T.BYTES_PER_ELEMENT;
    if (at + bytes > buf.byteLength) return null;
    out.push(new T(buf, at, n));
    at += (bytes + 7) & ~7;
  }
  return at === buf.byteLength ? out : null;
}

/** A run of window entries: sequence numbers seg * 4096 + from ... + n. */
interface EntriesData {
  seg: number;
  from: number;
  n: number;
  /** Entries with a picture (their image signatures are kept, the others' zeros are not). */
  images: number;
  buf: ArrayBuffer;
  /** Post keys joined by '\n' (an array when a key holds one). */
  keys: string | string[];
}

/** Each entry's cluster and label, for a segment's first n entries. */
interface MutableData {
  seg: number;
  n: number;
  cluster: Int32Array;
  label: Uint8Array;
}

function entrySpec(n: number, images: number): [ColumnType, number][] {
  return [
    [Float64Array, n], // ts
    [Float64Array, 3 * n], // identities
    [Float32Array, n], // score
    [Float32Array, n], // ages
    [Float32Array, n], // post scores
    [Float32Array, n], // account scores
    [Uint32Array, n], // link
    [Uint32Array, n], // site
    [Int32Array, n], // author
    [Uint16Array, K * n], // signatures
    [Uint16Array, images], // which entries have a picture
    [Int16Array, IMG_SIG_LEN * images], // their picture signatures
    [Uint8Array, n], // hasText
    [Uint8Array, n], // mentions
    [Uint8Array, n], // flags
  ];
}

function entriesData(e: EngineInternals, seg: number, from: number, n: number): EntriesData {
  const st = e.store;
  const a = st.a;
  const lo = ((seg << SEG_SHIFT) + from) & st.mask;
  const hi = lo + n;
  let images = 0;
  for (let s = lo; s < hi; s++) if (a.img[s * IMG_SIG_LEN] === 1) images++;
  const which = new Uint16Array(images);
  const img = new Int16Array(IMG_SIG_LEN * images);
  for (let s = lo, j = 0; s < hi; s++) {
    if (a.img[s * IMG_SIG_LEN] !== 1) continue;
    which[j] = s - lo;
    img.set(a.img.subarray(s * IMG_SIG_LEN, (s + 1) * IMG_SIG_LEN), j * IMG_SIG_LEN);
    j++;
  }
  const keyList = a.keys.slice(lo, hi).map((k) => k ?? '');
  const keys = keyList.some((k) => k.includes('\n')) ? keyList : keyList.join('\n');
  const buf = pack([
    a.ts.subarray(lo, hi),
    e.idents.subarray(lo * 3, hi * 3),
    a.score.subarray(lo, hi),
    e.ages.subarray(lo, hi),
    e.pscores.subarray(lo, hi),
    e.ascores.subarray(lo, hi),
    a.link.subarray(lo, hi),
    a.site.subarray(lo, hi),
    a.author.subarray(lo, hi),
    a.sig.subarray(lo * K, hi * K),
    which,
    img,
    a.hasText.subarray(lo, hi),
    a.mentions.subarray(lo, hi),
    a.flags.subarray(lo, hi),
  ]);
  return { seg, from, n, images, buf, keys };
}

function loadEntries(e: EngineInternals, d: EntriesData): void {
  const st = e.store;
  const a = st.a;
  const n = d.n;
  if (!(n > 0) || d.from < 0 || d.from + n > SEG || !(d.buf instanceof ArrayBuffer)) return;
  const cols = unpack(d.buf, entrySpec(n, d.images));
  const keys = typeof d.keys === 'string' ? d.keys.split('\n') : d.keys;
  if (!cols || !Array.isArray(keys) || keys.length !== n) return;
  const [ts, idents, score, ages, pscores, ascores, link, site, author, sig, which, img, hasText, mentions, flags] =
    cols as [
      Float64Array,
      Float64Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
      Uint32Array,
      Uint32Array,
      Int32Array,
      Uint16Array,
      Uint16Array,
      Int16Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
  const first = (d.seg << SEG_SHIFT) + d.from;
  const lo = first & st.mask;
  // A segment never straddles the end of the ring (the ring holds whole segments).
  a.ts.set(ts, lo);
  e.idents.set(idents, lo * 3);
  a.score.set(score, lo);
  e.ages.set(ages, lo);
  e.pscores.set(pscores, lo);
  e.ascores.set(ascores, lo);
  a.link.set(link, lo);
  a.site.set(site, lo);
  a.author.set(author, lo);
  a.sig.set(sig, lo * K);
  // Pictures are only copied for entries that have one: clear what an older segment left in these
  // slots (a new engine's arrays are zero, and leaving untouched pages alone saves their faults).
  if (!e.pristine || a.seqAt[lo] !== 0 || a.seqAt[lo + n - 1] !== 0)
    a.img.fill(0, lo * IMG_SIG_LEN, (lo + n) * IMG_SIG_LEN);
  copyImages(a.img, lo, img, which);
  a.hasText.set(hasText, lo);
  a.mentions.set(mentions, lo);
  a.flags.set(flags, lo);
  placeKeys(a.keys, a.seqAt, lo, first, keys);
  // Until its cluster record says otherwise.
  a.cluster.fill(-1, lo, lo + n);
  a.label.fill(0, lo, lo + n);
}

// Small functions for the per-entry loops of a restore: called once a record, they are optimized
// after the first few records, where one long loop would run unoptimized for a while.

function copyImages(to: Int16Array, lo: number, img: Int16Array, which: Uint16Array): void {
  for (let j = 0; j < which.length; j++) {
    const dst = (lo + which[j]!) * IMG_SIG_LEN;
    const src = j * IMG_SIG_LEN;
    for (let k = 0; k < IMG_SIG_LEN; k++) to[dst + k] = img[src + k]!;
  }
}

function placeKeys(to: (string | null)[], seqAt: Int32Array, lo: number, first: number, keys: string[]): void {
  for (let i = 0; i < keys.length; i++) {
    to[lo + i] = keys[i]!;
    seqAt[lo + i] = first + i;
  }
}

function mutableData(st: FingerprintStore, seg: number, n: number): MutableData {
  const lo = (seg << SEG_SHIFT) & st.mask;
  return { seg, n, cluster: st.a.cluster.slice(lo, lo + n), label: st.a.label.slice(lo, lo + n) };
}

function loadMutable(st: FingerprintStore, d: MutableData): void {
  const first = d.seg << SEG_SHIFT;
  const lo = first & st.mask;
  const n = Math.min(d.n, d.cluster?.length ?? 0, d.label?.length ?? 0, SEG);
  // Only entries still of this segment (a newer segment may have taken the first slots).
  for (let i = 0; i < n; i++) {
    if (st.a.seqAt[lo + i] !== first + i) continue;
    st.a.cluster[lo + i] = d.cluster[i]!;
    st.a.label[lo + i] = d.label[i]!;
  }
}

/** The known store keeps the general chunk layout: few entries, changed in place. */
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
}

function storeChunk(st: FingerprintStore, i: number): StoreChunk {
  const a = st.a;
  const lo = i * KNOWN_CHUNK;
  // Up to the last slot used (the store fills from slot 1 until it wraps around).
  const hi = Math.max(lo, Math.min(st.capacity, lo + KNOWN_CHUNK, st.nextSeq > st.capacity ? Infinity : st.nextSeq));
  return {
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
}

function loadChunk(st: FingerprintStore, c: StoreChunk): void {
  const a = st.a;
  const lo = c.start;
  if (!(lo >= 0) || lo + c.seqAt.length > st.capacity) return;
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
}

// ---- clusters, authors -------------------------------------------------------------------------

interface ClusterData extends Omit<Cluster, 'authors' | 'sites' | 'instances' | 'members'> {
  authors: Int32Array;
  members: Int32Array;
  sites: [string, number][];
  instances: string[];
}

function clusterData(c: Cluster): ClusterData {
  return {
    ...c,
    authors: Int32Array.from(c.authors),
    members: Int32Array.from(c.members),
    sites: [...c.sites],
    instances: [...c.instances],
  };
}

function clusterFrom(d: ClusterData): Cluster {
  return {
    ...d,
    withThrowawayLink: d.withThrowawayLink ?? 0,
    authors: new Set(d.authors),
    sites: new Map(d.sites),
    instances: new Set(d.instances),
    members: Array.from(d.members),
  };
}

interface AuthorsData {
  ids: Int32Array;
  keys: string[];
  lastSeen: Float64Array;
  /** How many recent post times each author has, and the times, author after author. */
  counts: Uint8Array;
  recent: Float64Array;
}

const HOUR = 3_600_000;

/** Authors seen in the last hour, with their post times of the last hour: all their posting rate needs. */
function authorsData(e: EngineInternals): AuthorsData {
  const list: AuthorState[] = [];
  const since = e.now - HOUR;
  let times = 0;
  for (const st of e.authors.values()) {
    if (st.lastSeen < since) continue;
    list.push(st);
    for (const t of st.recent) if (t >= since) times++;
  }
  const counts = new Uint8Array(list.length);
  const recent = new Float64Array(times);
  let j = 0;
  list.forEach((st, i) => {
    for (const t of st.recent) {
      if (t < since) continue;
      recent[j++] = t;
      counts[i]!++;
    }
  });
  return {
    ids: Int32Array.from(list.map((s) => s.id)),
    keys: list.map((s) => s.key),
    lastSeen: Float64Array.from(list.map((s) => s.lastSeen)),
    counts,
    recent,
  };
}

// ---- export ------------------------------------------------------------------------------------

function maxTs(st: FingerprintStore, lo: number, n: number): number {
  let m = 0;
  for (let s = lo; s < lo + n; s++) if (st.a.ts[s]! > m) m = st.a.ts[s]!;
  return m;
}

/** Entries of segment `seg` in the window now: [first offset, count], or null. */
function liveRange(st: FingerprintStore, seg: number): [number, number] | null {
  const start = seg << SEG_SHIFT;
  const oldest = Math.max(1, st.nextSeq - st.capacity);
  const from = Math.max(start, oldest);
  const to = Math.min(start + SEG, st.nextSeq);
  return to > from ? [from - start, to - from] : null;
}

/** Everything (`all`), or what changed since the last drain. */
export function exportState(e: EngineInternals, all: boolean): EngineRecord[] {
  const out: EngineRecord[] = [];
  const d = e.dirty;
  const st = e.store;
  const saved = e.saved;
  const newest = (st.nextSeq - 1) >> SEG_SHIFT;
  const oldest = Math.max(1, st.nextSeq - st.capacity) >> SEG_SHIFT;
  const fpRecord = (key: string, data: unknown, lo: number, n: number): EngineRecord => ({
    kind: 'fingerprint',
    key,
    expiresAt: maxTs(st, lo, n) + e.windowMs,
    data,
  });
  const gone = (key: string): EngineRecord => ({ kind: 'fingerprint', key, expiresAt: 1, data: null, deleted: true });
  const segs = all ? range(newest - oldest + 1).map((i) => oldest + i) : [...d.fp];
  if (all) {
    // Every segment as far as it is in the window (the oldest may have lost its first entries, the
    // newest may be partly filled; tails written before stay valid and go when it is finished).
    for (const seg of segs) {
      const r = liveRange(st, seg);
      if (!r) continue;
      const lo = ((seg << SEG_SHIFT) + r[0]) & st.mask;
      out.push(fpRecord(`fp:${seg}`, entriesData(e, seg, r[0], r[1]), lo, r[1]));
    }
  } else if (saved.upTo < st.nextSeq) {
    // New entries since the last drain: a finished segment whole, the one being filled as a tail.
    for (let seq = Math.max(saved.upTo, 1, st.nextSeq - st.capacity); seq < st.nextSeq;) {
      const seg = seq >> SEG_SHIFT;
      const start = seg << SEG_SHIFT;
      const end = Math.min(start + SEG, st.nextSeq);
      const lo = start & st.mask;
      if (end === start + SEG) {
        const from = seg === 0 ? 1 : 0;
        out.push(fpRecord(`fp:${seg}`, entriesData(e, seg, from, SEG - from), lo + from, SEG - from));
        for (const t of saved.tails.get(seg) ?? []) out.push(gone(`ft:${seg}:${t}`));
        saved.tails.delete(seg);
        // The segment it replaced in the ring is gone now.
        const old = seg - (st.capacity >> SEG_SHIFT);
        if (old >= 0) out.push(gone(`fp:${old}`), gone(`fm:${old}`));
      } else {
        const from = seq - start;
        out.push(fpRecord(`ft:${seg}:${from}`, entriesData(e, seg, from, end - seq), lo + from, end - seq));
        const list = saved.tails.get(seg) ?? [];
        list.push(from);
        saved.tails.set(seg, list);
      }
      d.fp.add(seg);
      seq = end;
    }
  }
  saved.upTo = st.nextSeq;
  for (const seg of (all ? segs : [...d.fp]).sort((a, b) => a - b)) {
    const r = liveRange(st, seg);
    if (!r) continue;
    const n = r[0] + r[1];
    const lo = (seg << SEG_SHIFT) & st.mask;
    out.push({
      kind: 'fingerprint',
      key: `fm:${seg}`,
      expiresAt: maxTs(st, lo + r[0], r[1]) + e.windowMs,
      data: mutableData(st, seg, n),
    });
  }
  const knChunks = all ? range(Math.ceil(e.known.capacity / KNOWN_CHUNK)) : [...d.known].sort((a, b) => a - b);
  for (const i of knChunks) {
    const c = storeChunk(e.known, i);
    if (all && !c.seqAt.some((x) => x > 0)) continue;
    if (c.seqAt.length === 0) continue;
    out.push({ kind: 'fingerprint', key: `kn:${i}`, expiresAt: 0, data: c });
  }
  const clChunks = all ? [...new Set([...e.clusters.keys()].map((id) => id >> CLUSTER_SHIFT))] : [...d.clusters];
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
    const parts = Array.from({ length: SITE_PARTS }, () => ({
      hashes: [] as number[],
      names: [] as string[],
      established: [] as number[],
    }));
    for (const [h, name] of e.siteNames) {
      const p = parts[h % SITE_PARTS]!;
      p.hashes.push(h);
      p.names.push(name);
      if ((e.siteUse.get(h)?.established ?? 0) > 0) p.established.push(h);
    }
    parts.forEach((p, i) => {
      if (all || e.siteParts.has(i))
        out.push({
          kind: 'meta',
          key: `sites:${i}`,
          expiresAt: 0,
          data: {
            hashes: Uint32Array.from(p.hashes),
            names: p.names,
            // Sites established accounts link to (the others' use is rebuilt as posts come).
            established: Uint32Array.from(p.established),
          },
        });
    });
  }
  out.push({
    kind: 'meta',
    key: 'meta',
    expiresAt: 0,
    data: {
      version: STATE_VERSION,
      now: e.now,
      nextSeq: st.nextSeq,
      knownNextSeq: e.known.nextSeq,
      capacity: st.capacity,
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
  e.siteParts.clear();
  return out;
}

/** The site record a site name is kept in. */
export function sitePart(hash: number): number {
  return hash % SITE_PARTS;
}

export function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

/** Puts the identities of window entries [from, to) into the identity index. */
function indexIdentities(e: EngineInternals, from: number, to: number): void {
  e.seqIndex.insertFresh(e.idents, 3, e.store.a.seqAt, e.store.mask, from, to);
}

// ---- import ------------------------------------------------------------------------------------

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
  let meta: Meta | undefined;
  const entries: EntriesData[] = [];
  const mutable: MutableData[] = [];
  const rest: EngineRecord[] = [];
  for (const r of records) {
    if (!r || typeof r.key !== 'string' || r.deleted || r.data == null) continue;
    if (r.kind === 'meta' && r.key === 'meta') meta = r.data as Meta;
    else if (r.kind === 'fingerprint' && (r.key.startsWith('fp:') || r.key.startsWith('ft:')))
      entries.push(r.data as EntriesData);
    else if (r.kind === 'fingerprint' && r.key.startsWith('fm:')) mutable.push(r.data as MutableData);
    else rest.push(r);
  }
  if (!meta || meta.version !== STATE_VERSION)
    throw new Error(`engine state: missing or unsupported meta record (version ${meta?.version ?? 'none'})`);
  // A new engine (a freshly started worker) has nothing to clear.
  const clean = e.pristine;
  if (meta.capacity !== e.store.capacity) {
    e.store = new FingerprintStore(meta.capacity);
    e.ages = new Float32Array(e.store.capacity);
    e.pscores = new Float32Array(e.store.capacity);
    e.ascores = new Float32Array(e.store.capacity);
    e.idents = new Float64Array(e.store.capacity * 3);
    e.seqIndex.setStore(e.store);
  } else if (!clean) {
    e.store.clear(false);
    e.pscores.fill(0);
    e.ascores.fill(0);
    e.idents.fill(0);
  }
  if (meta.knownCapacity !== e.known.capacity) e.known = new FingerprintStore(meta.knownCapacity);
  else if (!clean) e.known.clear(false);
  e.now = meta.now;
  e.nextCluster = meta.nextCluster;
  e.ingested = meta.ingested;
  e.parent = new Map(meta.parent);
  e.waveClusters = new Map(meta.waveClusters);
  e.clusters = new Map();
  e.authors = new Map();
  if (!clean) {
    e.interactions.clear();
    e.seqIndex.clear();
  }
  e.learned = new Map();
  e.allowAuthors = new Map();
  e.siteNames = new Map();
  e.siteUse = new Map();
  const st = e.store;
  st.nextSeq = meta.nextSeq;
  e.known.nextSeq = meta.knownNextSeq;
  e.saved = { upTo: st.nextSeq, tails: new Map() };

  // The window: oldest segment first, so a newer one takes the slots it shares with an older one.
  const oldestSeq = Math.max(1, st.nextSeq - st.capacity);
  entries.sort((a, b) => a.seg - b.seg || a.from - b.from);
  mutable.sort((a, b) => a.seg - b.seg);
  const newestSeg = (st.nextSeq - 1) >> SEG_SHIFT;
  for (const d of entries) {
    const first = (d.seg << SEG_SHIFT) + d.from;
    if (first + d.n <= oldestSeq || first + d.n > st.nextSeq) continue;
    loadEntries(e, d);
    if (d.seg === newestSeg && d.from > 0) {
      const list = e.saved.tails.get(d.seg) ?? [];
      list.push(d.from);
      e.saved.tails.set(d.seg, list);
    }
  }
  // Entries older than the window's start were loaded with their segment: not in the ring any more.
  for (let seq = oldestSeq - 1; seq > 0 && seq > oldestSeq - SEG; seq--) {
    const s = seq & st.mask;
    if (st.a.seqAt[s] === seq) st.a.seqAt[s] = 0;
  }
  for (const m of mutable) loadMutable(st, m);

  const iaChunks: [number, Uint32Array][] = [];
  for (const r of rest) {
    const d = r.data;
    if (r.kind === 'fingerprint' && r.key.startsWith('kn:')) loadChunk(e.known, d as StoreChunk);
    else if (r.kind === 'wave' && r.key.startsWith('cl:'))
      for (const c of d as ClusterData[]) e.clusters.set(c.id, clusterFrom(c));
    else if (r.kind === 'author' && r.key === 'au:recent') {
      const a = d as AuthorsData;
      let j = 0;
      for (let i = 0; i < a.keys.length; i++) {
        const recent: number[] = [];
        for (let c = a.counts[i] ?? 0; c > 0; c--) recent.push(a.recent[j++]!);
        const au: AuthorState = { id: a.ids[i]!, key: a.keys[i]!, lastSeen: a.lastSeen[i]!, recent };
        e.authors.set(au.key, au);
      }
    } else if (r.kind === 'author' && r.key.startsWith('ia:')) {
      iaChunks.push([Number(r.key.slice(3)), (d as { values: Uint32Array }).values]);
    } else if (r.kind === 'learned' && r.key === 'allow-authors') e.allowAuthors = new Map(d as [string, number][]);
    else if (r.kind === 'learned' && r.key.startsWith('ln:')) {
      if (r.expiresAt && r.expiresAt < meta.now) continue;
      const l = d as Learned;
      e.learned.set(l.id, l);
    } else if (r.kind === 'meta' && r.key.startsWith('sites:')) {
      const s = d as { hashes: Uint32Array; names: string[]; established?: Uint32Array };
      for (let i = 0; i < s.names.length; i++) e.siteNames.set(s.hashes[i]!, s.names[i]!);
      for (const h of s.established ?? []) e.siteUse.set(h, { established: 1, young: 0, lastSeen: meta.now });
    }
  }
  // The newest interaction chunks, oldest first (the log keeps CHUNKS of them).
  iaChunks.sort((a, b) => a[0] - b[0]);
  const ia = e.interactions;
  for (const [k, values] of iaChunks.slice(-Interactions.CHUNKS)) {
    const chunk = new Uint32Array(Interactions.CHUNK);
    chunk.set(values.subarray(0, chunk.length));
    ia.chunks.set(k, chunk);
  }
  ia.n = meta.interactions ?? 0;
  ia.rebuild(clean);
  st.reindex();
  e.known.reindex();
  // In slices (short calls are optimized sooner in a freshly started worker).
  for (let seq = oldestSeq; seq < st.nextSeq; seq += SEG) indexIdentities(e, seq, Math.min(st.nextSeq, seq + SEG));
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
  e.siteParts.clear();
}
