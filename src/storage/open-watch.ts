import type Dexie from 'dexie';
import { blockedMessage } from './health';

/**
 * Tells when this context's database cannot open because another connection holds an older
 * version (IndexedDB's `blocked`: a Breakwater page or window left open across an update whose
 * old code does not close its connection, a frozen tab), and when it opened after all. Dexie
 * waits meanwhile; nothing is lost, but every message to the background would hang without a
 * word, so the user is told what to close.
 *
 * A newer connection asking this one to close (`versionchange`) needs nothing here: Dexie closes
 * this connection, the upgrade goes on, and the next query reopens the database at its new version
 * (Dexie 4 opens a database whose version is newer than the code's, as long as the tables exist).
 */
export function watchOpen(d: Dexie, report: (state: 'blocked', message: string | null) => unknown): void {
  d.on('blocked', (ev: IDBVersionChangeEvent) => {
    // Dexie's versions are IndexedDB's divided by 10.
    report('blocked', blockedMessage(Math.floor(ev.oldVersion / 10), Math.floor((ev.newVersion ?? 0) / 10)));
  });
  // Every open (the first, and a reopen after a versionchange) clears a block reported before.
  d.on('ready', () => void report('blocked', null), true);
}
