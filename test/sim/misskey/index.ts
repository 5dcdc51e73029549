/**
 * A simulated Misskey server (2025.7.0 as the fixtures, or 2024.2.0): API, streaming, web UI, state.
 * The shared server (test/sim/server.ts) routes requests for a Misskey domain here by Host header.
 * See README.md in this folder for users, tokens, endpoints, limits and what is simplified.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GenPost } from '../generator/types';
import type { InstanceConfig, SimInstance, SimInstanceState } from '../types';
import { MisskeyApi, type ApiResult } from './api';
import { directoryFor, type LocalRole } from './directory';
import { seedReports, seedsReports } from './seed';
import { StreamHub } from './stream';
import { clientBundle, handleWeb } from './web';
import { nativeToken, World, type AbuseReport } from './world';

export { renderNote, renderUser, renderUserDetailedFor } from './render';
export { nativeToken } from './world';

const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'access-control-allow-origin': '*',
  'cache-control': 'private, max-age=0, must-revalidate',
};

export interface MisskeySimInstance extends SimInstance {
  /** The web UI login token of a local user (`/__sim/login` stores the same). */
  token(username: string): string;
  /** Seeded abuse reports with their ground truth (misskey-a.test only). */
  seededReports(): { id: string; targetAcct: string; truth: 'spam-wave' | 'genuine' }[];
  /** The note id this instance gives a scenario post. */
  noteId(postId: string): string | undefined;
  /** The user id this instance gives a scenario acct. */
  userId(acct: string): string | undefined;
  /** Calls an API endpoint in-process (tests), with the same checks and recording as over HTTP. */
  call(endpoint: string, body?: Record<string, unknown>, headers?: Record<string, string>): ApiResult;
  /** Ids of the scenario posts that have arrived. */
  arrivedPostIds(): string[];
}

/**
 * Posts already on the server when it starts: everything created before the clock's "now" (the shared
 * server generates the scenario with its history ending at start-up, and delivers later posts).
 */
function initialCutoff(cfg: InstanceConfig): number {
  return cfg.clock.now();
}

