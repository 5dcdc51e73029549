import { detach, POST_LIMITS } from '../post-limits';
import { judgeDomain } from './domains';
import { reason, type Signal } from './types';

const TEXT: Record<string, (host: string, imitates?: string) => string> = {
  idn: (h) => `Links to an internationalized domain (${h})`,
  lookalike: (h, i) => (i ? `Links to ${h}, a look-alike of ${i}` : `Links to a look-alike domain (${h})`),
  shortener: (h) => `Links through a URL shortener (${h})`,
  invite: (h) => `Links to a chat invite (${h})`,
};
const STRENGTH = { idn: 0.8, lookalike: 1, shortener: 0.7, invite: 0.8 };

/** Links whose domain hides where they go or imitates another (punycode decoded first). */
export const links: Signal = {
  name: 'links',
  group: 'post',
  defaults: { enabled: true, weight: 0.25, threshold: 0 },
  thresholdMeaning: 'unused',
  evaluate({ post }, { weight }) {
    let best: { host: string; flag: keyof typeof STRENGTH; imitates?: string } | null = null;
    for (let i = 0; i < post.links.length && i < POST_LIMITS.links; i++) {
      const link = post.links[i]!;
      // A host longer than DNS allows is no host (and must not end up in a reason of 1 MB).
      if (link.host.length > POST_LIMITS.host) continue;
      const v = judgeDomain(link.host);
      if (v && (!best || STRENGTH[v.flag] > STRENGTH[best.flag])) best = { host: detach(link.host), ...v };
    }
    if (!best) return null;
    const params: Record<string, string> = { domain: best.host, kind: best.flag };
    if (best.imitates) params.imitates = best.imitates;
    return reason(
      'links',
      `post.link.${best.flag}`,
      params,
      TEXT[best.flag]!(best.host, best.imitates),
      weight * STRENGTH[best.flag],
    );
  },
};
