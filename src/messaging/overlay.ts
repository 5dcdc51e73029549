/**
 * Messages of the page overlay (issue 6): the moderator sign-in started from a page and finished on
 * the instance's code page, open reports to link a suspension to, and the login push. Spread into
 * `RequestSchemas` (./validate.ts) and `Messages` (./protocol.ts). Only tabs of added instances may
 * send them (the router checks), and nothing here ever carries a token.
 */
import * as v from 'valibot';
import type { InstanceView } from '../storage/instances';
import { LIMITS } from './limits';
import type { SignInResult } from './options';

export type SignInStart = { ok: true } | { ok: false; code: 'unavailable' | 'failed'; message: string };

export interface OverlayMessages {
  /** "Sign in as moderator" pressed in the overlay: the background opens the authorization tab. */
  'content:signIn': { req: object; res: SignInStart };
  /** The instance's out-of-band code page (`/oauth/authorize/native`) shows a code: finish the sign-in. */
  'content:signInCode': { req: { code: string }; res: SignInResult };
  /**
   * The newest open report about each account (by account id), to link a moderator action to;
   * `all`: every open report about each, newest first, where the platform lists them (Misskey's
   * "Resolve reports").
   */
  'content:openReports': {
    req: { accountIds: string[] };
    res: { reports: Record<string, string>; all?: Record<string, string[]> };
  };
}

export interface OverlayPushes {
  /** Who is signed in on this instance changed (moderator sign-in finished). */
  'bg:login': {
    login: InstanceView['login'];
    role: InstanceView['role'];
    capabilities: string[];
  };
}

const accountId = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id), v.regex(/^[A-Za-z0-9_-]+$/));

export const OverlayRequestSchemas = {
  'content:signIn': v.object({ type: v.literal('content:signIn') }),
  'content:signInCode': v.object({
    type: v.literal('content:signInCode'),
    code: v.pipe(v.string(), v.minLength(8), v.maxLength(512), v.regex(/^[A-Za-z0-9_~.-]+$/)),
  }),
  'content:openReports': v.object({
    type: v.literal('content:openReports'),
    accountIds: v.pipe(v.array(accountId), v.maxLength(500)),
  }),
} as const;

export const LoginPushSchema = v.object({
  type: v.literal('bg:login'),
  login: v.object({
    kind: v.picklist(['none', 'page', 'oauth', 'miauth']),
    account: v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.name))),
  }),
  role: v.picklist(['unknown', 'user', 'moderator', 'admin']),
  capabilities: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(64)),
});
