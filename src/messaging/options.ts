/**
 * Messages of the control room (issue 8): shared rule lists, sign-in and sign-out, and what the
 * popup asks about the current tab. Only Breakwater's own pages may send them (the router checks
 * the sender); their schemas are spread into `RequestSchemas` (./validate.ts).
 */
import * as v from 'valibot';
import type { ListChange } from '../core/lists/shared-list';
import type { SubscriptionRow } from '../storage/schema';
import { LIMITS } from './limits';

export type SubscribeResult =
  | { ok: true; subscription: SubscriptionRow; changes: ListChange[] }
  | { ok: false; code: SubscriptionErrorCode; message: string };

export type SubscriptionErrorCode = 'invalid-url' | 'duplicate' | 'unreachable' | 'http' | 'too-large' | 'invalid';

/** What changed at a list's last update, kept in the settings table under `changesKey(id)`. */
export interface StoredChanges {
  at: number;
  total: number;
  changes: ListChange[];
}

export const changesKey = (subscriptionId: string) => `subscriptionChanges:${subscriptionId}`;

export interface RefreshOutcome {
  id: string;
  ok: boolean;
  /** The list's content changed (new entries, removed ones, new settings). */
  changed: boolean;
  changes: number;
  message: string | null;
}

export interface TabStats {
  /** Posts of this tab the background judged (since the service worker started). */
  posts: number;
  spam: number;
  suspicious: number;
  waves: { id: string; size: number; accounts: number; sampleText: string }[];
}

/**
 * The popup's one-click add, remembered in `browser.storage.session` just before it asks for the
 * permission: a browser may close the popup when its permission prompt opens (Firefox does), so the
 * background finishes the add when the permission arrives (src/background/pending-add.ts).
 */
export const PENDING_ADD_KEY = 'breakwater:pendingAdd';
export interface PendingAdd {
  domain: string;
  /** The origin patterns asked for. */
  origins: string[];
  at: number;
}

export type SignInResult =
  | { ok: true; account: string | null; role: string; scopes: string[] }
  | { ok: false; code: 'unavailable' | 'unknown-instance' | 'refused' | 'failed'; message: string };

export interface OptionsMessages {
  /** Subscribes to a rule list (a rule file or a domain-block CSV) by URL: fetched at once, kept only if it reads. */
  'ui:subscribe': { req: { url: string }; res: SubscribeResult };
  /** Fetches one subscribed list again now, or all of them (`id` absent). */
  'ui:refreshSubscriptions': { req: { id?: string }; res: RefreshOutcome[] };
  /** What the background knows of a tab: posts judged there, flagged, waves. */
  'ui:tabStats': { req: { tabId: number }; res: TabStats };
  /** Sign in as moderator (Mastodon OAuth with admin scopes, Misskey MiAuth with admin permissions). */
  'ui:signIn': { req: { domain: string }; res: SignInResult };
  /** Forgets Breakwater's own sign-in token on an instance (the web UI's own login is untouched). */
  'ui:signOut': { req: { domain: string }; res: { ok: true } };
}

const url = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.url));
const domain = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.host + 16));

export const OptionsRequestSchemas = {
  'ui:subscribe': v.object({ type: v.literal('ui:subscribe'), url }),
  'ui:refreshSubscriptions': v.object({
    type: v.literal('ui:refreshSubscriptions'),
    id: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  'ui:tabStats': v.object({
    type: v.literal('ui:tabStats'),
    tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  'ui:signIn': v.object({ type: v.literal('ui:signIn'), domain }),
  'ui:signOut': v.object({ type: v.literal('ui:signOut'), domain }),
} as const;
