/**
 * Misskey ids, re-implemented from the documented formats (instance-apis.md C2; upstream
 * packages/backend/src/misc/id/aid.ts and aidx.ts):
 * - aid  (2024.2.0 here): 8 base36 chars of ms since 2000-01-01 + 2 base36 noise chars = 10 chars.
 * - aidx (2025.7.0, as the fixtures): 8 time chars + 4 node chars + 4 counter chars = 16 chars.
 * Both decode back to the time they were made at, which is how account age is read from a user id.
 */

export const TIME2000 = 946_684_800_000;

export type IdKind = 'aid' | 'aidx';

/** The id scheme a simulated version uses. */
export function idKindFor(version: string): IdKind {
  return version.startsWith('2024.') ? 'aid' : 'aidx';
}

function timePart(t: number): string {
  const ms = Math.max(0, Math.floor(t) - TIME2000);
  return ms.toString(36).padStart(8, '0').slice(-8);
}

/** `node` is 4 base36 chars (aidx only); `counter` distinguishes ids made in the same ms. */
export function makeId(kind: IdKind, t: number, node: string, counter: number): string {
  const c = Math.abs(Math.floor(counter));
  if (kind === 'aid') return timePart(t) + (c % 1296).toString(36).padStart(2, '0');
  return timePart(t) + node + (c % 1_679_616).toString(36).padStart(4, '0');
}

/** Epoch ms an aid/aidx id was made at. */
export function idTime(id: string): number {
  return parseInt(id.slice(0, 8), 36) + TIME2000;
}

/** Upstream's ajv format `misskey:id`. */
export function isMisskeyIdFormat(v: unknown): v is string {
  return typeof v === 'string' && /^[a-zA-Z0-9]+$/.test(v);
}

/** FNV-1a 32-bit: a small stable hash for deriving deterministic ids, names and sizes. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The 4-char aidx node id a domain's server uses (stable per domain). */
export function nodeIdFor(domain: string): string {
  return (hash32(`node:${domain}`) % 1_679_616).toString(36).padStart(4, '0');
}
