/**
 * The detection engine (issue 3): sees posts in arrival order and says, for each, whether it
 * belongs to a spam wave, how suspicious it looks on its own, and why. Pure and deterministic: the
 * only clock is the posts' own timestamps.
 *
 * Per post: normalize the text, fingerprint it (MinHash of shingles, BlurHash components of the
 * first picture, the first link), find look-alikes in the sliding window through LSH buckets
 * (sub-linear: a few short chains per post), score the post's own signals, join or found a
 * cluster of near-duplicates, and decide whether that cluster is a wave. Moderator decisions add
 * fingerprints to a separate "known" store that outlives the window.
 */
import type { Engine, EngineRecord, IngestResult } from '../engine-api';
import { newProfileMemo, scoreSignals, type ProfileMemo, type SignalInput } from '../heuristics';
import type { Decision, Post, Reason, Verdict, VerdictLabel, WaveSummary } from '../model';
import { compileRules, isAllowed, isAllowedDomain, matchRules, type CompiledRules } from '../rules/compile';
import { detach } from '../post-limits';
import { emptyRuleSet, overrideOf, type RuleSet } from '../rules/types';
import { validateRules, type RulesValidation } from '../rules/validate';
import { combine, hash52, hash52Fields, hashLowerAt, hashString, mix32, shortId } from '../text/hash';
import { siteOf } from '../text/urls';
import {
  addMember,
  type Cluster,
  isWaveNow,
  mergeInto,
  newCluster,
  sharedSignals,
  type MemberInfo,
} from '../waves/clusters';
import { computeFeatures, newFeatures, type Features } from '../waves/features';
import { SeqIndex } from '../waves/seq-index';
import {
  type Candidate,
  FingerprintStore,
  FLAG_EXEMPLAR,
  FLAG_FRESH,
  FLAG_LEARNED_OK,
  FLAG_LEARNED_SPAM,
  FLAG_THROWAWAY_LINK,
  FLAG_YOUNG,
} from '../waves/store';
import { allowReason, learnedOkReason, learnedSpamReason, waveReason } from './reasons';
import {
  CLUSTER_SHIFT,
  exportState,
  importState,
  KNOWN_SHIFT,
  SEG_SHIFT,
  sitePart,
  type EngineInternals,
  type SavedWindow,
} from './state';

export interface EngineOptions {
  /** User rules (validated; invalid rules throw). Default: none, built-in signals only. */
  rules?: RuleSet;
  /** How far back near-duplicates are looked for, in hours (default 72). */
  windowHours?: number;
  /** Most posts kept in the window (default 131,072; rounded up to a power of two). */
  capacity?: number;
  /** Most learned and wave fingerprints kept (default 16,384). */
  knownCapacity?: number;
  /** Learned decisions expire after this many days without a matching post (default 30). */
  learnedTtlDays?: number;
  /** A wave with no new post for this many days is forgotten (default 7). */
  waveTtlDays?: number;
  /**
   * The host's wall clock, when it has one (the background: `Date.now`). A post or decision dated
   * more than an hour after it counts as dated then. Without it the engine's clock is the median
   * of recent timestamps (see tick), which a majority of made-up dates can still move.
   */
  wallClock?: () => number;
}

/** The engine with its rule and inspection methods (extensions of the Engine contract). */
export interface BreakwaterEngine extends Engine {
  /** Replaces the user rules. Invalid rules are refused (the old ones stay) and the errors returned. */
  setRules(rules: unknown): RulesValidation;
  getRules(): RuleSet;
  /** The latest verdict of a post still in the window, or null. */
  verdictOf(postKey: string): Verdict | null;
  /** Sizes, for the benchmarks and the options page. */
  stats(): EngineStats;
}

export interface EngineStats {
  windowPosts: number;
  clusters: number;
  waves: number;
  learned: number;
  authors: number;
  knownFingerprints: number;
}

