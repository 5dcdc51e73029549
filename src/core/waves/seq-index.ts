/**
 * Post identity (a 52-bit hash of a key, URL or ActivityPub id) -> window sequence number, in
 * typed arrays: no per-entry objects, and rebuilt after a restore in a few milliseconds (a Map of
 * 300,000 strings takes tens). Entries whose post has left the window are simply overwritten:
 * every lookup checks that the sequence number is still alive, and probes a fixed window of slots
 * instead of stopping at an empty one, so reuse never breaks a chain.
 */
const PROBES = 16;

export class SeqIndex {
  /** Key and sequence number side by side (one cache line holds a lookup's first probes). */
  private slots: Float64Array;
  private readonly mask: number;

  constructor(
    entries: number,
    private store: { readonly a: { readonly seqAt: Int32Array }; readonly mask: number },
  ) {
    let size = 1024;
    while (size < entries * 8) size *= 2;
    this.mask = size - 1;
    this.slots = new Float64Array(size * 2);
  }

  /** The store whose entries are looked up (after a restore replaced it). */
  setStore(store: { readonly a: { readonly seqAt: Int32Array }; readonly mask: number }): void {
    this.store = store;
  }

  private alive(seq: number): boolean {
    return seq > 0 && this.store.a.seqAt[seq & this.store.mask] === seq;
  }

  get(key: number): number | undefined {
    const t = this.slots;
    const start = key >>> 0;
    for (let p = 0; p < PROBES; p++) {
      const i = ((start + p) & this.mask) * 2;
      const seq = t[i + 1]!;
      if (t[i] === key && seq > 0) return this.alive(seq) ? seq : undefined;
    }
    return undefined;
  }

  set(key: number, seq: number): void {
    const t = this.slots;
    const start = key >>> 0;
    let free = -1;
    let oldest = -1;
    for (let p = 0; p < PROBES; p++) {
      const i = ((start + p) & this.mask) * 2;
      const s = t[i + 1]!;
      if (t[i] === key) {
        t[i + 1] = seq;
        return;
      }
      if (free < 0 && (s === 0 || !this.alive(s))) free = i;
      if (oldest < 0 || s < t[oldest + 1]!) oldest = i;
    }
    const i = free >= 0 ? free : oldest;
    t[i] = key;
    t[i + 1] = seq;
  }

  /** Insert into a table being rebuilt (no entry is stale yet): the first free slot. */
  setFresh(key: number, seq: number): void {
    const t = this.slots;
    const start = key >>> 0;
    for (let p = 0; p < PROBES; p++) {
      const i = ((start + p) & this.mask) * 2;
      if (t[i + 1] === 0 || t[i] === key) {
        t[i] = key;
        t[i + 1] = seq;
        return;
      }
    }
    this.set(key, seq);
  }

  clear(): void {
    this.slots.fill(0);
  }
}
