/** Route table plumbing for the simulated Mastodon API: patterns, auth requirements, errors. */
import type { IncomingMessage } from 'node:http';
import type { Params } from '../http';
import type { LocalUser, Token } from './users';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = () => new ApiError(404, 'Record not found');
export const unprocessable = (msg: string) => new ApiError(422, msg);

export interface Reply {
  status?: number;
  json?: unknown;
  html?: string;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  redirect?: string;
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  url: URL;
  params: Record<string, string>;
  query: Params;
  body: Params;
  /** Query and body merged (body wins), as Rails' `params`. */
  all: Params;
  token: Token | null;
  user: LocalUser | null;
  cookies: Record<string, string>;
}

export interface Route {
  method: string;
  path: string;
  /** `none`: anyone; `user`: a token with a user; `app`: any valid token. */
  auth: 'none' | 'user' | 'app';
  /** Any one of these scopes is enough (checked when a token is present). */
  scopes?: string[];
  /** Any one of these role permission bits is required. */
  perms?: number;
  /** Only from this version on (`4.3` style), or only before. */
  since?: string;
  fn(c: Ctx): Reply | Promise<Reply>;
}

export interface CompiledRoute extends Route {
  re: RegExp;
  keys: string[];
}

export function compile(r: Route): CompiledRoute {
  const keys: string[] = [];
  const re = new RegExp(
    '^' +
      r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z_]+)/g, (_m, k: string) => {
        keys.push(k);
        return '([^/]+)';
      }) +
      '/?$',
  );
  return { ...r, re, keys };
}

export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export function intParam(v: unknown, dflt: number, min: number, max: number): number {
  const n = parseInt(String(Array.isArray(v) ? v[0] : (v ?? '')), 10);
  if (!Number.isFinite(n)) return dflt;
  return Math.min(max, Math.max(min, n));
}