export const LABEL_OK = 0;
export const LABEL_SUSPICIOUS = 1;
export const LABEL_SPAM = 2;
const LABELS: VerdictLabel[] = ['ok', 'suspicious', 'spam'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PER_CHAIN = 3;
const MAX_CANDIDATES = 24;
const VERDICT_CACHE = 8192;
const PRUNE_EVERY = 2048;
const MAX_EXEMPLARS = 24;
/** The clock is the median of the last this many timestamps (see tick). */
const CLOCK_POSTS = 16;
/** Mentions of one post looked at for "mentioned strangers" (the normalizers keep 200). */
const MAX_MENTIONS = 200;

export interface AuthorState {
  id: number;
  key: string;
  /** Recent post times, newest last (at most 16). */
  recent: number[];
  lastSeen: number;
  /** hashString(key), for the interaction pairs. */
  hash?: number;
  /** What the profile signals said of this account (not saved: rebuilt on its next post). */
  memo?: ProfileMemo;
}

export interface Learned {
  id: string;
  kind: 'spam' | 'not-spam';
  postKey: string;
  authorKey: string;
  at: number;
  lastSeen: number;
  /** Sequence number in the known store. */
  seq: number;
}

/**
 * Who talked to whom (32-bit pair hashes), for "mentioned strangers". An open-addressing table of
 * the pairs for lookups (typed: no object per pair, rebuilt in milliseconds after a restore) plus
 * an append-only log in chunks, so a save writes only the newest chunk and the oldest pairs age
 * out a chunk at a time.
 */
export class Interactions {
  static readonly CHUNK = 4096;
  static readonly CHUNKS = 64;
  /** Pair hashes (0 stands for an empty place; a pair hashing to 0 is kept as 1). */
  private table = new Uint32Array(1 << 19);
  /** Log chunks by number; chunk k holds pairs n = k * CHUNK ... */
  chunks = new Map<number, Uint32Array>();
  n = 0;
  dirty = new Set<number>();
  dropped = new Set<number>();

  has(h: number): boolean {
    const v = h >>> 0 || 1;
    const t = this.table;
    const mask = t.length - 1;
    for (let i = mix32(v) & mask; ; i = (i + 1) & mask) {
      const x = t[i]!;
      if (x === v) return true;
      if (x === 0) return false;
    }
  }

  /** Into the lookup table only; false when it was there. */
  private put(h: number): boolean {
    const v = h >>> 0 || 1;
    const t = this.table;
    const mask = t.length - 1;
    for (let i = mix32(v) & mask; ; i = (i + 1) & mask) {
      const x = t[i]!;
      if (x === v) return false;
      if (x === 0) {
        t[i] = v;
        return true;
      }
    }
  }

  add(h: number): void {
    if (!this.put(h)) return;
    const k = Math.floor(this.n / Interactions.CHUNK);
    let chunk = this.chunks.get(k);
    if (!chunk) {
      chunk = new Uint32Array(Interactions.CHUNK);
      this.chunks.set(k, chunk);
      const old = k - Interactions.CHUNKS;
      if (this.chunks.delete(old)) {
        this.dropped.add(old);
        this.dirty.delete(old);
        this.rebuild();
      }
    }
    chunk[this.n % Interactions.CHUNK] = h >>> 0;
    this.n++;
    this.dirty.add(k);
  }

  /** The lookup table again from the log (after a restore, or when the oldest chunk aged out). */
  rebuild(empty = false): void {
    if (!empty) this.table.fill(0);
    const used = this.n % Interactions.CHUNK;
    const last = Math.floor(this.n / Interactions.CHUNK);
    for (const [k, chunk] of this.chunks) {
      const end = k === last ? used : chunk.length;
      for (let i = 0; i < end; i++) this.put(chunk[i]!);
    }
  }

  clear(): void {
    this.table.fill(0);
    this.chunks = new Map();
    this.n = 0;
    this.dirty.clear();
    this.dropped.clear();
  }
}

export function createEngine(options: EngineOptions = {}): BreakwaterEngine {
  return new DetectionEngine(options);
}

class DetectionEngine implements BreakwaterEngine, EngineInternals {
  readonly windowMs: number;
  readonly learnedTtl: number;
  readonly waveTtl: number;
  private readonly wallClock: (() => number) | null;
  rules: RuleSet = emptyRuleSet();
  private compiled = new Map<string, CompiledRules>();
  store: FingerprintStore;
  known: FingerprintStore;
  now = 0;
  /** The last CLOCK_POSTS timestamps (not saved: after a restore the clock waits for a full ring). */
  private clockRing = new Float64Array(CLOCK_POSTS);
  private clockSorted = new Float64Array(CLOCK_POSTS);
  private clockCount = 0;
  nextCluster = 1;
  ingested = 0;
  clusters = new Map<number, Cluster>();
  parent = new Map<number, number>();
  waveClusters = new Map<string, number>();
  authors = new Map<string, AuthorState>();
  interactions = new Interactions();
  learned = new Map<string, Learned>();
  /** Authors a moderator marked "not spam": key -> last seen. */
  allowAuthors = new Map<string, number>();
  /** Post key, URL / ActivityPub id, and author + second + text hashes -> sequence number. */
  seqIndex: SeqIndex;
  /** Other keys of the same post (seen on several instances), by sequence number. */
  aliases = new Map<number, string[]>();
  siteNames = new Map<number, string>();
  /**
   * Who links to each site in the window: established accounts or only young ones. A site only
   * young accounts link to (a throwaway domain) ties a wave's text variants together; one that
   * established people link to (a news site, youtube.com) never does.
   */
  siteUse = new Map<number, { established: number; young: number; lastSeen: number }>();
  sitesDirty = false;
  siteParts = new Set<number>();
  /** Nothing ingested, decided or imported yet: every array is still zero (an import skips clearing them). */
  pristine = true;
  /** What of the window has been written by drainChanges() (state.ts). */
  saved: SavedWindow = { upTo: 1, tails: new Map() };
  ages: Float32Array;
  pscores: Float32Array;
  ascores: Float32Array;
  /** Each entry's three identity hashes (key, URL/ActivityPub id, author+second+text), kept for a restore. */
  idents: Float64Array;
  /** The latest verdicts of the most recent posts, in a ring by sequence number. */
  private verdicts: (Verdict | undefined)[] = new Array<Verdict | undefined>(VERDICT_CACHE);
  private verdictSeqs = new Int32Array(VERDICT_CACHE);
  dirty = {
    fp: new Set<number>(),
    known: new Set<number>(),
    clusters: new Set<number>(),
    authors: false,
    learned: new Set<string>(),
    deletedClusters: new Set<number>(),
    deletedLearned: new Set<string>(),
    allow: false,
  };
  private f: Features = newFeatures();
  private batchUpdated = new Map<string, Verdict>();
  private batchWaves = new Map<string, Cluster>();
  /** Clusters that gained members outside the wave they are (merges), to relabel. */
  private mixed = new Set<number>();

  constructor(options: EngineOptions) {
    this.windowMs = (options.windowHours ?? 72) * HOUR;
    this.learnedTtl = (options.learnedTtlDays ?? 30) * DAY;
    this.waveTtl = (options.waveTtlDays ?? 7) * DAY;
    this.wallClock = options.wallClock ?? null;
    // At least one segment of the saved state (state.ts): 4,096 posts.
    this.store = new FingerprintStore(Math.max(options.capacity ?? 131_072, 1 << SEG_SHIFT));
    this.known = new FingerprintStore(options.knownCapacity ?? 16_384);
    this.ages = new Float32Array(this.store.capacity);
    this.pscores = new Float32Array(this.store.capacity);
    this.ascores = new Float32Array(this.store.capacity);
    this.idents = new Float64Array(this.store.capacity * 3);
    this.seqIndex = new SeqIndex(this.store.capacity, this.store);
    if (options.rules) {
      const r = this.setRules(options.rules);
      if (!r.ok) throw new Error(`invalid rules: ${r.errors.join('; ')}`);
    }
  }

  // ---- rules -------------------------------------------------------------------------------

  setRules(rules: unknown): RulesValidation {
    const v = validateRules(rules);
    if (v.ok) {
      this.rules = v.rules;
      this.compiled.clear();
    }
    return v;
  }

  getRules(): RuleSet {
    return this.rules;
  }

  private rulesFor(instance: string): CompiledRules {
    const key = overrideOf(this.rules, instance) ? instance : '';
    let c = this.compiled.get(key);
    if (!c) {
      c = compileRules(this.rules, key || null);
      this.compiled.set(key, c);
    }
    return c;
  }

  // ---- ingest ------------------------------------------------------------------------------

  ingest(posts: readonly Post[]): IngestResult {
    this.pristine = false;
    // Reused between calls: most batches change no earlier verdict and touch no wave.
    const updated = this.batchUpdated;
    const waves = this.batchWaves;
    updated.clear();
    waves.clear();
    const verdicts: Verdict[] = new Array<Verdict>(posts.length);
    for (let i = 0; i < posts.length; i++) verdicts[i] = this.ingestOne(posts[i]!, updated, waves);
    const result: IngestResult = { verdicts, updated: [], waves: [] };
    if (updated.size > 0) {
      // A post of this batch relabelled by a later one (a wave it joined formed further on in the
      // batch): its final verdict replaces the one it got on arrival; `updated` keeps the posts of
      // earlier batches only.
      for (let i = 0; i < verdicts.length; i++) {
        const key = verdicts[i]!.postKey;
        const later = updated.get(key);
        if (later) verdicts[i] = later;
      }
      for (const v of verdicts) updated.delete(v.postKey);
      result.updated = [...updated.values()];
    }
    for (const c of waves.values()) result.waves.push(this.summary(c));
    return result;
  }

  private author(post: Post): AuthorState {
    const key = post.author.key;
    let st = this.authors.get(key);
    if (!st) {
      // Full: forget the account first seen longest ago (a Map iterates in insertion order).
      if (this.authors.size >= this.maxClusters) this.authors.delete(this.authors.keys().next().value!);
      // The id is a hash of the handle: the same account keeps it across restarts without a table.
      st = { id: hashString(key) | 0, key, recent: [], lastSeen: post.createdAt };
      this.authors.set(key, st);
    }
    return st;
  }

  /**
   * The engine's clock (issue 10): the posts' timestamps, but robust to a few made-up ones. A post
   * dated in the year 2099 used to become "now" for everyone: the window then held nothing for
   * the real posts after it (no wave was found again) and the next prune forgot every wave and
   * every learned decision. Now the clock moves to the median of the last CLOCK_POSTS timestamps
   * (the lower one), so it takes most of a stream to move it; each post is still judged at its own
   * time when that is later (`Math.max(this.now, t)`), so a later post sees what came before it.
   */
  private tick(t: number): void {
    const ring = this.clockRing;
    ring[this.clockCount++ % CLOCK_POSTS] = t;
    if (this.clockCount < CLOCK_POSTS) return;
    this.clockSorted.set(ring);
    this.clockSorted.sort();
    const median = this.clockSorted[(CLOCK_POSTS >> 1) - 1]!;
    if (median > this.now) this.now = median;
  }

  /**
   * A post's time: its timestamp, or the clock's when that is not a number; with a wall clock, at
   * most an hour after it.
   */
  private timeOf(t: number): number {
    if (!Number.isFinite(t)) return this.now;
    if (this.wallClock) {
      const latest = this.wallClock() + HOUR;
      if (Number.isFinite(latest) && t > latest) return latest;
    }
    return t;
  }

  private ingestOne(post: Post, updated: Map<string, Verdict>, waves: Map<string, Cluster>): Verdict {
    const t = this.timeOf(post.createdAt);
    this.tick(t);
    const now = Math.max(this.now, t);
    const rules = this.rulesFor(post.instance);
    // The same post again: a timeline refetch, or the same remote post seen on another instance
    // (same ActivityPub id; or, when ids disagree, same author, second and text).
    const keyHash = hash52(post.key);
    const idKey = post.uri ?? post.url;
    const ident = idKey == null || idKey === post.key ? keyHash : hash52(idKey);
    let dupSeq = this.seqIndex.get(keyHash) ?? this.seqIndex.get(ident);
    let f: Features | null = null;
    let ident2 = 0;
    if (dupSeq === undefined || !this.store.alive(dupSeq)) {
      f = computeFeatures(post, this.f, rules);
      ident2 = hash52Fields(post.author.key, Math.floor(t / 1000), post.media.length, f.cmp);
      dupSeq = this.seqIndex.get(ident2);
    }
    if (dupSeq !== undefined && this.store.alive(dupSeq)) {
      if (this.seqIndex.get(keyHash) !== dupSeq) {
        this.seqIndex.set(keyHash, dupSeq);
        const list = this.aliases.get(dupSeq) ?? [];
        if (list.length < 16 && !list.includes(post.key) && this.store.a.keys[this.store.slot(dupSeq)] !== post.key)
          list.push(post.key);
        this.aliases.set(dupSeq, list);
      }
      return { ...this.verdictOfSeq(dupSeq), postKey: post.key };
    }
    if (!f) {
      f = computeFeatures(post, this.f, rules);
      ident2 = hash52Fields(post.author.key, Math.floor(t / 1000), post.media.length, f.cmp);
    }
    const st = this.author(post);
    st.lastSeen = now;
    st.recent.push(t);
    if (st.recent.length > 16) st.recent.shift();
    this.dirty.authors = true;
    let recentPosts = 0;
    for (const r of st.recent) if (r > t - HOUR && r <= t) recentPosts++;
    const created = post.author.createdAt;
    const ageHours = created === null || !Number.isFinite(created) ? null : Math.max(0, (t - created) / HOUR);
    const freshLimit = rules.signals['account-age']?.threshold ?? 48;
    const fresh = ageHours !== null && ageHours < freshLimit;
    // Mentioned strangers: not in a reply, never seen talking either way.
    let strangers = 0;
    const ah = (st.hash ??= hashString(st.key));
    for (let i = 0; i < post.mentions.length && i < MAX_MENTIONS; i++) {
      const m = post.mentions[i]!;
      const mh = hashLowerAt(m.username, m.host ?? post.instance);
      const out = combine(ah, mh);
      if (!post.inReplyToId && !this.interactions.has(out) && !this.interactions.has(combine(mh, ah))) strangers++;
      this.interactions.add(out);
    }
    const minTs = now - this.windowMs;
    let nc = this.store.candidates(f, minTs, PER_CHAIN, MAX_CANDIDATES);
    const cands = this.store.found;
    const young = ageHours === null || ageHours < rules.youngDays * 24;
    let youngOnlySite = false;
    if (f.site !== 0) {
      let use = this.siteUse.get(f.site);
      if (!use) {
        if (this.siteUse.size >= this.maxClusters) this.siteUse.delete(this.siteUse.keys().next().value!);
        use = { established: 0, young: 0, lastSeen: now };
        this.siteUse.set(f.site, use);
      }
      if (young) use.young++;
      else if (use.established++ === 0) {
        // Saved: a site established people link to never counts as a throwaway, restart or not.
        this.sitesDirty = true;
        this.siteParts.add(sitePart(f.site));
      }
      use.lastSeen = now;
      youngOnlySite = use.established === 0 && young;
      if (youngOnlySite) nc = this.store.siteCandidates(f, minTs, PER_CHAIN * 2);
    }
    // Other accounts that posted the same picture in the last hour.
    let imageAccounts = 0;
    if (f.hasImage) {
      const seenAuthors: number[] = [];
      for (let i = 0; i < nc; i++) {
        const c = cands[i]!;
        if (!c.image) continue;
        const s = this.store.slot(c.seq);
        const a = this.store.a.author[s]!;
        if (a !== st.id && this.store.a.ts[s]! >= now - HOUR && !seenAuthors.includes(a)) {
          seenAuthors.push(a);
          imageAccounts++;
        }
      }
    }
    const input: SignalInput = { post, ageHours, recentPosts, strangers, cmp: f.cmp, imageAccounts };
    const scored = scoreSignals(input, rules.signals, rules.accountCap, (st.memo ??= newProfileMemo()));
    const ruleReasons = matchRules(rules, post);
    let postKeep = 1 - scored.postScore;
    for (const r of ruleReasons) postKeep *= 1 - r.weight;
    // The cluster's evidence leaves out the repeated-image signal: it is what clusters the posts.
    let evidenceKeep = postKeep;
    for (const r of scored.reasons) if (r.signal === 'images') evidenceKeep /= 1 - r.weight;
    const evidencePost = 1 - evidenceKeep;
    const score = 1 - (1 - scored.accountScore) * postKeep;
    const reasons: Reason[] = ruleReasons.length ? [...ruleReasons, ...scored.reasons] : scored.reasons;
    let ruleMax = 0;
    for (const r of ruleReasons) if (r.weight > ruleMax) ruleMax = r.weight;

    // Known fingerprints: moderator decisions and exemplars of known waves.
    let learnedSpam: Learned | null = null;
    let learnedOk: Learned | null = null;
    let knownWave: string | null = null;
    const nk = this.known.candidates(f, now - Math.max(this.learnedTtl, this.waveTtl), PER_CHAIN, 24);
    for (let i = 0; i < nk; i++) {
      const c = this.known.found[i]!;
      if (!this.near(c, f, this.known, true)) continue;
      const s = this.known.slot(c.seq);
      const tag = this.known.a.keys[s] ?? '';
      const flags = this.known.a.flags[s]!;
      const age = now - this.known.a.ts[s]!;
      if (flags & FLAG_EXEMPLAR) {
        if (age <= this.waveTtl && !knownWave) knownWave = tag.slice(5);
      } else if (age <= this.learnedTtl) {
        const l = this.learned.get(tag);
        if (!l) continue;
        if (flags & FLAG_LEARNED_SPAM && !learnedSpam) learnedSpam = l;
        if (flags & FLAG_LEARNED_OK && !learnedOk) learnedOk = l;
      }
      // Seen again: keep it (saved when it moved by an hour or more: the TTLs count in days).
      if (now - this.known.a.ts[s]! >= HOUR) this.dirty.known.add(s >> KNOWN_SHIFT);
      if (now > this.known.a.ts[s]!) this.known.a.ts[s] = now;
    }
    for (const l of [learnedSpam, learnedOk]) {
      if (l) {
        l.lastSeen = Math.max(l.lastSeen, now);
        this.dirty.learned.add(l.id);
      }
    }
    let allowedBy = isAllowed(rules, post);
    if (!allowedBy && this.allowAuthors.has(st.key)) {
      const at = this.allowAuthors.get(st.key)!;
      if (now - at <= this.learnedTtl) {
        allowedBy = `account ${st.key}, marked not spam`;
        this.allowAuthors.set(st.key, now);
        this.dirty.allow = true;
      }
    }

    // Into the window.
    const evicted = this.store.evictedBy();
    if (evicted > 0) this.evict(evicted);
    const seq = this.store.add(f, t, st.id, post.key);
    const slot = this.store.slot(seq);
    // None of the three was found alive above: each goes to the first free or dead place.
    this.seqIndex.setNew(keyHash, seq);
    if (ident !== keyHash) this.seqIndex.setNew(ident, seq);
    this.seqIndex.setNew(ident2, seq);
    this.idents[slot * 3] = keyHash;
    this.idents[slot * 3 + 1] = ident;
    this.idents[slot * 3 + 2] = ident2;
    this.store.a.score[slot] = score;
    this.store.a.flags[slot] =
      (fresh ? FLAG_FRESH : 0) | (young ? FLAG_YOUNG : 0) | (youngOnlySite ? FLAG_THROWAWAY_LINK : 0);
    this.ages[slot] = ageHours ?? NaN;
    this.pscores[slot] = evidencePost;
    this.ascores[slot] = scored.accountScore;
    this.dirty.fp.add(seq >> SEG_SHIFT);
    if (f.site !== 0 && !this.siteNames.has(f.site)) {
      for (const l of post.links) {
        if (isAllowedDomain(rules, l.host)) continue;
        if (this.siteNames.size < 100_000) {
          this.siteNames.set(f.site, detach(siteOf(l.host)));
          this.sitesDirty = true;
          this.siteParts.add(sitePart(f.site));
        }
        break;
      }
    }

    // Clustering.
    let target: Cluster | null = knownWave ? this.clusterOfWave(knownWave) : null;
    const joinSingles: Candidate[] = [];
    let sharedImage = false;
    for (let i = 0; i < nc; i++) {
      const c = cands[i]!;
      const viaSite = youngOnlySite && c.site && (this.store.a.flags[this.store.slot(c.seq)]! & FLAG_YOUNG) !== 0;
      if (!viaSite && !this.near(c, f, this.store, false)) continue;
      if (c.image) sharedImage = true;
      const cl = this.clusterOfSeq(c.seq);
      if (!cl) joinSingles.push(c);
      else if (!target) target = cl;
      else if (cl !== target) target = this.merge(target, cl);
    }
    if (!target && (joinSingles.length > 0 || learnedSpam)) {
      target = newCluster(this.nextCluster++, t);
      this.addCluster(target);
    }
    const member: MemberInfo = {
      seq,
      ts: t,
      author: st.id,
      fresh,
      young,
      ageHours,
      score,
      accountScore: scored.accountScore,
      postScore: evidencePost,
      sharedImage,
      site: f.site ? (this.siteNames.get(f.site) ?? null) : null,
      throwawayLink: youngOnlySite,
      mentions: f.mentions,
      hasText: f.shingles > 0,
      instance: post.instance,
      postKey: post.key,
      text: post.text,
    };
    if (target) {
      for (const js of joinSingles) this.addSeqToCluster(target, js.seq, js.image, rules.youngDays);
      addMember(target, member);
      this.store.a.cluster[slot] = target.id;
      if (learnedSpam) target.learnedSpam = true;
      if (learnedOk && !learnedSpam) target.cleared = true;
      this.dirty.clusters.add(target.id >> CLUSTER_SHIFT);
      const wasWave = target.isWave;
      // Once a wave, always a wave (until a moderator clears it): verdicts must not flap.
      target.isWave = wasWave ? !target.cleared : isWaveNow(target, rules);
      if (target.isWave) {
        if (!target.waveId) target.waveId = `w-${shortId(target.samplePostKey || post.key)}`;
        this.waveClusters.set(target.waveId, target.id);
        waves.set(target.waveId, target);
        this.addExemplar(target, f, t, knownWave === target.waveId);
      }
      // Relabel when the cluster just became a wave, or when a wave took in posts that were not in it.
      if (target.isWave !== wasWave || (target.isWave && (joinSingles.length > 0 || this.mixed.has(target.id)))) {
        this.relabelMembers(target, seq, updated);
      }
      this.mixed.clear();
    }

    // The verdict.
    let label: VerdictLabel;
    let finalScore = score;
    const cluster = target;
    if (allowedBy) {
      label = 'ok';
      finalScore = 0;
      reasons.unshift(allowReason(allowedBy));
    } else if (learnedSpam) {
      label = 'spam';
      finalScore = Math.max(score, 0.97);
      reasons.unshift(learnedSpamReason());
      if (cluster?.isWave) reasons.splice(1, 0, waveReason(cluster));
    } else if (cluster?.isWave) {
      label = 'spam';
      finalScore = Math.max(score, 0.95);
      reasons.unshift(waveReason(cluster));
    } else if (learnedOk && ruleMax < rules.spam) {
      label = 'ok';
      finalScore = Math.min(score, rules.suspicious * 0.9);
      reasons.unshift(learnedOkReason());
    } else {
      label = score >= rules.spam ? 'spam' : score >= rules.suspicious ? 'suspicious' : 'ok';
    }
    this.store.a.label[slot] = LABELS.indexOf(label);
    const verdict: Verdict = {
      postKey: post.key,
      verdict: label,
      score: round(finalScore),
      wave: label === 'spam' && cluster?.isWave ? cluster.waveId : null,
      freshAccount: fresh,
      accountAgeHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
      reasons,
    };
    this.cacheVerdict(seq, verdict);
    if (++this.ingested % PRUNE_EVERY === 0) this.prune();
    return verdict;
  }

  /** Whether a candidate is a near-duplicate of the post being ingested. */
  private near(c: Candidate, f: Features, store: FingerprintStore, known: boolean): boolean {
    if (c.text >= 0.5) return true;
    const s = store.slot(c.seq);
    const otherMentions = store.a.mentions[s]!;
    const bothTextless = !f.hasText && !store.a.hasText[s];
    if (c.image) {
      if (c.text >= 0.25 || bothTextless) return true;
      if (f.mentions >= 1 && otherMentions >= 1) return true;
    }
    if (c.link && c.text >= 0.35) return true;
    if (known && c.link && bothTextless && f.mentions > 0) return true;
    return false;
  }

  private clusterOfSeq(seq: number): Cluster | null {
    const s = this.store.slot(seq);
    let id = this.store.a.cluster[s]!;
    if (id < 0) return null;
    const root = this.find(id);
    if (root !== id) this.store.a.cluster[s] = root;
    id = root;
    return this.clusters.get(id) ?? null;
  }

  private clusterOfWave(waveId: string): Cluster | null {
    const id = this.waveClusters.get(waveId);
    if (id !== undefined) {
      const c = this.clusters.get(this.find(id));
      if (c) return c;
    }
    // The wave's cluster was forgotten with the window, but its exemplars live on: revive it.
    const c = newCluster(this.nextCluster++, this.now);
    c.waveId = waveId;
    c.learnedSpam = false;
    this.addCluster(c);
    this.waveClusters.set(waveId, c.id);
    return c;
  }

  /**
   * Caps on the engine's maps (issue 10: a flood of hostile posts must not grow them without end),
   * half the window's capacity (65,536 by default, 2,048 at the smallest): clusters (a cluster has
   * two posts at least), authors (for their posting rate: beyond the cap the account first seen
   * longest ago is forgotten) and link sites (who links to them: the same); cluster merges beyond
   * twice the cap are folded into the window's entries.
   */
  get maxClusters(): number {
    return this.store.capacity >> 1;
  }

  /**
   * A new cluster; when there are maxClusters already, the oldest that is not a wave (nor
   * learned, nor cleared) among the first few is forgotten, or else the oldest of all.
   */
  private addCluster(c: Cluster): void {
    if (this.clusters.size >= this.maxClusters) {
      let victim: Cluster | null = null;
      let looked = 0;
      for (const x of this.clusters.values()) {
        victim ??= x;
        if (!x.isWave && !x.learnedSpam && !x.cleared) {
          victim = x;
          break;
        }
        if (++looked >= 64) break;
      }
      if (victim) this.dropCluster(victim);
    }
    this.clusters.set(c.id, c);
  }

  private dropCluster(c: Cluster): void {
    this.clusters.delete(c.id);
    this.dirty.clusters.add(c.id >> CLUSTER_SHIFT);
    this.dirty.deletedClusters.add(c.id);
    if (c.waveId && this.waveClusters.get(c.waveId) === c.id) this.waveClusters.delete(c.waveId);
  }

  /**
   * Folds the cluster merges into the window's entries and the wave index, then forgets them (a
   * wave that took in many clusters would otherwise keep one merge for each as long as it lives).
   */
  private foldMerges(): void {
    const a = this.store.a;
    const first = Math.max(1, this.store.nextSeq - this.store.capacity);
    for (let seq = first; seq < this.store.nextSeq; seq++) {
      if (!this.store.alive(seq)) continue;
      const s = this.store.slot(seq);
      const id = a.cluster[s]!;
      if (id < 0) continue;
      const root = this.find(id);
      if (root !== id) {
        a.cluster[s] = this.clusters.has(root) ? root : -1;
        this.dirty.fp.add(seq >> SEG_SHIFT);
      }
    }
    for (const [w, id] of this.waveClusters) {
      const root = this.find(id);
      if (this.clusters.has(root)) this.waveClusters.set(w, root);
      else this.waveClusters.delete(w);
    }
    this.parent.clear();
  }

  find(id: number): number {
    let root = id;
    for (let i = 0; i < 64; i++) {
      const p = this.parent.get(root);
      if (p === undefined) break;
      root = p;
    }
    if (root !== id) this.parent.set(id, root);
    return root;
  }

  private merge(a: Cluster, b: Cluster): Cluster {
    const [into, from] = a.posts >= b.posts ? [a, b] : [b, a];
    // A wave absorbing a plain cluster (or the reverse): the plain side's posts must be relabelled.
    if (into.isWave !== from.isWave) this.mixed.add(into.id);
    into.isWave ||= from.isWave;
    mergeInto(into, from);
    this.clusters.delete(from.id);
    this.parent.set(from.id, into.id);
    this.dirty.clusters.add(into.id >> CLUSTER_SHIFT);
    this.dirty.clusters.add(from.id >> CLUSTER_SHIFT);
    this.dirty.deletedClusters.add(from.id);
    if (from.waveId) this.waveClusters.set(from.waveId, into.id);
    if (into.waveId) this.waveClusters.set(into.waveId, into.id);
    return into;
  }

  private addSeqToCluster(c: Cluster, seq: number, sharedImage: boolean, youngDays: number): void {
    const a = this.store.a;
    const s = this.store.slot(seq);
    const site = a.site[s]!;
    const age = this.ages[s]!;
    addMember(c, {
      seq,
      ts: a.ts[s]!,
      author: a.author[s]!,
      fresh: (a.flags[s]! & FLAG_FRESH) !== 0,
      young: Number.isNaN(age) || age < youngDays * 24,
      ageHours: Number.isNaN(age) ? null : age,
      score: a.score[s]!,
      accountScore: this.ascores[s]!,
      postScore: this.pscores[s]!,
      sharedImage,
      site: site ? (this.siteNames.get(site) ?? null) : null,
      throwawayLink: (a.flags[s]! & FLAG_THROWAWAY_LINK) !== 0,
      mentions: a.mentions[s]!,
      hasText: a.hasText[s] === 1,
      instance: (a.keys[s] ?? '').split('/')[0]!,
      postKey: a.keys[s] ?? '',
      text: '',
    });
    a.cluster[s] = c.id;
    this.dirty.fp.add(seq >> SEG_SHIFT);
  }

  /** After a cluster became (or stopped being) a wave: its earlier posts' verdicts change. */
  private relabelMembers(c: Cluster, except: number, updated: Map<string, Verdict>): void {
    let wr: Reason | null = null;
    for (const m of c.members) {
      if (m === except || !this.store.alive(m)) continue;
      const s = this.store.slot(m);
      const before = this.verdictOfSeq(m);
      let v: Verdict;
      if (c.isWave) {
        if (before.verdict === 'spam' && before.wave === c.waveId) continue;
        if (before.reasons.some((r) => r.signal === 'allow')) continue;
        v = {
          ...before,
          verdict: 'spam',
          score: round(Math.max(before.score, 0.95)),
          wave: c.waveId,
          reasons: [(wr ??= waveReason(c)), ...before.reasons.filter((r) => r.signal !== 'wave')],
        };
      } else {
        if (before.wave !== c.waveId || !before.wave) continue;
        const raw = this.store.a.score[s]!;
        const rules = this.rulesFor((this.store.a.keys[s] ?? '').split('/')[0]!);
        v = {
          ...before,
          verdict: 'ok',
          score: round(Math.min(raw, rules.suspicious * 0.9)),
          wave: null,
          reasons: [learnedOkReason(), ...before.reasons.filter((r) => r.signal !== 'wave')],
        };
      }
      this.store.a.label[s] = LABELS.indexOf(v.verdict);
      this.dirty.fp.add(m >> SEG_SHIFT);
      this.cacheVerdict(m, v);
      this.emit(m, v, updated);
    }
  }

  /** Reports a changed verdict under the post's key and every other key it was seen under. */
  private emit(seq: number, v: Verdict, updated: Map<string, Verdict>): void {
    updated.set(v.postKey, v);
    for (const k of this.aliases.get(seq) ?? []) updated.set(k, { ...v, postKey: k });
  }

  private addExemplar(c: Cluster, f: Features, ts: number, matchedKnown: boolean): void {
    if (matchedKnown || c.exemplars >= MAX_EXEMPLARS || !c.waveId) return;
    const seq = this.known.add(f, ts, 0, `wave:${c.waveId}`);
    const s = this.known.slot(seq);
    this.known.a.flags[s] = FLAG_EXEMPLAR;
    this.dirty.known.add(s >> KNOWN_SHIFT);
    c.exemplars++;
  }

  private cacheVerdict(seq: number, v: Verdict): void {
    const i = seq & (VERDICT_CACHE - 1);
    this.verdicts[i] = v;
    this.verdictSeqs[i] = seq;
  }

  /** The verdict of an entry: cached, or rebuilt from the stored arrays (after a restore). */
  verdictOfSeq(seq: number): Verdict {
    const i = seq & (VERDICT_CACHE - 1);
    const cached = this.verdictSeqs[i] === seq ? this.verdicts[i] : undefined;
    if (cached) return cached;
    const a = this.store.a;
    const s = this.store.slot(seq);
    const cl = this.clusterOfSeq(seq);
    const label = LABELS[a.label[s]!] ?? 'ok';
    const age = this.ages[s]!;
    const reasons: Reason[] = [];
    if (label === 'spam' && cl?.isWave) reasons.push(waveReason(cl));
    return {
      postKey: a.keys[s] ?? '',
      verdict: label,
      score: round(label === 'spam' && cl?.isWave ? Math.max(0.95, a.score[s]!) : a.score[s]!),
      wave: label === 'spam' && cl?.isWave ? cl.waveId : null,
      freshAccount: (a.flags[s]! & FLAG_FRESH) !== 0,
      accountAgeHours: Number.isNaN(age) ? null : Math.round(age * 10) / 10,
      reasons,
    };
  }

  private evict(seq: number): void {
    this.aliases.delete(seq);
  }

  /** Forgets what is out of the window: quiet clusters, expired waves and learned entries, stale maps. */
  prune(): void {
    const now = this.now;
    const windowStart = now - this.windowMs;
    for (const c of this.clusters.values()) {
      const limit = c.isWave || c.learnedSpam || c.cleared ? now - this.waveTtl : windowStart;
      if (c.lastSeen < limit) this.dropCluster(c);
    }
    // Wave ids whose cluster is gone, also those of waves merged into it.
    for (const [w, id] of this.waveClusters) if (!this.clusters.has(this.find(id))) this.waveClusters.delete(w);
    for (const [id] of this.parent) if (!this.clusters.has(this.find(id))) this.parent.delete(id);
    if (this.parent.size > 2 * this.maxClusters) this.foldMerges();
    if (this.waveClusters.size > 2 * this.maxClusters) {
      // A wave that merged many: forget the merged waves' ids (their exemplars revive a cluster).
      for (const [w, id] of this.waveClusters) if (this.clusters.get(id)?.waveId !== w) this.waveClusters.delete(w);
    }
    for (const [id, l] of this.learned) {
      if (l.lastSeen < now - this.learnedTtl) {
        this.learned.delete(id);
        this.dirty.deletedLearned.add(id);
      }
    }
    for (const [k, t] of this.allowAuthors) {
      if (t < now - this.learnedTtl) {
        this.allowAuthors.delete(k);
        this.dirty.allow = true;
      }
    }
    if (this.siteUse.size > 50_000) {
      for (const [k, u] of this.siteUse) if (u.lastSeen < windowStart) this.siteUse.delete(k);
    }
    // Authors matter for their posting rate only: forget those quiet for two hours.
    if (this.authors.size > 4096) {
      for (const [k, st] of this.authors) if (st.lastSeen < now - 2 * HOUR) this.authors.delete(k);
    }
  }

  // ---- decisions ---------------------------------------------------------------------------

  decide(decision: Decision, post: Post): IngestResult {
    this.pristine = false;
    const updated = new Map<string, Verdict>();
    const waves = new Map<string, Cluster>();
    const at = this.timeOf(decision.at);
    this.tick(at);
    const now = Math.max(this.now, at);
    const rules = this.rulesFor(post.instance);
    const f = computeFeatures(post, this.f, rules);
    const id = `${decision.kind}:${post.key}`;
    const knownSeq = this.known.add(f, now, 0, id);
    const ks = this.known.slot(knownSeq);
    this.known.a.flags[ks] = decision.kind === 'spam' ? FLAG_LEARNED_SPAM : FLAG_LEARNED_OK;
    this.dirty.known.add(ks >> KNOWN_SHIFT);
    this.learned.set(id, {
      id,
      kind: decision.kind,
      postKey: post.key,
      authorKey: post.author.key,
      at: decision.at,
      lastSeen: now,
      seq: knownSeq,
    });
    this.dirty.learned.add(id);
    const other = `${decision.kind === 'spam' ? 'not-spam' : 'spam'}:${post.key}`;
    if (this.learned.delete(other)) this.dirty.deletedLearned.add(other);
    if (decision.kind === 'not-spam') {
      this.allowAuthors.set(post.author.key, now);
      this.dirty.allow = true;
    } else if (this.allowAuthors.delete(post.author.key)) this.dirty.allow = true;

    // The post itself and its near-duplicates in the window.
    const seq = this.seqIndex.get(hash52(post.key));
    const nc = this.store.candidates(f, now - this.windowMs, PER_CHAIN, MAX_CANDIDATES);
    const related: number[] = [];
    for (let i = 0; i < nc; i++) {
      const c = this.store.found[i]!;
      if (this.near(c, f, this.store, false)) related.push(c.seq);
    }
    if (seq !== undefined && this.store.alive(seq)) related.unshift(seq);
    let target: Cluster | null = seq !== undefined && this.store.alive(seq) ? this.clusterOfSeq(seq) : null;
    for (const r of related) {
      const cl = this.clusterOfSeq(r);
      if (cl && !target) target = cl;
      else if (cl && target && cl !== target) target = this.merge(target, cl);
    }
    if (!target && related.length > 0) {
      target = newCluster(this.nextCluster++, now);
      this.addCluster(target);
    }
    if (target) {
      for (const r of related)
        if (this.clusterOfSeq(r) !== target) this.addSeqToCluster(target, r, false, rules.youngDays);
      const wasWave = target.isWave;
      if (decision.kind === 'spam') {
        target.learnedSpam = true;
        target.cleared = false;
      } else {
        target.cleared = true;
        target.learnedSpam = false;
      }
      target.isWave = isWaveNow(target, rules);
      if (target.isWave && !target.waveId) target.waveId = `w-${shortId(target.samplePostKey || post.key)}`;
      if (target.waveId) {
        this.waveClusters.set(target.waveId, target.id);
        waves.set(target.waveId, target);
      }
      this.dirty.clusters.add(target.id >> CLUSTER_SHIFT);
      if (target.isWave !== wasWave || decision.kind === 'spam') this.relabelMembers(target, -1, updated);
    }
    // Near-duplicates outside any cluster, and the post itself, get the learned verdict.
    for (const r of related) {
      const before = this.verdictOfSeq(r);
      const s = this.store.slot(r);
      let v: Verdict;
      if (decision.kind === 'spam') {
        if (before.verdict === 'spam' && before.reasons.some((x) => x.signal === 'learned')) continue;
        v = {
          ...before,
          verdict: 'spam',
          score: round(Math.max(before.score, 0.97)),
          reasons: [learnedSpamReason(), ...before.reasons.filter((x) => x.signal !== 'learned')],
        };
      } else {
        if (before.verdict === 'ok' && before.reasons.some((x) => x.signal === 'learned')) continue;
        v = {
          ...before,
          verdict: 'ok',
          wave: null,
          score: round(Math.min(before.score, rules.suspicious * 0.9)),
          reasons: [learnedOkReason(), ...before.reasons.filter((x) => x.signal !== 'wave' && x.signal !== 'learned')],
        };
      }
      this.store.a.label[s] = LABELS.indexOf(v.verdict);
      this.dirty.fp.add(r >> SEG_SHIFT);
      this.cacheVerdict(r, v);
      this.emit(r, v, updated);
    }
    const own = seq !== undefined && this.store.alive(seq) ? { ...this.verdictOfSeq(seq), postKey: post.key } : null;
    const verdict: Verdict = own ?? {
      postKey: post.key,
      verdict: decision.kind === 'spam' ? 'spam' : 'ok',
      score: decision.kind === 'spam' ? 0.97 : 0,
      wave: decision.kind === 'spam' ? (target?.waveId ?? null) : null,
      freshAccount: false,
      accountAgeHours: null,
      reasons: [decision.kind === 'spam' ? learnedSpamReason() : learnedOkReason()],
    };
    updated.delete(post.key);
    return {
      verdicts: [verdict],
      updated: [...updated.values()],
      waves: [...waves.values()].map((c) => this.summary(c)),
    };
  }

  // ---- views -------------------------------------------------------------------------------

  summary(c: Cluster): WaveSummary {
    return {
      id: c.waveId ?? `c-${c.id}`,
      size: c.posts,
      accounts: c.authors.size,
      firstSeen: c.firstSeen,
      lastSeen: c.lastSeen,
      samplePostKey: c.samplePostKey,
      sampleText: c.sampleText,
      shared: sharedSignals(c),
      instances: [...c.instances].sort(),
    };
  }

  waves(): WaveSummary[] {
    const out: Cluster[] = [];
    for (const c of this.clusters.values()) if (c.isWave && c.waveId) out.push(c);
    out.sort((a, b) => b.posts - a.posts || a.firstSeen - b.firstSeen);
    return out.map((c) => this.summary(c));
  }

  verdictOf(postKey: string): Verdict | null {
    const seq = this.seqIndex.get(hash52(postKey));
    if (seq === undefined || !this.store.alive(seq)) return null;
    return { ...this.verdictOfSeq(seq), postKey };
  }

  stats(): EngineStats {
    let windowPosts = 0;
    const first = Math.max(1, this.store.nextSeq - this.store.capacity);
    for (let s = first; s < this.store.nextSeq; s++)
      if (this.store.alive(s) && this.store.a.ts[this.store.slot(s)]! >= this.now - this.windowMs) windowPosts++;
    return {
      windowPosts,
      clusters: this.clusters.size,
      waves: this.waves().length,
      learned: this.learned.size,
      authors: this.authors.size,
      knownFingerprints: Math.min(this.known.capacity, this.known.nextSeq - 1),
    };
  }

  // ---- state -------------------------------------------------------------------------------

  exportRecords(): EngineRecord[] {
    return exportState(this, true);
  }

  drainChanges(): EngineRecord[] {
    return exportState(this, false);
  }

  importRecords(records: Iterable<EngineRecord>): void {
    if (!this.pristine) {
      this.verdicts.fill(undefined);
      this.verdictSeqs.fill(0);
    }
    importState(this, records);
    this.pristine = false;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
