/**
 * Pending sign-ups grouped by wave. Sign-ups are not posts, so the detection engine does not see
 * them; a bot wave shows in what the sign-up form asks instead (spam-waves.md A1, A2, section 4):
 *
 * - the username's shape: random-looking names of one length and alphabet (`[a-z]{10}`), or a word
 *   with a digit run (`[a-z]+[0-9]{4}`); ordinary names give no shape;
 * - the e-mail domain (a disposable one), except the big mail providers that thousands of real
 *   people share;
 * - the reason text, near-duplicates by the engine's text tools (canonical text, shingles, MinHash);
 * - the IP range (IPv4 /24, IPv6 /64).
 *
 * Two sign-ups that share **two or more** of these are linked, and linked sign-ups form a group
 * (transitively). One signal alone never groups: a real user with a random-looking name (a
 * password-manager habit), many people on the same provider, or two neighbours behind one IP stay
 * apart. Linear in the number of sign-ups: every pair of a sign-up's signals is a bucket key, and
 * sign-ups sharing two signals share such a key.
 */
import { comparisonText, substantiveLength } from '../text/normalize';
import { shortId } from '../text/hash';
import { shingleHashes } from '../text/shingles';
import { BANDS, K, bandHash, minhash16, similarity } from '../waves/minhash';
import type { GroupReason, SignupGroup, TriageSignup } from './types';
import { UnionFind } from './union-find';

/** Shingles below this count compare exactly (a few words have too few shingles for MinHash). */
const MIN_SHINGLES = 8;
/** Near-duplicate reasons: estimated Jaccard similarity of their shingles. */
export const REASON_SIMILARITY = 0.6;
/** Compared against at most this many members of an LSH bucket. */
const BUCKET_REPS = 8;

/**
 * Mail providers shared by very many real people: a common domain there says nothing about a wave
 * (and blocking it would lock out everyone). Not a list of good providers: of big ones.
 */
export const COMMON_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  '126.com',
  '163.com',
  'aol.com',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'fastmail.com',
  'free.fr',
  'gmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'googlemail.com',
  'hotmail.co.jp',
  'hotmail.co.uk',
  'hotmail.com',
  'hotmail.fr',
  'i.softbank.jp',
  'icloud.com',
  'laposte.net',
  'live.com',
  'mac.com',
  'mail.ru',
  'mailbox.org',
  'me.com',
  'msn.com',
  'naver.com',
  'orange.fr',
  'outlook.com',
  'outlook.jp',
  'pm.me',
  'posteo.de',
  'proton.me',
  'protonmail.com',
  'qq.com',
  'softbank.ne.jp',
  't-online.de',
  'tuta.io',
  'tutanota.com',
  'web.de',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'yahoo.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
]);

export function isCommonMailDomain(domain: string): boolean {
  return COMMON_MAIL_DOMAINS.has(domain.toLowerCase());
}

const VOWELS = /[aeiou]/g;

/** Whether a letters-only name looks random: few vowels or a long consonant run. */
function randomLetters(name: string): boolean {
  const lower = name.toLowerCase();
  const vowels = (lower.match(VOWELS) ?? []).length;
  if (vowels / lower.length < 0.25) return true;
  let run = 0;
  for (const c of lower) {
    run = 'aeiou'.includes(c) ? 0 : run + 1;
    if (run >= 4) return true;
  }
  return false;
}

/**
 * The username's shape, when it is one a bot wave shares: a random-looking run of letters and
 * digits (`[a-z]{10}`, `[a-z0-9]{10}`, `[A-Za-z0-9]{12}`), or a word ending in a digit run
 * (`[a-z]+[0-9]{4}`). Null for names people choose (`mika_photo`, `jonathan`).
 */
