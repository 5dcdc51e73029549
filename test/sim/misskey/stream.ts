/**
 * The streaming API on `/streaming?i=<token>` with Misskey's protocol: the client sends
 * `{type:'connect', body:{channel, id, params}}` / `{type:'disconnect', body:{id}}` / `{type:'s', body:{id}}`
 * (note updates); the server sends `{type:'channel', body:{id, type:'note', body:<Note>}}` for timeline
 * channels, `notification` / `mention` / `reply` on `main`, and `{type:'noteUpdated', body:{id, type:'deleted'}}`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GenPost } from '../generator/types';
import type { MisskeyApi } from './api';
import { authorOf, type SimUser } from './directory';
import { renderNoteIn } from './render';
import type { World } from './world';

interface Sub {
  channel: string;
  params: Record<string, unknown>;
}

interface Conn {
  ws: WebSocket;
  me: SimUser | null;
  subs: Map<string, Sub>;
  notes: Set<string>;
}

export class StreamHub {
  private wss = new WebSocketServer({ noServer: true });
  private conns = new Set<Conn>();

  constructor(
    private world: World,
    private api: MisskeyApi,
  ) {}

  get connections(): number {
    return this.conns.size;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/streaming') {
      socket.destroy();
      return;
    }
    const token = url.searchParams.get('i');
    let me: SimUser | null = null;
    if (token) {
      const t = this.world.tokens.get(token);
      me = t ? (this.world.userById(t.userId) ?? null) : null;
      if (!me) {
        socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        socket.destroy();
        return;
      }
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Conn = { ws, me, subs: new Map(), notes: new Set() };
      this.conns.add(conn);
      ws.on('message', (data) => this.onMessage(conn, data.toString()));
      ws.on('close', () => this.conns.delete(conn));
      ws.on('error', () => this.conns.delete(conn));
    });
  }

  private onMessage(conn: Conn, raw: string): void {
    if (raw === 'ping') {
      conn.ws.send('pong');
      return;
    }
    let msg: { type?: string; body?: Record<string, unknown> };
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    const body = msg.body ?? {};
    const id = typeof body.id === 'string' ? body.id : null;
    switch (msg.type) {
      case 'connect':
        if (id && typeof body.channel === 'string') {
          conn.subs.set(id, { channel: body.channel, params: (body.params as Record<string, unknown>) ?? {} });
        }
        break;
      case 'disconnect':
        if (id) conn.subs.delete(id);
        break;
      case 's':
      case 'subNote':
        if (id) conn.notes.add(id);
        break;
      case 'un':
      case 'unsubNote':
        if (id) conn.notes.delete(id);
        break;
    }
  }

  private send(conn: Conn, msg: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(msg));
  }

  /** Whether `post` goes to a subscription on `channel` for `me`. */
  private matches(sub: Sub, post: GenPost, me: SimUser | null): boolean {
    const w = this.world;
    const local = w.isLocalPost(post) && post.visibility === 'public';
    const withReplies = sub.params.withReplies === true;
    if (post.replyTo && !withReplies && sub.channel !== 'homeTimeline') {
      const parent = w.dir.postById.get(post.replyTo);
      const pa = parent ? authorOf(w.dir, parent) : null;
      if (pa && pa.id !== authorOf(w.dir, post).id && pa.id !== me?.id) return false;
    }
    if (sub.params.withRenotes === false && post.boostOf && !post.text) return false;
    if (sub.params.withFiles === true && post.media.length === 0) return false;
    switch (sub.channel) {
      case 'homeTimeline':
        return !!me && w.inHome(post, me);
      case 'localTimeline':
        return local;
      case 'hybridTimeline':
        return local || (!!me && w.inHome(post, me));
      case 'globalTimeline':
        return post.visibility === 'public';
      case 'antenna':
        return !!me && sub.params.antennaId === this.api.antennaOf(me).id && post.mentions.length >= 2;
      case 'userList':
        return (
          !!me &&
          sub.params.listId === this.api.listOf(me).id &&
          this.api.listOf(me).members.some((u) => u.acct === post.author)
        );
      default:
        return false;
    }
  }

  /** Streams newly arrived notes to every open timeline they belong to, and notifications on `main`. */
  deliver(posts: GenPost[]): void {
    const w = this.world;
    for (const conn of this.conns) {
      for (const post of posts) {
        if (!w.visibleInTimeline(post, conn.me)) continue;
        let note: Record<string, unknown> | null = null;
        const render = () => (note ??= renderNoteIn(w.dir, post, { me: conn.me, state: w }));
        for (const [id, sub] of conn.subs) {
          if (sub.channel === 'main') continue;
          if (this.matches(sub, post, conn.me))
            this.send(conn, { type: 'channel', body: { id, type: 'note', body: render() } });
        }
        const me = conn.me;
        if (!me) continue;
        const mains = [...conn.subs].filter(([, s]) => s.channel === 'main');
        if (mains.length === 0) continue;
        const n = w.notificationsFor(me).find((x) => x.post.id === post.id);
        if (!n) continue;
        for (const [id] of mains) {
          this.send(conn, { type: 'channel', body: { id, type: 'notification', body: w.renderNotification(n, me) } });
          if (n.type === 'mention' || n.type === 'reply')
            this.send(conn, { type: 'channel', body: { id, type: n.type, body: render() } });
          this.send(conn, {
            type: 'channel',
            body: { id, type: 'unreadNotification', body: w.renderNotification(n, me) },
          });
        }
      }
    }
  }

  notesDeleted(noteIds: string[]): void {
    const deletedAt = new Date(this.world.now()).toISOString();
    for (const conn of this.conns) {
      for (const id of noteIds) {
        if (conn.notes.has(id))
          this.send(conn, { type: 'noteUpdated', body: { id, type: 'deleted', body: { deletedAt } } });
      }
    }
  }

  close(): void {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    this.wss.close();
  }
}
