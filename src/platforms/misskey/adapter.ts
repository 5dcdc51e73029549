/**
 * The Misskey web UI (2024.2 to 2025.x, default, deck and simple UIs; forks that keep its DOM)
 * behind PlatformAdapter. The runtime, overlay, batch bar and messages are Mastodon's, shared.
 */
import type { ActionKind } from '../../core/queue/types';
import type { BatchTraits, PlatformAdapter } from '../types';
import { ENDPOINT_LIMITS } from './actions';
import { readMiAuthSession } from './miauth';
import { normalizeMisskeyNote } from './normalize';
import { extractMisskeyPosts, misskeyLookupRequests, misskeyObserverSpec, parseMisskeyLookup } from './observe';
import { readMisskeySession, readMisskeyTheme, readMisskeyView } from './page';
import {
  POST_SELECTOR,
  misskeyAgrees,
  misskeyBadgeSlot,
  misskeyListed,
  misskeyPostAround,
  scanMisskeyNotes,
} from './scan';

/** The endpoint each rate-limited kind calls (../actions.ts). */
const LIMITED: Partial<Record<ActionKind, string>> = { block: 'blocking/create', mute: 'mute/create' };

export const misskeyBatchTraits: BatchTraits = {
  // `users/report-abuse` takes a comment only: the executor lists the notes' links in it.
  reportLinksInText: true,
  // Only moderators forward a report to the remote server on Misskey, not the reporter.
  reportForward: false,
  // Moderators on this instance open the local copy; the remote URL says where it came from.
  postLinks: (p, origin) => {
    const local = `${origin}/notes/${p.id}`;
    return p.remote && p.url && p.url !== local ? [p.url, local] : [local];
  },
  // `admin/suspend-user` takes no report and no note.
  linkReports: [],
  noteKinds: [],
  limit: (kind) => {
    const ep = LIMITED[kind];
    const l = ep ? ENDPOINT_LIMITS[ep] : undefined;
    return l ? { max: l.max, windowMs: l.windowMs } : null;
  },
};

export const misskeyAdapter: PlatformAdapter = {
  kind: 'misskey',
  readSession: readMisskeySession,
  view: readMisskeyView,
  theme: readMisskeyTheme,
  postSelector: POST_SELECTOR,
  scanPosts: scanMisskeyNotes,
  listed: misskeyListed,
  postAround: misskeyPostAround,
  badgeSlot: misskeyBadgeSlot,
  agrees: misskeyAgrees,
  observerSpec: misskeyObserverSpec,
  extractPosts: extractMisskeyPosts,
  normalize: (raw, instance) => normalizeMisskeyNote(raw, instance),
  lookupRequests: misskeyLookupRequests,
  parseLookup: parseMisskeyLookup,
  actions(session) {
    // Misskey has no silence/limit action and no user-level domain block (../actions.ts UNSUPPORTED).
    const mod = session.moderator.users || session.moderator.reports;
    return {
      user: ['report', 'block', 'mute'],
      moderator: mod ? ['suspend', 'delete_note', 'resolve_report'] : [],
      // The web UI's token may do all its account may, the admin endpoints included.
      pageLoginModerates: mod && !!session.token,
    };
  },
  batch: misskeyBatchTraits,
  readSignInCode: (_doc, url) => readMiAuthSession(url),
};
