/**
 * Post identity (a 52-bit hash of a key, URL or ActivityPub id) -> window sequence number, in
 * typed arrays: no per-entry objects, and rebuilt after a restore in a few milliseconds (a Map of
 * 300,000 strings takes tens). Entries whose post has left the window are simply overwritten:
 * every lookup checks that the sequence number is still alive, and probes a fixed window of slots
 * instead of stopping at an empty one, so reuse never breaks a chain.
 */
const PROBES = 16;

export class SeqIndex {
  private keys: Float64Array;
  private seqs: Int32Array;
  private readonly mask: number;

  constructor(
    entries: number,
    private store: { readonly a: { readonly seqAt: Int32Array }; readonly mask: number },
  ) {
    let size = 1024;
    while (size < entries * 8) size *= 2;
    this.mask = size - 1;
    this.keys = new Float64Array(size);
    this.seqs = new Int32Array(size);
  }

  /** The store whose entries are looked up (after a restore replaced it). */
  setStore(store: { readonly a: { readonly seqAt: Int32Array }; readonly mask: number }): void {
    this.store = store;
  }

  private alive(seq: number): boolean {
    return seq > 0 && this.store.a.seqAt[seq & this.store.mask] === seq;
  }

  get(key: number): number | undefined {
    const start = key >>> 0;
    for (let p = 0; p < PROBES; p++) {
      const i = (start + p) & this.mask;
      if (this.keys[i] === key && this.seqs[i]! > 0) return this.alive(this.seqs[i]!) ? this.seqs[i] : undefined;
    }
    return undefined;
  }

  set(key: number, seq: number): void {
    const start = key >>> 0;
    let free = -1;
    let oldest = -1;
    for (let p = 0; p < PROBES; p++) {
      const i = (start + p) & this.mask;
      const s = this.seqs[i]!;
      if (this.keys[i] === key) {
        this.seqs[i] = seq;
        return;
      }
      if (free < 0 && (s === 0 || !this.alive(s))) free = i;
      if (oldest < 0 || s < this.seqs[oldest]!) oldest = i;
    }
    const i = free >= 0 ? free : oldest;
    this.keys[i] = key;
    this.seqs[i] = seq;
  }

  /**
   * Insert a key that get() just did not find alive (a new post): the first place that is free,
   * holds a dead entry, or holds the key's own dead entry. No need to look for it further on.
   */
  setNew(key: number, seq: number): void {
    const start = key >>> 0;
    for (let p = 0; p < PROBES; p++) {
      const i = (start + p) & this.mask;
      const s = this.seqs[i]!;
      if (s === 0 || this.keys[i] === key || !this.alive(s)) {
        this.keys[i] = key;
        this.seqs[i] = seq;
        return;
      }
    }
    this.set(key, seq);
  }

  /** Insert into a table being rebuilt (no entry is stale yet): the first free slot. */
  setFresh(key: number, seq: number): void {
    const start = key >>> 0;
    for (let p = 0; p < PROBES; p++) {
      const i = (start + p) & this.mask;
      if (this.seqs[i] === 0 || this.keys[i] === key) {
        this.keys[i] = key;
        this.seqs[i] = seq;
        return;
      }
    }
    this.set(key, seq);
  }

  /**
   * Rebuilding: the `per` identities of each live entry seq in [from, to) (`ids[slot * per + i]`,
   * 0 for none), each in the first free place of its probe window.
   */
  insertFresh(ids: Float64Array, per: number, seqAt: Int32Array, mask: number, from: number, to: number): void {
    for (let seq = from; seq < to; seq++) {
      const s = seq & mask;
      if (seqAt[s] !== seq) continue;
      for (let i = s * per; i < s * per + per; i++) {
        const key = ids[i]!;
        if (key) this.setFresh(key, seq);
      }
    }
  }

  clear(): void {
    this.keys.fill(0);
    this.seqs.fill(0);
  }
}
