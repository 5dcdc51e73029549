/**
 * The streaming API over a real WebSocket (`/api/v1/streaming?stream=…&access_token=…`), in
 * Mastodon's message format: `{"stream":["public:local"],"event":"update","payload":"<JSON>"}`.
 * A socket may subscribe to more streams with `{"type":"subscribe","stream":"hashtag","tag":"x"}`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GenPost } from '../generator/types';
import type { MastoStore, Notif } from './store';
import type { Token } from './users';

interface Sub {
  stream: string;
  tag?: string;
  list?: string;
}

interface Client {
  ws: WebSocket;
  token: Token | null;
  subs: Sub[];
}

const USER_STREAMS = new Set(['user', 'user:notification', 'list', 'direct']);
const KNOWN = new Set([
  'user',
  'user:notification',
  'public',
  'public:media',
  'public:local',
  'public:local:media',
  'public:remote',
  'public:remote:media',
  'hashtag',
  'hashtag:local',
  'list',
  'direct',
]);

export class Streaming {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();

  constructor(
    private readonly store: MastoStore,
    private readonly tokenOf: (raw: string | undefined) => Token | null,
    private readonly renderNotification: (n: Notif, viewer: string) => unknown,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/streaming/health') {
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK');
      return;
    }
    if (!url.pathname.startsWith('/api/v1/streaming')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const protoToken = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')[0]
      ?.trim();
    const raw =
      url.searchParams.get('access_token') ??
      (protoToken || undefined) ??
      String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') ??
      undefined;
    const token = raw ? this.tokenOf(raw) : null;
    if (raw && !token) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{"error":"Invalid access token"}',
      );
      return;
    }
    const pathStream = url.pathname.replace(/^\/api\/v1\/streaming\/?/, '').replace(/\//g, ':');
    const first: Sub | null = (() => {
      const stream = url.searchParams.get('stream') ?? (pathStream || null);
      if (!stream) return null;
      return {
        stream,
        ...(url.searchParams.get('tag') ? { tag: url.searchParams.get('tag')!.toLowerCase() } : {}),
        ...(url.searchParams.get('list') ? { list: url.searchParams.get('list')! } : {}),
      };
    })();
    if (first && (!KNOWN.has(first.stream) || (USER_STREAMS.has(first.stream) && !token?.username))) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{"error":"Missing access token"}',
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, token, subs: first ? [first] : [] };
      this.clients.add(client);
      ws.on('close', () => this.clients.delete(client));
      ws.on('error', () => this.clients.delete(client));
      ws.on('message', (data) => {
        let msg: { type?: string; stream?: string; tag?: string; list?: string };
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        if (!msg.stream || !KNOWN.has(msg.stream)) return;
        if (USER_STREAMS.has(msg.stream) && !client.token?.username) {
          ws.send(JSON.stringify({ error: 'Missing access token', status: 401 }));
          return;
        }
        const sub: Sub = {
          stream: msg.stream,
          ...(msg.tag ? { tag: msg.tag.toLowerCase() } : {}),
          ...(msg.list ? { list: msg.list } : {}),
        };
        if (msg.type === 'subscribe') client.subs.push(sub);
        if (msg.type === 'unsubscribe')
          client.subs = client.subs.filter(
            (s) => !(s.stream === sub.stream && s.tag === sub.tag && s.list === sub.list),
          );
      });
    });
  }

  private streamName(s: Sub): string[] {
    if (s.stream.startsWith('hashtag')) return [s.stream, s.tag ?? ''];
    if (s.stream === 'list') return ['list', s.list ?? ''];
    return [s.stream];
  }

  private matches(s: Sub, p: GenPost, viewer: string | null): boolean {
    const store = this.store;
    const local = store.account(p.author)?.host === store.domain;
    const publicOk =
      p.visibility === 'public' && !p.boostOf && !(p.replyTo && store.idx.byId.get(p.replyTo)?.author !== p.author);
    switch (s.stream) {
      case 'user':
        return !store.hidesPost(viewer, p, 'home');
      case 'public':
      case 'public:media':
        return publicOk && (s.stream === 'public' || p.media.length > 0) && !store.hidesPost(viewer, p, 'public');
      case 'public:local':
      case 'public:local:media':
        return (
          publicOk &&
          local &&
          (s.stream === 'public:local' || p.media.length > 0) &&
          !store.hidesPost(viewer, p, 'public')
        );
      case 'public:remote':
      case 'public:remote:media':
        return (
          publicOk &&
          !local &&
          (s.stream === 'public:remote' || p.media.length > 0) &&
          !store.hidesPost(viewer, p, 'public')
        );
      case 'hashtag':
      case 'hashtag:local':
        return (
          publicOk &&
          p.tags.some((t) => t.toLowerCase() === s.tag) &&
          (s.stream === 'hashtag' || local) &&
          !store.hidesPost(viewer, p, 'public')
        );
      case 'list': {
        const l = s.list ? store.lists.get(s.list) : undefined;
        return !!l && l.owner === viewer && l.members.has(p.author) && !store.hidesPost(viewer, p, 'list');
      }
      default:
        return false;
    }
  }

  /** Streams a delivered post to every subscription that shows it. */
  update(p: GenPost): void {
    for (const c of this.clients) {
      const viewer = c.token?.username ?? null;
      let json: string | null = null;
      for (const s of c.subs) {
        if (!this.matches(s, p, viewer)) continue;
        json ??= JSON.stringify(this.store.status(p, viewer));
        c.ws.send(JSON.stringify({ stream: this.streamName(s), event: 'update', payload: json }));
      }
    }
  }

  notify(username: string, n: Notif): void {
    for (const c of this.clients) {
      if (c.token?.username !== username) continue;
      if (this.store.hidesAccount(username, n.from, 'notifications')) continue;
      for (const s of c.subs) {
        if (s.stream !== 'user' && s.stream !== 'user:notification') continue;
        c.ws.send(
          JSON.stringify({
            stream: [s.stream],
            event: 'notification',
            payload: JSON.stringify(this.renderNotification(n, username)),
          }),
        );
      }
    }
  }

  /** `delete` events (a suspended account's statuses leave every open timeline). */
  remove(statusIds: string[]): void {
    for (const c of this.clients) {
      for (const s of c.subs)
        for (const id of statusIds)
          c.ws.send(JSON.stringify({ stream: this.streamName(s), event: 'delete', payload: id }));
    }
  }

  close(): void {
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    this.wss.close();
  }
}