export function createMisskeyInstance(cfg: InstanceConfig): MisskeySimInstance {
  const dir = directoryFor(cfg.scenario, cfg.domain, cfg.version);
  // `compressed` limits: `i` says rateLimitFactor 1, the limiter shrinks only the windows by scale.
  const compressed = cfg.misskeyLimits === 'compressed';
  const world = new World(dir, compressed ? { now: () => cfg.clock.now(), scale: 1 } : cfg.clock);
  let hub: StreamHub | null = null;
  const api = new MisskeyApi(world, { notesDeleted: (ids) => hub?.notesDeleted(ids) });
  if (compressed) api.limiter.windowScale = cfg.clock.scale;
  hub = new StreamHub(world, api);
  void clientBundle().catch(() => {});

  const cutoff = initialCutoff(cfg);
  world.arrive(dir.known.filter((p) => p.createdAt < cutoff));
  if (cfg.moderationSeed ?? seedsReports(cfg.domain)) seedReports(world);

  const users: Record<string, 'admin' | 'moderator' | 'user'> = {};
  for (const u of dir.users) if (u.host === null) users[u.username] = u.role as LocalRole;

  const deliverPosts = (posts: GenPost[]): void => {
    const known = posts.filter((p) => dir.knownSet.has(p.id));
    world.arrive(known);
    hub?.deliver(known);
  };

  // Live mode: the rest of this server's share of the scenario arrives at `speed` x real time.
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  if (cfg.live) {
    const speed = cfg.live.speed > 0 ? cfg.live.speed : 1;
    const queue = dir.known.filter((p) => p.createdAt >= cutoff);
    const t0 = Date.now();
    let next = 0;
    const tick = (): void => {
      if (closed) return;
      const due = cutoff + (Date.now() - t0) * speed;
      const batch: GenPost[] = [];
      while (next < queue.length && queue[next]!.createdAt <= due) batch.push(queue[next++]!);
      if (batch.length) deliverPosts(batch);
      if (next < queue.length) {
        const wait = Math.max(20, Math.min(2000, (queue[next]!.createdAt - due) / speed));
        timer = setTimeout(tick, wait);
        timer.unref?.();
      }
    };
    timer = setTimeout(tick, 50);
    timer.unref?.();
  }

  const send = (
    res: ServerResponse,
    r: { status: number; headers: Record<string, string>; body?: unknown },
    json = true,
  ): void => {
    const headers = json ? { ...API_HEADERS, ...r.headers } : r.headers;
    if (r.body === undefined) {
      if (json) delete (headers as Record<string, string>)['content-type'];
      res.writeHead(r.status, headers);
      res.end();
      return;
    }
    const text = typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
    res.writeHead(r.status, headers);
    res.end(text);
  };

  const inst: MisskeySimInstance = {
    info: { domain: cfg.domain, platform: 'misskey', version: cfg.version, users },

    async handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
      const url = new URL(req.url ?? '/', dir.base);
      const path = url.pathname;
      const method = (req.method ?? 'GET').toUpperCase();
      if (path.startsWith('/api/')) {
        if (method === 'OPTIONS') {
          res.writeHead(204, {
            'access-control-allow-origin': '*',
            'access-control-allow-headers': 'Authorization, Content-Type',
            'access-control-allow-methods': 'POST, GET, OPTIONS',
            'access-control-max-age': '86400',
          });
          res.end();
          return;
        }
        let parsed: unknown = {};
        if (body.length > 0) {
          try {
            parsed = JSON.parse(body.toString('utf8'));
          } catch {
            send(res, {
              status: 400,
              headers: {},
              body: {
                statusCode: 400,
                code: 'FST_ERR_CTP_INVALID_JSON_BODY',
                error: 'Bad Request',
                message: "Body is not valid JSON but content-type is set to 'application/json'",
              },
            });
            return;
          }
        }
        const m = /^\/api\/miauth\/([^/]+)\/check$/.exec(path);
        if (m && method === 'POST') {
          send(res, api.miauthCheck(decodeURIComponent(m[1]!)));
          return;
        }
        const endpoint = path.slice('/api/'.length);
        if (method !== 'POST' && api.has(endpoint)) {
          send(res, {
            status: 405,
            headers: {},
            body: {
              error: {
                message: 'Method not allowed',
                code: 'METHOD_NOT_ALLOWED',
                id: '0a0a8a1e-6d5f-4a4f-8f0f-2a9f9d6b0a0a',
                kind: 'client',
              },
            },
          });
          return;
        }
        const ip = req.socket.remoteAddress ?? '127.0.0.1';
        send(res, api.call({ endpoint, body: parsed, headers: req.headers, ip }));
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { 'content-type': 'text/plain' });
        res.end('Method not allowed');
        return;
      }
      const r = await handleWeb(world, path, url.searchParams);
      res.writeHead(r.status, r.headers);
      res.end(method === 'HEAD' ? undefined : r.body);
    },

    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      hub!.upgrade(req, socket, head);
    },

    deliver(postIds: string[]) {
      deliverPosts(postIds.map((id) => dir.postById.get(id)).filter((p): p is GenPost => !!p));
    },

    state(): SimInstanceState {
      return {
        info: inst.info,
        actions: world.actions.slice(),
        rateLimited: world.rateLimited.slice(),
        requestCounts: { ...world.requestCounts },
      };
    },

    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      hub?.close();
    },

    token: (username: string) => nativeToken(cfg.domain, username),
    seededReports: () =>
      world.reports
        .filter((r): r is AbuseReport & { truth: 'spam-wave' | 'genuine' } => !!r.truth)
        .map((r) => ({ id: r.id, targetAcct: dir.userById.get(r.targetUserId)!.acct, truth: r.truth })),
    noteId: (postId: string) => dir.noteIdOf.get(postId),
    userId: (acct: string) => dir.userByAcct.get(acct)?.id,
    call: (endpoint, body = {}, headers = {}) => api.call({ endpoint, body, headers }),
    arrivedPostIds: () => world.presentPosts().map((p) => p.id),
  };
  return inst;
}
