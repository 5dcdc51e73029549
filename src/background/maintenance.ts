import type { BreakwaterDB } from '../storage/db';
import { prune, type PruneReport } from '../storage/prune';

/**
 * Runs pruning in the background, one run at a time, in small chunks (src/storage/prune.ts):
 * on a schedule, after start-up, and at once when the store reports it is full.
 */
export class Pruner {
  private running: Promise<PruneReport> | null = null;
  lastReport: PruneReport | null = null;

  constructor(private readonly d: BreakwaterDB) {}

  run(): Promise<PruneReport> {
    this.running ??= prune(this.d)
      .then((r) => (this.lastReport = r))
      .catch((e: unknown) => {
        console.error('Breakwater: pruning failed', e);
        return {};
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}
