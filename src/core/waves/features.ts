/**
 * What the wave detector keeps of a post: its text signature, its first picture's signature, its
 * most telling link, its mention count. Computed once per post; all arrays are reused.
 */
import { imageSignature, IMG_SIG_LEN } from '../media/blurhash';
import type { Post } from '../model';
import { cut, POST_LIMITS } from '../post-limits';
import { type CompiledRules, isAllowedDomain } from '../rules/compile';
import { hashString } from '../text/hash';
import { comparisonText, substantiveLength } from '../text/normalize';
import { shingleInto } from '../text/shingles';
import { linkIdentity, siteOf } from '../text/urls';
import { BANDS, bandHash, K, minhash16 } from './minhash';

/** Fewer shingles than this and the text is too short to call two posts near-identical by it. */
export const MIN_SHINGLES = 8;

export interface Features {
  cmp: string;
  /** Shingle count (0: no comparable text). */
  shingles: number;
  /** Substantive characters (mentions and links removed). */
  substantive: number;
  sig: Uint16Array;
  /** The hash of each LSH band of `sig` (when hasText), computed once for the lookups and the store. */
  bands: Uint32Array;
  hasText: boolean;
  img: Int16Array;
  hasImage: boolean;
  /** Hash of the first link's identity (host + path), 0 when none. */
  link: number;
  /** Hash of the first link's site, 0 when none. */
  site: number;
  mentions: number;
}

export function newFeatures(): Features {
  return {
    cmp: '',
    shingles: 0,
    substantive: 0,
    sig: new Uint16Array(K),
    bands: new Uint32Array(BANDS),
    hasText: false,
    img: new Int16Array(IMG_SIG_LEN),
    hasImage: false,
    link: 0,
    site: 0,
    mentions: 0,
  };
}

const shingleBuf = { buf: new Uint32Array(1024) };
const MAX_RAW = POST_LIMITS.cw + 1 + POST_LIMITS.text;

/** `rules`: link domains on its allow-list are left out of the link features. */
export function computeFeatures(post: Post, f: Features, rules: CompiledRules | null): Features {
  // What normalizers keep at most (src/core/post-limits.ts): a post built otherwise costs no more.
  const raw = cut(post.cw ? `${cut(post.cw, POST_LIMITS.cw)}\n${post.text}` : post.text, MAX_RAW);
  f.cmp = comparisonText(raw);
  f.substantive = substantiveLength(f.cmp);
  const count = shingleInto(f.cmp, shingleBuf);
  f.shingles = f.substantive >= 4 ? count : 0;
  f.hasText = f.shingles >= MIN_SHINGLES;
  if (f.hasText) {
    minhash16(shingleBuf.buf, f.sig, 0, count);
    for (let b = 0; b < BANDS; b++) f.bands[b] = bandHash(f.sig, 0, b);
  } else {
    f.sig.fill(0);
    f.bands.fill(0);
  }
  f.hasImage = false;
  f.img.fill(0);
  for (let i = 0; i < post.media.length && i < POST_LIMITS.media; i++) {
    const m = post.media[i]!;
    if (m.blurhash && imageSignature(m.blurhash, m.width, m.height, f.img, 0)) {
      f.hasImage = true;
      break;
    }
  }
  f.link = 0;
  f.site = 0;
  for (let i = 0; i < post.links.length && i < POST_LIMITS.links; i++) {
    const l = post.links[i]!;
    if (rules && rules.allowDomains.length > 0 && isAllowedDomain(rules, l.host)) continue;
    f.link = hashString(linkIdentity(l)) || 1;
    f.site = hashString(siteOf(l.host)) || 1;
    break;
  }
  f.mentions = Math.min(255, post.mentions.length);
  return f;
}
