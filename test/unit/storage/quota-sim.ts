import type { DBCore, DBCoreMutateRequest } from 'dexie';
import type { BreakwaterDB } from '../../../src/storage/db';

/**
 * Makes writes to some tables fail the way a full disk does: IndexedDB's request fails with a
 * `QuotaExceededError` DOMException, below Dexie (a DBCore middleware), so Dexie wraps and
 * reports it exactly as it would in a browser. Call before the database is first used (Dexie
 * builds its middleware stack when it opens); returns a switch, off at first.
 */
export function simulateQuota(d: BreakwaterDB, tables: string[]): { full: boolean } {
  const state = { full: false };
  d.use({
    stack: 'dbcore',
    name: 'simulate-quota',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name) {
          const t = down.table(name);
          return {
            ...t,
            mutate(req: DBCoreMutateRequest) {
              if (state.full && tables.includes(name) && (req.type === 'put' || req.type === 'add')) {
                return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
              }
              return t.mutate(req);
            },
          };
        },
      };
    },
  });
  return state;
}
