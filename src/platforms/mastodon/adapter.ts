/** The Mastodon web UI (4.2 to 4.6; glitch-soc and Hometown share its DOM) behind PlatformAdapter. */
import type { PlatformAdapter } from '../types';
import { normalizeMastodonStatus } from './normalize';
import { extractMastodonPosts, mastodonLookupRequests, mastodonObserverSpec, parseMastodonLookup } from './observe';
import { readMastodonSession, readMastodonTheme, readMastodonView } from './page';
import {
  POST_SELECTOR,
  mastodonAgrees,
  mastodonBadgeSlot,
  mastodonListed,
  mastodonPostAround,
  scanMastodonPosts,
} from './scan';
import { SEL } from './selectors';

/** The out-of-band code page the OAuth flow ends on (`urn:ietf:wg:oauth:2.0:oob`). */
export const OAUTH_NATIVE_PATH = '/oauth/authorize/native';

export function readMastodonSignInCode(doc: Document, url: URL): string | null {
  if (url.pathname !== OAUTH_NATIVE_PATH) return null;
  let code = url.searchParams.get('code');
  if (!code) {
    for (const sel of SEL.oauthCode) {
      const el = doc.querySelector(sel);
      const value = el && 'value' in el ? String((el as HTMLInputElement).value) : el?.textContent;
      if (value?.trim()) {
        code = value.trim();
        break;
      }
    }
  }
  return code && /^[A-Za-z0-9_~.-]{8,512}$/.test(code) ? code : null;
}

export const mastodonAdapter: PlatformAdapter = {
  kind: 'mastodon',
  readSession: readMastodonSession,
  view: readMastodonView,
  theme: readMastodonTheme,
  postSelector: POST_SELECTOR,
  scanPosts: scanMastodonPosts,
  listed: mastodonListed,
  postAround: mastodonPostAround,
  badgeSlot: mastodonBadgeSlot,
  agrees: mastodonAgrees,
  observerSpec: mastodonObserverSpec,
  extractPosts: extractMastodonPosts,
  normalize: normalizeMastodonStatus,
  lookupRequests: mastodonLookupRequests,
  parseLookup: parseMastodonLookup,
  actions(session) {
    // `POST /api/v1/admin/accounts/:id/action` needs Manage Users or Manage Reports.
    const mod = session.moderator.users || session.moderator.reports;
    return {
      user: ['report', 'block', 'mute', 'domain_block'],
      moderator: mod ? ['limit', 'suspend'] : [],
    };
  },
  readSignInCode: readMastodonSignInCode,
};
