/**
 * The sliding window of recent fingerprints: a ring of typed arrays (no objects per post, so
 * 100,000 posts cost a few tens of MB and restore in milliseconds), with bucket chains for the
 * LSH bands, the picture keys and the links. Looking up a post's look-alikes walks a few short
 * chains: the cost does not grow with the window.
 *
 * Entries are numbered by a growing sequence number; slot = seq & mask. Chains link each entry to
 * the previous entry of its bucket by sequence number, so a chain runs from newest to oldest and
 * stops at the first entry the ring has overwritten (every older one is gone too).
 */
import { IMG_SIG_LEN, imageDistance, imageKeys, SAME_IMAGE_DISTANCE } from '../media/blurhash';
import type { Features } from './features';
import { BANDS, bandHash, K, similarity } from './minhash';

export const IMG_KEYS = 2;
/** Entries relinked per call when restoring. */
const RELINK_SLICE = 8192;

export interface StoreArrays {
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

/** Entry flags. */
export const FLAG_FRESH = 1;
export const FLAG_LEARNED_SPAM = 2;
export const FLAG_LEARNED_OK = 4;
export const FLAG_EXEMPLAR = 8;
export const FLAG_YOUNG = 16;
/** The post linked to a site that, when it was posted, only young accounts had linked to. */
export const FLAG_THROWAWAY_LINK = 32;

export interface Candidate {
  seq: number;
  /** Text similarity (-1 when either has no comparable text). */
  text: number;
  image: boolean;
  link: boolean;
  /** Same link site (host), any path. */
  site: boolean;
}

function pow2(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

export class FingerprintStore {
  readonly capacity: number;
  readonly mask: number;
  nextSeq = 1;
  a: StoreArrays;
  private readonly tableMask: number;
  private bandHead: Int32Array;
  private bandNext: Int32Array;
  /** Each entry's band hashes, so walking a chain compares numbers instead of rehashing. */
  bandVal: Uint32Array;
  private imgHead: Int32Array;
  private imgNext: Int32Array;
  private imgKey: Uint32Array;
  private linkHead: Int32Array;
  private linkNext: Int32Array;
  private siteHead: Int32Array;
  private siteNext: Int32Array;
  /** Visit marks, so a candidate found through several chains is scored once. */
  private mark: Uint32Array;
  private stamp = 0;
  private readonly keyBuf = new Uint32Array(IMG_KEYS);

  constructor(capacity: number) {
    this.capacity = pow2(capacity);
    this.mask = this.capacity - 1;
    const cap = this.capacity;
    const table = Math.max(1024, cap);
    this.tableMask = table - 1;
    this.a = {
      seqAt: new Int32Array(cap),
      ts: new Float64Array(cap),
      sig: new Uint16Array(cap * K),
      hasText: new Uint8Array(cap),
      img: new Int16Array(cap * IMG_SIG_LEN),
      link: new Uint32Array(cap),
      site: new Uint32Array(cap),
      mentions: new Uint8Array(cap),
      author: new Int32Array(cap),
      cluster: new Int32Array(cap).fill(-1),
      score: new Float32Array(cap),
      label: new Uint8Array(cap),
      flags: new Uint8Array(cap),
      keys: new Array<string | null>(cap).fill(null),
    };
    this.bandHead = new Int32Array(BANDS * table);
    this.bandNext = new Int32Array(cap * BANDS);
    this.bandVal = new Uint32Array(cap * BANDS);
    this.imgHead = new Int32Array(IMG_KEYS * table);
    this.imgNext = new Int32Array(cap * IMG_KEYS);
    this.imgKey = new Uint32Array(cap * IMG_KEYS);
    this.linkHead = new Int32Array(table);
    this.linkNext = new Int32Array(cap);
    this.siteHead = new Int32Array(table);
    this.siteNext = new Int32Array(cap);
    this.mark = new Uint32Array(cap);
  }

  /** Whether `seq` is still in the ring. */
  alive(seq: number): boolean {
    return seq > 0 && this.a.seqAt[seq & this.mask] === seq;
  }

  slot(seq: number): number {
    return seq & this.mask;
  }

  /** The sequence number the next add() overwrites (for eviction), 0 when its slot is free. */
  evictedBy(): number {
    return this.a.seqAt[this.nextSeq & this.mask]!;
  }

  add(f: Features, ts: number, author: number, key: string | null): number {
    const seq = this.nextSeq++;
    const s = seq & this.mask;
    const a = this.a;
    a.seqAt[s] = seq;
    a.ts[s] = ts;
    // Element copies: the arrays are short, a typed-array set() costs more than its work here.
    const sig = a.sig;
    const fs = f.sig;
    for (let k = 0, o = s * K; k < K; k++) sig[o + k] = fs[k]!;
    a.hasText[s] = f.hasText ? 1 : 0;
    const img = a.img;
    const io = s * IMG_SIG_LEN;
    if (f.hasImage) {
      const fi = f.img;
      for (let k = 0; k < IMG_SIG_LEN; k++) img[io + k] = fi[k]!;
    } else if (img[io] !== 0) img.fill(0, io, io + IMG_SIG_LEN);
    a.link[s] = f.link;
    a.site[s] = f.site;
    a.mentions[s] = f.mentions;
    a.author[s] = author;
    a.cluster[s] = -1;
    a.score[s] = 0;
    a.label[s] = 0;
    a.flags[s] = 0;
    a.keys[s] = key;
    this.index(seq, f.bands);
    return seq;
  }

  /** Links entry `seq` into its bucket chains; `bands`: its band hashes, when known. */
  private index(seq: number, bands: Uint32Array | null): void {
    const s = seq & this.mask;
    const a = this.a;
    const tm = this.tableMask;
    const table = tm + 1;
    if (a.hasText[s]) {
      for (let b = 0; b < BANDS; b++) {
        const hv = bands ? bands[b]! : bandHash(a.sig, s * K, b);
        this.bandVal[b * this.capacity + s] = hv;
        const head = b * table + (hv & tm);
        this.bandNext[b * this.capacity + s] = this.bandHead[head]!;
        this.bandHead[head] = seq;
      }
    }
    if (a.img[s * IMG_SIG_LEN] === 1) {
      imageKeys(a.img, s * IMG_SIG_LEN, this.keyBuf);
      for (let i = 0; i < IMG_KEYS; i++) {
        const key = this.keyBuf[i]!;
        const h = i * table + (key & tm);
        this.imgKey[s * IMG_KEYS + i] = key;
        this.imgNext[s * IMG_KEYS + i] = this.imgHead[h]!;
        this.imgHead[h] = seq;
      }
    }
    if (a.link[s] !== 0) {
      const h = a.link[s]! & tm;
      this.linkNext[s] = this.linkHead[h]!;
      this.linkHead[h] = seq;
    }
    if (a.site[s] !== 0) {
      const h = a.site[s]! & tm;
      this.siteNext[s] = this.siteHead[h]!;
      this.siteHead[h] = seq;
    }
  }

  /**
   * Entries that may be near-duplicates of `f`: same bucket in a text band, a look-alike picture,
   * or the same link. At most `perChain` entries are taken from each chain (newest first) and
   * `max` in all. `minTs` skips entries older than the window.
   */
  candidates(f: Features, minTs: number, perChain: number, max: number): number {
    this.used = 0;
    // Chains link only entries that were in the ring: one is gone exactly when the ring moved past it.
    const low = this.nextSeq - this.capacity;
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    const a = this.a;
    const tm = this.tableMask;
    const table = tm + 1;
    const mask = this.mask;
    if (f.hasText) {
      // A near-exact twin found: the remaining bands would mostly find its cluster again.
      let strong = false;
      for (let b = 0; b < BANDS && this.used < max && !strong; b++) {
        const hv = f.bands[b]!;
        let seq = this.bandHead[b * table + (hv & tm)]!;
        let taken = 0;
        let steps = 0;
        while (seq > 0 && taken < perChain && steps < perChain * 4) {
          const s = seq & mask;
          if (seq < low || a.ts[s]! < minTs) break;
          steps++;
          if (this.bandVal[b * this.capacity + s] === hv) {
            const c = this.pushCandidate(f, seq, s);
            if (c) {
              taken++;
              if (c.text >= 0.85) strong = true;
            }
          }
          seq = this.bandNext[b * this.capacity + s]!;
        }
      }
    }
    if (f.hasImage) {
      imageKeys(f.img, 0, this.keyBuf);
      for (let i = 0; i < IMG_KEYS && this.used < max; i++) {
        const key = this.keyBuf[i]!;
        let seq = this.imgHead[i * table + (key & tm)]!;
        let taken = 0;
        let steps = 0;
        while (seq > 0 && taken < perChain && steps < perChain * 4) {
          const s = seq & mask;
          if (seq < low || a.ts[s]! < minTs) break;
          steps++;
          const k0 = this.imgKey[s * IMG_KEYS + i];
          if (k0 === key && this.pushCandidate(f, seq, s)) taken++;
          // Follow the chain of the same key slot.
          seq = this.imgNext[s * IMG_KEYS + i]!;
        }
      }
    }
    if (f.link !== 0) {
      let seq = this.linkHead[f.link & tm]!;
      let taken = 0;
      let steps = 0;
      while (seq > 0 && taken < perChain && steps < perChain * 4) {
        const s = seq & mask;
        if (seq < low || a.ts[s]! < minTs) break;
        steps++;
        if (a.link[s] === f.link && this.pushCandidate(f, seq, s)) taken++;
        seq = this.linkNext[s]!;
      }
    }
    return this.used;
  }

  /**
   * Scores entry `seq` against `f` once per lookup and appends it to `found`. Candidate objects
   * are reused: they live only until the next lookup, and a post looks at dozens of them.
   */
  private pushCandidate(f: Features, seq: number, s: number): Candidate | null {
    if (this.mark[s] === this.stamp) return null;
    this.mark[s] = this.stamp;
    const a = this.a;
    let c = this.found[this.used];
    if (!c) {
      c = { seq: 0, text: -1, image: false, link: false, site: false };
      this.found.push(c);
    }
    this.used++;
    c.seq = seq;
    c.text = f.hasText && a.hasText[s] ? similarity(f.sig, 0, a.sig, s * K) : -1;
    c.image = f.hasImage && imageDistance(f.img, 0, a.img, s * IMG_SIG_LEN) <= SAME_IMAGE_DISTANCE;
    c.link = f.link !== 0 && a.link[s] === f.link;
    c.site = f.site !== 0 && a.site[s] === f.site;
    return c;
  }
  /** The candidates of the last lookup: the first `candidates()` (or `siteCandidates()`) of them. */
  readonly found: Candidate[] = [];
  private used = 0;

  /**
   * Entries with the same link site as `f` (newest first), added to the last lookup's candidates
   * (for rotating links). Returns the new count.
   */
  siteCandidates(f: Features, minTs: number, max: number): number {
    if (f.site === 0) return this.used;
    const low = this.nextSeq - this.capacity;
    const a = this.a;
    const mask = this.mask;
    let seq = this.siteHead[f.site & this.tableMask]!;
    let taken = 0;
    let steps = 0;
    while (seq > 0 && taken < max && steps < max * 4) {
      const s = seq & mask;
      if (seq < low || a.ts[s]! < minTs) break;
      steps++;
      if (a.site[s] === f.site && this.pushCandidate(f, seq, s)) taken++;
      seq = this.siteNext[s]!;
    }
    return this.used;
  }

  /** Drops every entry (keeps the arrays). `chains` false: the caller reindexes next anyway. */
  clear(chains = true): void {
    this.nextSeq = 1;
    this.a.seqAt.fill(0);
    this.a.keys.fill(null);
    this.a.cluster.fill(-1);
    if (chains) {
      this.bandHead.fill(0);
      this.imgHead.fill(0);
      this.linkHead.fill(0);
      this.siteHead.fill(0);
    }
  }

  /**
   * Rebuilds all chains from the entry arrays (after a restore). Band by band, so each pass works
   * in one band's head table (it stays in cache) instead of jumping across all sixteen per entry;
   * tight loops over typed arrays, as this runs once in a freshly started worker.
   */
  reindex(bandValsLoaded = false): void {
    this.bandHead.fill(0);
    this.imgHead.fill(0);
    this.linkHead.fill(0);
    this.siteHead.fill(0);
    const a = this.a;
    const seqAt = a.seqAt;
    const mask = this.mask;
    const cap = this.capacity;
    const first = Math.max(1, this.nextSeq - cap);
    // The live entries with text, oldest first, and all live entries.
    const textSeqs = new Int32Array(Math.min(cap, this.nextSeq - first));
    const textSlots = new Int32Array(textSeqs.length);
    const allSeqs = new Int32Array(textSeqs.length);
    let nText = 0;
    let nAll = 0;
    for (let seq = first; seq < this.nextSeq; seq++) {
      const s = seq & mask;
      if (seqAt[s] !== seq) continue;
      allSeqs[nAll++] = seq;
      if (a.hasText[s]) {
        textSeqs[nText] = seq;
        textSlots[nText++] = s;
      }
    }
    if (!bandValsLoaded)
      for (let from = 0; from < nText; from += RELINK_SLICE)
        this.hashBands(textSlots, from, Math.min(nText, from + RELINK_SLICE));
    // In slices of entries, each a short call: a freshly started worker runs the first calls
    // unoptimized, and V8 optimizes a small function called again sooner than one long loop.
    for (let b = 0; b < BANDS; b++)
      for (let from = 0; from < nText; from += RELINK_SLICE)
        this.linkBand(b, textSeqs, textSlots, from, Math.min(nText, from + RELINK_SLICE));
    for (let from = 0; from < nAll; from += RELINK_SLICE)
      this.linkOthers(allSeqs, from, Math.min(nAll, from + RELINK_SLICE));
  }

  /** The band hashes of entries [from, to) (by slot), from their signatures. */
  private hashBands(slots: Int32Array, from: number, to: number): void {
    const sig = this.a.sig;
    const bandVal = this.bandVal;
    const cap = this.capacity;
    for (let i = from; i < to; i++) {
      const s = slots[i]!;
      for (let b = 0; b < BANDS; b++) bandVal[b * cap + s] = bandHash(sig, s * K, b);
    }
  }

  /** Links entries [from, to) of a band into its chains (band hashes known). */
  private linkBand(b: number, seqs: Int32Array, slots: Int32Array, from: number, to: number): void {
    const tm = this.tableMask;
    const base = b * (tm + 1);
    const off = b * this.capacity;
    const bandVal = this.bandVal;
    const head = this.bandHead;
    const next = this.bandNext;
    for (let i = from; i < to; i++) {
      const s = slots[i]!;
      const h = base + (bandVal[off + s]! & tm);
      next[off + s] = head[h]!;
      head[h] = seqs[i]!;
    }
  }

  /** Links entries [from, to) into the picture, link and site chains. */
  private linkOthers(seqs: Int32Array, from: number, to: number): void {
    const a = this.a;
    const mask = this.mask;
    const tm = this.tableMask;
    const table = tm + 1;
    const img = a.img;
    const keys = this.keyBuf;
    for (let i = from; i < to; i++) {
      const seq = seqs[i]!;
      const s = seq & mask;
      if (img[s * IMG_SIG_LEN] === 1) {
        imageKeys(img, s * IMG_SIG_LEN, keys);
        for (let k = 0; k < IMG_KEYS; k++) {
          const key = keys[k]!;
          const h = k * table + (key & tm);
          this.imgKey[s * IMG_KEYS + k] = key;
          this.imgNext[s * IMG_KEYS + k] = this.imgHead[h]!;
          this.imgHead[h] = seq;
        }
      }
      const link = a.link[s]!;
      if (link !== 0) {
        this.linkNext[s] = this.linkHead[link & tm]!;
        this.linkHead[link & tm] = seq;
      }
      const site = a.site[s]!;
      if (site !== 0) {
        this.siteNext[s] = this.siteHead[site & tm]!;
        this.siteHead[site & tm] = seq;
      }
    }
  }
}
