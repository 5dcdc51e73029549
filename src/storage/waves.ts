import type { WaveSummary } from '../core/model';
import { db as sharedDb, type BreakwaterDB } from './db';
import type { WaveRow } from './schema';

const DAY = 86_400_000;

export function waveRow(w: WaveSummary, now: number, retentionMs: number): WaveRow {
  return {
    ...w,
    instances: w.instances.slice(0, 64),
    updatedAt: now,
    expiresAt: Math.max(now, w.lastSeen) + retentionMs,
  };
}

/** Waves with a post in the last day (or since `since`), most recent first. */
export function recentWaves(now = Date.now(), since = now - DAY, d: BreakwaterDB = sharedDb()): Promise<WaveRow[]> {
  return d.waves.where('lastSeen').aboveOrEqual(since).reverse().toArray();
}

export function wavesOfInstance(instance: string, d: BreakwaterDB = sharedDb()): Promise<WaveRow[]> {
  return d.waves.where('instances').equals(instance).toArray();
}

export function getWave(id: string, d: BreakwaterDB = sharedDb()): Promise<WaveRow | undefined> {
  return d.waves.get(id);
}
