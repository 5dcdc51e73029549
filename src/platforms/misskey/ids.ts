/**
 * Misskey ids encode their creation time; which scheme a server uses is its configuration (`id:`
 * in default.yml). Sources: misskey-dev/misskey `packages/backend/src/misc/id/*.ts`.
 *
 * | scheme   | form                                   | time                                  |
 * |----------|----------------------------------------|---------------------------------------|
 * | aid      | 8 base36 time + 2 noise (10)           | ms since 2000-01-01                   |
 * | aidx     | 8 base36 time + 4 node + 4 counter (16)| ms since 2000-01-01                   |
 * | meid     | 12 hex + 12 hex random (24)            | ms since 1970 + 0x800000000000        |
 * | meidg    | `g` + 11 hex + 12 hex random (24)      | ms since 1970                         |
 * | objectid | 8 hex + 16 hex (24)                    | seconds since 1970                    |
 * | ulid     | 10 + 16 Crockford base32 (26)          | ms since 1970 (48 bits)               |
 *
 * meid and objectid have the same form; meid's time always has the top bit set (first hex digit
 * 8..f), objectid's seconds start with 0..7 until 2038, which tells them apart.
 */

export type MisskeyIdScheme = 'aid' | 'aidx' | 'meid' | 'meidg' | 'objectid' | 'ulid';

const TIME2000 = 946684800000;
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The scheme an id's form implies, or null when it fits none. */
export function detectIdScheme(id: string): MisskeyIdScheme | null {
  if (typeof id !== 'string') return null;
  if (/^[0-9a-z]{10}$/.test(id)) return 'aid';
  if (/^[0-9a-z]{16}$/.test(id)) return 'aidx';
  if (/^g[0-9a-f]{23}$/.test(id)) return 'meidg';
  if (/^[0-9a-f]{24}$/.test(id)) return /^[89a-f]/.test(id) ? 'meid' : 'objectid';
  if (/^[0-9A-HJKMNP-TV-Z]{26}$/i.test(id)) return 'ulid';
  return null;
}

function parseCrockford(s: string): number {
  let v = 0;
  for (const ch of s.toUpperCase()) {
    const d = CROCKFORD.indexOf(ch);
    if (d < 0) return NaN;
    v = v * 32 + d;
  }
  return v;
}

/** Epoch ms encoded in a Misskey id; `scheme` forces a scheme, otherwise it is detected. */
export function misskeyIdTime(id: string, scheme?: MisskeyIdScheme): number | null {
  const s = scheme ?? detectIdScheme(id);
  if (!s || typeof id !== 'string') return null;
  let ms: number;
  switch (s) {
    case 'aid':
    case 'aidx':
      if (!/^[0-9a-z]{8}/.test(id)) return null;
      ms = parseInt(id.slice(0, 8), 36) + TIME2000;
      break;
    case 'meid':
      if (!/^[0-9a-f]{12}/.test(id)) return null;
      ms = parseInt(id.slice(0, 12), 16) - 0x800000000000;
      break;
    case 'meidg':
      if (!/^g[0-9a-f]{11}/.test(id)) return null;
      ms = parseInt(id.slice(1, 12), 16);
      break;
    case 'objectid':
      if (!/^[0-9a-f]{8}/.test(id)) return null;
      ms = parseInt(id.slice(0, 8), 16) * 1000;
      break;
    case 'ulid':
      if (id.length < 10) return null;
      ms = parseCrockford(id.slice(0, 10));
      break;
  }
  return Number.isFinite(ms) && ms >= MIN_TIME && ms <= MAX_TIME ? ms : null;
}