export function usernameShape(username: string): string | null {
  const u = username.trim();
  if (u.length < 6 || u.length > 64) return null;
  const word = /^([a-z]+)([0-9]{3,})$/i.exec(u);
  if (word && word[1]!.length >= 3 && !randomLetters(word[1]!)) return `[a-z]+[0-9]{${word[2]!.length}}`;
  if (!/^[A-Za-z0-9]+$/.test(u)) return null;
  const lower = /[a-z]/.test(u);
  const upper = /[A-Z]/.test(u);
  const digit = /[0-9]/.test(u);
  const letters = u.replace(/[0-9]/g, '');
  // Digits inside the name (not just a number at its end) or a random-looking string of letters.
  const digitsInside = digit && /[0-9][A-Za-z]/.test(u);
  const random = digitsInside || (!digit && letters.length >= 6 && randomLetters(letters));
  if (!random) return null;
  const set = `${upper ? 'A-Z' : ''}${lower ? 'a-z' : ''}${digit ? '0-9' : ''}`;
  return `[${set}]{${u.length}}`;
}

/** The IP range a sign-up came from: IPv4 /24 (`203.0.113.0/24`), IPv6 /64; null when unreadable. */
export function ipRange(ip: string | null): string | null {
  if (!ip) return null;
  const s = ip.trim().replace(/\/\d+$/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1, 5).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  if (!/^[0-9a-f:]+$/i.test(s) || !s.includes(':')) return null;
  const halves = s.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The domain of an e-mail address, lower case; null when it is not one. */
export function emailDomainOf(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  const d = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  return /^[^\s@]+\.[^\s@]+$/.test(d) ? d : null;
}

/**
 * Clusters of near-identical texts (each text's cluster number; -1 for an empty text). Short texts
 * must be equal in their comparison form; longer ones are compared by MinHash, candidates from
 * LSH bands.
 */
export function textClusters(texts: readonly string[], threshold = REASON_SIMILARITY): Int32Array {
  const n = texts.length;
  const out = new Int32Array(n).fill(-1);
  const uf = new UnionFind(n);
  const exact = new Map<string, number>();
  const sigs = new Uint16Array(n * K);
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const cmp = comparisonText(texts[i] ?? '').trim();
    if (!cmp || substantiveLength(cmp) === 0) continue;
    out[i] = i;
    const first = exact.get(cmp);
    if (first !== undefined) {
      uf.union(first, i);
      continue;
    }
    exact.set(cmp, i);
    const sh = shingleHashes(cmp);
    if (sh.length < MIN_SHINGLES) continue;
    minhash16(sh, sigs, i * K);
    for (let b = 0; b < BANDS; b++) {
      const h = bandHash(sigs, i * K, b);
      let list = buckets.get(h);
      if (!list) buckets.set(h, (list = []));
      for (const j of list) {
        if (uf.find(j) !== uf.find(i) && similarity(sigs, j * K, sigs, i * K) >= threshold) uf.union(j, i);
      }
      if (list.length < BUCKET_REPS) list.push(i);
    }
  }
  for (let i = 0; i < n; i++) if (out[i]! >= 0) out[i] = uf.find(i);
  return out;
}

interface Signals {
  shape: string | null;
  domain: string | null;
  reason: number | null;
  ip: string | null;
}

function signalsOf(list: readonly TriageSignup[]): Signals[] {
  const reasons = textClusters(list.map((s) => s.reason));
  return list.map((s, i) => {
    const domain = s.emailDomain ?? emailDomainOf(s.email);
    return {
      shape: usernameShape(s.username),
      domain: domain && !isCommonMailDomain(domain) ? domain : null,
      reason: reasons[i]! >= 0 ? reasons[i]! : null,
      ip: ipRange(s.ip),
    };
  });
}

function majority<T>(values: readonly (T | null)[]): { value: T; count: number } | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: T; count: number } | null = null;
  for (const [value, count] of counts) if (!best || count > best.count) best = { value, count };
  return best && best.count * 2 > values.length ? best : null;
}

const clip = (s: string, n: number) => {
  const chars = [...s.trim()];
  return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : chars.join('');
};

