/**
 * The dashboard's figures from rows of the store, as pure functions (tested in Node): flagged posts
 * per hour, waves active per hour, per-instance counts, the largest current waves.
 */
import type { VerdictLabel } from '../../core/model';

export const HOUR = 3_600_000;

export interface FlaggedPoint {
  seenAt: number;
  label: VerdictLabel;
  wave?: string;
  instance: string;
}

export interface WaveSpan {
  id: string;
  firstSeen: number;
  lastSeen: number;
  size: number;
}

export interface Series {
  /** Bucket starts, in seconds (uPlot's x values). */
  x: number[];
  /** Flagged posts that belong to a wave. */
  inWaves: number[];
  /** Other flagged posts (spam or suspicious on their own). */
  otherFlagged: number[];
  /** Waves with a post in the bucket's hour (between their first and last post). */
  activeWaves: number[];
}

/** `hours` hourly buckets ending with the one that holds `now`. */
export function hourlySeries(
  points: readonly FlaggedPoint[],
  waves: readonly WaveSpan[],
  now: number,
  hours = 48,
): Series {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const start = end - hours * HOUR;
  const s: Series = {
    x: Array.from({ length: hours }, (_, i) => (start + i * HOUR) / 1000),
    inWaves: new Array<number>(hours).fill(0),
    otherFlagged: new Array<number>(hours).fill(0),
    activeWaves: new Array<number>(hours).fill(0),
  };
  for (const p of points) {
    if (p.label === 'ok' || p.seenAt < start || p.seenAt >= end) continue;
    const i = Math.floor((p.seenAt - start) / HOUR);
    if (p.wave) s.inWaves[i]!++;
    else s.otherFlagged[i]!++;
  }
  for (const w of waves) {
    const from = Math.max(0, Math.floor((w.firstSeen - start) / HOUR));
    const to = Math.min(hours - 1, Math.floor((w.lastSeen - start) / HOUR));
    for (let i = from; i <= to; i++) s.activeWaves[i]!++;
  }
  return s;
}

export interface InstanceFigures {
  domain: string;
  seen: number;
  spam: number;
  suspicious: number;
  actions: number;
  failed: number;
  pending: number;
}

/** Per instance: posts flagged (from the flagged points), with the counts read per instance. */
export function perInstance(
  domains: readonly string[],
  points: readonly FlaggedPoint[],
  since: number,
  counts: Record<string, { seen: number; actions: number; failed: number; pending: number }>,
): InstanceFigures[] {
  const out = new Map<string, InstanceFigures>(
    domains.map((d) => [
      d,
      { domain: d, spam: 0, suspicious: 0, seen: 0, actions: 0, failed: 0, pending: 0, ...counts[d] },
    ]),
  );
  for (const p of points) {
    if (p.seenAt < since) continue;
    const f = out.get(p.instance);
    if (!f) continue;
    if (p.label === 'spam') f.spam++;
    else if (p.label === 'suspicious') f.suspicious++;
  }
  return [...out.values()];
}

/** The largest waves with a post since `since`, largest first. */
export function largestWaves<W extends WaveSpan>(waves: readonly W[], since: number, n = 6): W[] {
  return waves
    .filter((w) => w.lastSeen >= since)
    .sort((a, b) => b.size - a.size || b.lastSeen - a.lastSeen)
    .slice(0, n);
}
