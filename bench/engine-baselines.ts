/**
 * The field's existing rules (../shared/reference/spam-waves.md, "What other defences do"),
 * re-implemented on the neutral model so they run on the same corpus as the engine. Each is a
 * stateful function of the post stream, as the original ran on a live inbox or timeline.
 */
import type { Post } from '../src/core/model';
import { canonical } from '../src/core/text/normalize';

export interface Baseline {
  name: string;
  description: string;
  /** True: the rule would flag (report, reject, delist or suspend) this post. */
  check(post: Post): boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ageHours = (p: Post) => (p.author.createdAt === null ? null : (p.createdAt - p.author.createdAt) / HOUR);
const nameEmptyOrUsername = (p: Post) => {
  const n = p.author.displayName.trim();
  return n === '' || n.toLowerCase() === p.author.username.toLowerCase();
};

/** Keywords an admin had after February 2024 (spam-waves.md A2: texts, URLs, the fallback line). */
export const FEB2024_KEYWORDS = [
  '荒らし共栄圏',
  '荒らし.com',
  'xn--68j5e377y.com',
  'ctkpaarr',
  'discord.gg/ctkpaarr',
  '画像が貼れなかったのでメンションだけします',
  'mastodon-japan.net/@ap12',
  '鈴木哲哉',
  'yip.su',
];

/** nulta/fedi_findandkillspam: gate (mentions >= 2, no avatar, no/same name) then >= 2 points. */
function nulta(): Baseline {
  // Recurring-image detector: BlurHash split in 4-character chunks, decaying occurrence counts.
  const counts = new Map<string, number>();
  let lastDecay = 0;
  return {
    name: 'nulta fedi_findandkillspam',
    description:
      'mentions>=2 & no avatar & empty/same name, then >=2 points of: age<1h, "#", mentions>=5 (2), recurring image (2); >5 days trusted',
    check(p) {
      if (p.createdAt - lastDecay > 10 * 60_000) {
        for (const [k, v] of counts) {
          const nv = v * 0.5;
          if (nv < 0.5) counts.delete(k);
          else counts.set(k, nv);
        }
        lastDecay = p.createdAt;
      }
      let recurring = false;
      for (const m of p.media) {
        if (!m.blurhash) continue;
        let hot = 0;
        for (let i = 0; i + 4 <= m.blurhash.length; i += 4) {
          const k = m.blurhash.slice(i, i + 4);
          const v = (counts.get(k) ?? 0) + 1;
          counts.set(k, v);
          if (v >= 3) hot++;
        }
        if (hot >= 8) recurring = true;
      }
      const age = ageHours(p);
      if (age !== null && age > 5 * 24) return false;
      if (!(p.mentions.length >= 2 && p.author.avatarMissing && nameEmptyOrUsername(p))) return false;
      let points = 0;
      if (age !== null && age < 1) points++;
      if (p.text.includes('#')) points++;
      if (p.mentions.length >= 5) points += 2;
      if (recurring) points += 2;
      return points >= 2;
    },
  };
}

/** warpKaiba/kuroAntiSpam: language ja & > 3 mentions & missing avatar & a known spam URL. */
function kuro(): Baseline {
  return {
    name: 'kuroAntiSpam',
    description: 'language ja & >3 mentions & no avatar & a known Feb 2024 spam URL',
    check(p) {
      const urls = canonical(p.links.map((l) => `${l.host} ${l.url}`).join(' ') + ' ' + p.text);
      return (
        p.language === 'ja' &&
        p.mentions.length > 3 &&
        p.author.avatarMissing &&
        FEB2024_KEYWORDS.slice(1, 5).some((k) => urls.includes(k))
      );
    },
  };
}

/** tateisu/mastodonInboxFilter's account rule: any mention and a 10-character username. */
function inboxFilter(): Baseline {
  return {
    name: 'mastodonInboxFilter (mention + 10-char name)',
    description: 'mentions >= 1 & username length 10',
    check: (p) => p.mentions.length >= 1 && p.author.username.length === 10,
  };
}

/** Akkoma MRF: HellthreadPolicy (delist > 10 recipients) + AntiLinkSpamPolicy (links from 0-post, 0-follower remote users). */
function akkoma(): Baseline {
  return {
    name: 'Akkoma hellthread + anti-link-spam',
    description: '>10 mentions, or links from a remote account with 0 posts and 0 followers',
    check(p) {
      if (p.mentions.length > 10) return true;
      const remote = p.author.host !== p.instance;
      // The first post of an account: its post count is 0 before this one (1 counting it).
      const posts = p.author.postsCount;
      return remote && p.links.length > 0 && p.author.followersCount === 0 && posts !== null && posts <= 1;
    },
  };
}

/** Mastodon 2019-2021 spam check (#11217, #11806): Nilsimsa-style digest of the sender's last 10 messages. */
function nilsimsa(): Baseline {
  const history = new Map<string, Uint8Array[]>();
  return {
    name: 'Mastodon old Nilsimsa check',
    description: 'mentions of local users; sender has >= 5 near-duplicates (score >= 54) among its last 10',
    check(p) {
      if (p.mentions.length === 0) return false;
      const text = canonical(p.text)
        .replace(/@[\w.@-]+/g, '')
        .replace(/https?:\/\/\S+/g, '');
      const d = nilsimsaDigest(text);
      const h = history.get(p.author.key) ?? [];
      let dup = 0;
      for (const o of h) if (nilsimsaCompare(d, o) >= 54) dup++;
      h.push(d);
      if (h.length > 10) h.shift();
      history.set(p.author.key, h);
      return dup + 1 >= 5;
    },
  };
}

/** A Nilsimsa-style locality hash: trigram counts from a 5-character window into 256 buckets. */
export function nilsimsaDigest(s: string): Uint8Array {
  const acc = new Uint32Array(256);
  const codes = Array.from(s, (c) => c.codePointAt(0)! & 0xffff);
  const tri = (a: number, b: number, c: number, n: number) =>
    (((a * 131 + b * 31 + c * 7 + n * 53) * 2654435761) >>> 24) & 255;
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    for (let j = Math.max(0, i - 4); j < i; j++) {
      for (let k = j + 1; k < i; k++) {
        acc[tri(codes[i]!, codes[j]!, codes[k]!, i - j)]!++;
        total++;
      }
    }
  }
  const mean = total / 256;
  const out = new Uint8Array(32);
  for (let b = 0; b < 256; b++) if (acc[b]! > mean) out[b >> 3]! |= 1 << (b & 7);
  return out;
}

/** Nilsimsa comparison: 128 minus the number of differing bits (-128..128). */
export function nilsimsaCompare(a: Uint8Array, b: Uint8Array): number {
  let diff = 0;
  for (let i = 0; i < 32; i++) {
    let x = a[i]! ^ b[i]!;
    while (x) {
      diff += x & 1;
      x >>= 1;
    }
  }
  return 128 - diff;
}

/** Misskey prohibited words / simple-activitypub-spam-filter: the Feb 2024 keyword list. */
function keywords(): Baseline {
  const needles = FEB2024_KEYWORDS.map((k) => canonical(k));
  return {
    name: 'keyword filter (Feb 2024 list)',
    description: 'text, links or card contain a word of the February 2024 wave',
    check(p) {
      const hay = canonical(
        [p.text, p.cw, ...p.links.map((l) => `${l.host} ${l.url}`), p.card?.title ?? ''].join('\n'),
      );
      return needles.some((n) => hay.includes(n));
    },
  };
}

export function baselines(): Baseline[] {
  return [nulta(), kuro(), inboxFilter(), akkoma(), nilsimsa(), keywords()];
}

export const _internal = { DAY };
