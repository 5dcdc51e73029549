import { env } from './env';

type Handler = (type: string, body: unknown) => void;

/** One WebSocket per page, as Misskey's `useStream()`: channels multiplexed by connection id. */
export class Stream {
  private ws: WebSocket | null = null;
  private handlers = new Map<string, { channel: string; params: Record<string, unknown>; fn: Handler }>();
  private noteHandlers = new Map<string, (type: string, body: unknown) => void>();
  private seq = 0;
  private closed = false;

  constructor() {
    this.open();
  }

  private open(): void {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const q = env.account ? `?i=${encodeURIComponent(env.account.token)}` : '';
    const ws = new WebSocket(`${proto}://${location.host}/streaming${q}`);
    this.ws = ws;
    ws.addEventListener('open', () => {
      for (const [id, h] of this.handlers)
        this.sendRaw({ type: 'connect', body: { channel: h.channel, id, params: h.params } });
      for (const id of this.noteHandlers.keys()) this.sendRaw({ type: 's', body: { id } });
    });
    ws.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string' || ev.data === 'pong') return;
      const msg = JSON.parse(ev.data) as { type: string; body: { id: string; type: string; body: unknown } };
      if (msg.type === 'channel') this.handlers.get(msg.body.id)?.fn(msg.body.type, msg.body.body);
      else if (msg.type === 'noteUpdated') this.noteHandlers.get(msg.body.id)?.(msg.body.type, msg.body.body);
    });
    ws.addEventListener('close', () => {
      if (!this.closed) setTimeout(() => this.open(), 1000);
    });
  }

  private sendRaw(msg: unknown): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  /** Connects a channel; returns a disposer. */
  useChannel(channel: string, params: Record<string, unknown>, fn: Handler): () => void {
    const id = String(++this.seq);
    this.handlers.set(id, { channel, params, fn });
    this.sendRaw({ type: 'connect', body: { channel, id, params } });
    return () => {
      this.handlers.delete(id);
      this.sendRaw({ type: 'disconnect', body: { id } });
    };
  }

  subNote(id: string, fn: (type: string, body: unknown) => void): void {
    if (this.noteHandlers.has(id)) return;
    this.noteHandlers.set(id, fn);
    this.sendRaw({ type: 's', body: { id } });
  }

  close(): void {
    this.closed = true;
    this.ws?.close();
  }
}

let shared: Stream | null = null;
export function useStream(): Stream {
  shared ??= new Stream();
  return shared;
}
