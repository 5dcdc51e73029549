/**
 * Data migrations, one per schema version that needs one (see ./schema.ts). Each runs inside
 * Dexie's upgrade transaction: if it throws, the database stays at the old version, untouched.
 */
import type { Transaction } from 'dexie';
import type { InstanceRow } from './schema';

export const MIGRATIONS: Readonly<Record<number, (tx: Transaction) => Promise<void>>> = {
  // 1 -> 2: instances learn how the user is signed in, their role and per-instance settings.
  2: async (tx) => {
    await tx
      .table<Partial<InstanceRow>>('instances')
      .toCollection()
      .modify((row) => {
        row.login ??= { kind: 'none', account: null, accountId: null, checkedAt: null };
        row.role ??= 'unknown';
        row.capabilities ??= [];
        row.settings ??= {};
      });
  },
};