function reasonsOf(members: readonly TriageSignup[], sig: readonly Signals[]): GroupReason[] {
  const n = members.length;
  const out: GroupReason[] = [];
  const shape = majority(sig.map((s) => s.shape));
  if (shape)
    out.push({
      code: 'signup.shape',
      params: { pattern: shape.value, count: shape.count },
      text: `${shape.count} usernames of the same shape ${shape.value}`,
    });
  const domain = majority(sig.map((s) => s.domain));
  if (domain)
    out.push({
      code: 'signup.emailDomain',
      params: { domain: domain.value, count: domain.count },
      text: `${domain.count} e-mail addresses at ${domain.value}`,
    });
  const reason = majority(sig.map((s) => s.reason));
  if (reason) {
    const text = members[sig.findIndex((s) => s.reason === reason.value)]!.reason;
    out.push({
      code: 'signup.reason',
      params: { count: reason.count, reason: clip(text, 140) },
      text: `${reason.count} near-identical reasons: “${clip(text, 140)}”`,
    });
  }
  const ip = majority(sig.map((s) => s.ip));
  if (ip)
    out.push({
      code: 'signup.ipRange',
      params: { range: ip.value, count: ip.count },
      text: `${ip.count} from the IP range ${ip.value}`,
    });
  const sameName = members.filter((m) => {
    const local = m.email?.slice(0, m.email.lastIndexOf('@')).toLowerCase();
    return !!local && local === m.username.toLowerCase();
  }).length;
  if (sameName * 2 > n)
    out.push({
      code: 'signup.emailIsUsername',
      params: { count: sameName },
      text: `${sameName} e-mail addresses are the username`,
    });
  const times = members.map((m) => m.createdAt);
  const minutes = Math.max(1, Math.round((Math.max(...times) - Math.min(...times)) / 60_000));
  if (minutes <= 24 * 60)
    out.push({
      code: 'signup.within',
      params: { count: n, minutes },
      text: `${n} sign-ups within ${minutes} minutes`,
    });
  const unconfirmed = members.filter((m) => !m.confirmed).length;
  if (unconfirmed)
    out.push({
      code: 'signup.unconfirmed',
      params: { count: unconfirmed },
      text: `${unconfirmed} did not confirm their e-mail address`,
    });
  return out;
}

/** Newest first, then by key (a stable order for equal times). */
function newestFirst<T extends { createdAt: number; key: string }>(a: T, b: T): number {
  return b.createdAt - a.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export interface SignupGrouping {
  groups: SignupGroup[];
  /** Keys of sign-ups in no group, newest first. */
  singles: string[];
}

/** Groups pending sign-ups (of one or several instances) by the signals they share. */
export function groupSignups(signups: readonly TriageSignup[]): SignupGrouping {
  const list = [...signups].sort(newestFirst);
  const sig = signalsOf(list);
  const uf = new UnionFind(list.length);
  const first = new Map<string, number>();
  list.forEach((_, i) => {
    const s = sig[i]!;
    const named = [
      s.shape !== null ? `u:${s.shape}` : null,
      s.domain !== null ? `d:${s.domain}` : null,
      s.reason !== null ? `r:${s.reason}` : null,
      s.ip !== null ? `i:${s.ip}` : null,
    ].filter((x): x is string => x !== null);
    for (let a = 0; a < named.length; a++)
      for (let b = a + 1; b < named.length; b++) {
        const key = `${named[a]}\u0000${named[b]}`;
        const j = first.get(key);
        if (j === undefined) first.set(key, i);
        else uf.union(j, i);
      }
  });
  const byRoot = new Map<number, number[]>();
  list.forEach((_, i) => {
    const r = uf.find(i);
    const members = byRoot.get(r);
    if (members) members.push(i);
    else byRoot.set(r, [i]);
  });
  const groups: SignupGroup[] = [];
  const singles: string[] = [];
  for (const idx of byRoot.values()) {
    if (idx.length < 2) {
      singles.push(list[idx[0]!]!.key);
      continue;
    }
    const members = idx.map((i) => list[i]!);
    const instances: Record<string, number> = {};
    for (const m of members) instances[m.instance] = (instances[m.instance] ?? 0) + 1;
    const keys = members.map((m) => m.key);
    const sample = members[0]!;
    groups.push({
      id: `sg-${shortId([...keys].sort().join('\n'))}`,
      keys,
      instances,
      reasons: reasonsOf(
        members,
        idx.map((i) => sig[i]!),
      ),
      sample: { username: sample.username, email: sample.email, reason: clip(sample.reason, 280) },
      firstAt: Math.min(...members.map((m) => m.createdAt)),
      lastAt: Math.max(...members.map((m) => m.createdAt)),
    });
  }
  groups.sort((a, b) => b.keys.length - a.keys.length || b.lastAt - a.lastAt);
  return { groups, singles };
}
