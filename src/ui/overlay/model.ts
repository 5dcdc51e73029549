/**
 * What the overlay shows on one page: the flagged posts, the selection, the waves, who may do what,
 * and the batches under way. The page runtime (src/content) writes it; the batch bar reads it.
 * Plain data and a change signal, no DOM: tested in Node.
 */
import type { Verdict, WaveSummary } from '../../core/model';
import type { ActionKind, BatchProgress } from '../../core/queue/types';

export interface FlaggedPost {
  key: string;
  /** The post's id on this instance. */
  id: string;
  /** `username@host` of the author. */
  acct: string;
  /** The author's account id on this instance, when known. */
  accountId: string | null;
  /** The author's home domain. */
  host: string;
  remote: boolean;
  url: string | null;
  verdict: Verdict;
}

export interface OverlayAccess {
  /** Actions with the web UI's own login. */
  user: ActionKind[];
  /** Moderator actions the page's role allows (shown only then). */
  moderator: ActionKind[];
  /** A moderator token is stored (signed in as moderator through Breakwater). */
  moderatorToken: boolean;
  moderatorAccount: string | null;
}

export interface OverlaySnapshot {
  instance: string;
  flagged: ReadonlyMap<string, FlaggedPost>;
  selected: ReadonlySet<string>;
  waves: ReadonlyMap<string, WaveSummary>;
  /** The wave the user last looked at (focused, selected); else the largest on the page. */
  focusWave: string | null;
  access: OverlayAccess;
  /** Batches started from this page (newest first) and their latest progress. */
  batches: readonly BatchProgress[];
  theme: 'light' | 'dark';
  /** Bumps on every change. */
  version: number;
}

export const isFlagged = (v: Verdict): boolean => v.verdict !== 'ok' || v.freshAccount;

const finished = (p: BatchProgress) => p.state === 'done' || p.state === 'cancelled';

/** `a` is an earlier state of the same batch than `b`. */
function isOlder(a: BatchProgress, b: BatchProgress): boolean {
  if (finished(b) && !finished(a)) return true;
  return a.done + a.failed < b.done + b.failed;
}

export class OverlayModel {
  private flagged = new Map<string, FlaggedPost>();
  private selected = new Set<string>();
  private waves = new Map<string, WaveSummary>();
  private focusWave: string | null = null;
  private batches: BatchProgress[] = [];
  private listeners = new Set<() => void>();
  private version = 0;
  private snap: OverlaySnapshot | null = null;
  private notifyQueued = false;

  constructor(
    readonly instance: string,
    private access: OverlayAccess,
    private theme: 'light' | 'dark' = 'light',
    private readonly maxPosts = 5_000,
  ) {}

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  snapshot(): OverlaySnapshot {
    this.snap ??= {
      instance: this.instance,
      flagged: new Map(this.flagged),
      selected: new Set(this.selected),
      waves: new Map(this.waves),
      focusWave: this.currentWave(),
      access: this.access,
      batches: [...this.batches],
      theme: this.theme,
      version: this.version,
    };
    return this.snap;
  }

  /** Listeners run once per microtask however many changes were made. */
  private changed(): void {
    this.version++;
    this.snap = null;
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const fn of [...this.listeners]) fn();
    });
  }

  // ---- posts -------------------------------------------------------------------------------

  /** A post's verdict: flagged posts are kept, a post cleared (not spam) leaves, and the selection. */
  setPost(p: FlaggedPost): void {
    const had = this.flagged.get(p.key);
    if (!isFlagged(p.verdict)) {
      if (had || this.selected.has(p.key)) {
        this.flagged.delete(p.key);
        this.selected.delete(p.key);
        this.changed();
      }
      return;
    }
    if (had && had.verdict === p.verdict) return;
    this.flagged.delete(p.key);
    this.flagged.set(p.key, p);
    while (this.flagged.size > this.maxPosts) {
      const oldest = [...this.flagged.keys()].find((k) => !this.selected.has(k));
      if (!oldest) break;
      this.flagged.delete(oldest);
    }
    this.changed();
  }

  get(key: string): FlaggedPost | undefined {
    return this.flagged.get(key);
  }

  /** After a navigation: forgets flagged posts no longer on the page, unless selected. */
  keepOnly(onPage: ReadonlySet<string>): void {
    let n = 0;
    for (const key of [...this.flagged.keys()]) {
      if (!onPage.has(key) && !this.selected.has(key)) {
        this.flagged.delete(key);
        n++;
      }
    }
    if (n) this.changed();
  }

  setWaves(waves: readonly WaveSummary[]): void {
    if (!waves.length) return;
    for (const w of waves) this.waves.set(w.id, w);
    this.changed();
  }

  // ---- selection ---------------------------------------------------------------------------

  isSelected(key: string): boolean {
    return this.selected.has(key);
  }

  /** Selects or unselects; returns the keys whose state changed. */
  select(keys: Iterable<string>, on: boolean): string[] {
    const changed: string[] = [];
    for (const key of keys) {
      if (on && this.flagged.has(key) && !this.selected.has(key)) {
        this.selected.add(key);
        changed.push(key);
      } else if (!on && this.selected.delete(key)) changed.push(key);
    }
    if (on && changed.length) {
      const wave = this.flagged.get(changed[changed.length - 1]!)?.verdict.wave;
      if (wave) this.focusWave = wave;
    }
    if (changed.length) this.changed();
    return changed;
  }

  selectedPosts(): FlaggedPost[] {
    return [...this.selected].map((k) => this.flagged.get(k)).filter((p): p is FlaggedPost => !!p);
  }

  /** Keys of the flagged posts on this page that belong to `wave`. */
  waveKeys(wave: string): string[] {
    return [...this.flagged.values()].filter((p) => p.verdict.wave === wave).map((p) => p.key);
  }

  flaggedKeys(): string[] {
    return [...this.flagged.keys()];
  }

  focus(wave: string | null): void {
    if (wave && wave !== this.focusWave && [...this.flagged.values()].some((p) => p.verdict.wave === wave)) {
      this.focusWave = wave;
      this.changed();
    }
  }

  /** The focused wave while it has posts here; else the wave with the most posts on the page. */
  currentWave(): string | null {
    const counts = new Map<string, number>();
    for (const p of this.flagged.values()) {
      const w = p.verdict.wave;
      if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    if (this.focusWave && counts.has(this.focusWave)) return this.focusWave;
    let best: string | null = null;
    for (const [w, n] of counts) if (best === null || n > counts.get(best)!) best = w;
    return best;
  }

  // ---- access, theme, batches --------------------------------------------------------------

  setAccess(access: OverlayAccess): void {
    this.access = access;
    this.changed();
  }

  setTheme(theme: 'light' | 'dark'): void {
    if (theme === this.theme) return;
    this.theme = theme;
    this.changed();
  }

  /**
   * A batch's progress. An answer may come after a push that is newer than it (the queue ran the
   * batch before the enqueue's answer arrived): an older progress never replaces a newer one.
   */
  setBatch(p: BatchProgress): void {
    const i = this.batches.findIndex((b) => b.batchId === p.batchId);
    if (i >= 0 && isOlder(p, this.batches[i]!)) return;
    if (i >= 0) this.batches[i] = p;
    else this.batches.unshift(p);
    this.batches = this.batches.slice(0, 20);
    this.changed();
  }

  hasBatch(batchId: string): boolean {
    return this.batches.some((b) => b.batchId === batchId);
  }
}
