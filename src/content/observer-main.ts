/**
 * The main-world observer: runs in the page's own JavaScript world at document_start (registered
 * with `world: 'MAIN'`), before the web UI's code, and copies the API responses the web UI itself
 * receives, so that Breakwater reads posts without requesting them again. It never changes a
 * request or a response, and uses no extension API (there are none in the main world).
 *
 * Generic: which URLs to copy is told by the content script (./observer-protocol.ts); until then it
 * keeps a bounded buffer of same-origin JSON answers and WebSocket frames.
 */
import {
  MAX_BODY,
  MAX_BUFFERED,
  MAX_BUFFERED_BYTES,
  OBSERVER_HELLO,
  OBSERVER_READY,
  channelEvent,
  encodeFrame,
  encodePacket,
  type FrameKind,
} from './observer-protocol';

/** Frames collected for this long go out in one event. */
const FLUSH_MS = 20;

type Win = Window & typeof globalThis;

const INSTALLED = Symbol.for('breakwater.observer');

export function installPageObserver(win: Win): void {
  const w = win as Win & { [INSTALLED]?: true };
  if (w[INSTALLED]) return;
  Object.defineProperty(w, INSTALLED, { value: true });

  // Originals, taken before any page script runs.
  const doc = win.document;
  const origin = win.location.origin;
  const CustomEvt = win.CustomEvent;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const listen = win.EventTarget.prototype.addEventListener;
  const RegExpCtor = win.RegExp;
  const URLCtor = win.URL;
  const jsonStringify = win.JSON.stringify;
  const jsonParse = win.JSON.parse;
  const setTimer = win.setTimeout.bind(win);

  let channels: string[] = [];
  let http: RegExp[] = [];
  let post: RegExp[] = [];
  let ws: RegExp[] = [];
  let buffer: { kind: FrameKind; method: string; url: string; frame: string }[] = [];
  let bufferBytes = 0;

  const emit = (channel: string, frames: string[]) => {
    try {
      dispatch.call(doc, new CustomEvt(channelEvent(channel), { detail: encodePacket(frames) }));
    } catch {
      /* never break the page */
    }
  };
  let outbox: string[] = [];
  const flush = () => {
    const frames = outbox;
    outbox = [];
    for (const c of channels) emit(c, frames);
  };
  const wanted = (kind: FrameKind, url: string, method = 'GET') =>
    (kind === 'ws' ? ws : method === 'POST' ? post : http).some((re) => re.test(url));

  const report = (kind: FrameKind, method: string, status: number, url: string, body: string) => {
    if (body.length > MAX_BODY) return;
    if (!channels.length) {
      const frame = encodeFrame(kind, method, status, url, body);
      buffer.push({ kind, method, url, frame });
      bufferBytes += frame.length;
      while (buffer.length > MAX_BUFFERED || bufferBytes > MAX_BUFFERED_BYTES)
        bufferBytes -= buffer.shift()!.frame.length;
      return;
    }
    if (!wanted(kind, url, method)) return;
    outbox.push(encodeFrame(kind, method, status, url, body));
    if (outbox.length === 1) setTimer(flush, FLUSH_MS);
  };

  const sameOrigin = (url: string) => {
    try {
      return new URLCtor(url, origin).origin === origin;
    } catch {
      return false;
    }
  };
  /** Before the hello: same-origin only. After: only what the content script asked for. */
  const interesting = (url: string, method: string) =>
    channels.length ? wanted('http', url, method) : sameOrigin(url);
  /** GET answers; POST answers too where the API reads with POST (Misskey). Never a request body. */
  const copied = (method: string) => method === 'GET' || method === 'POST';

  listen.call(doc, OBSERVER_HELLO, (e: Event) => {
    const detail = (e as CustomEvent).detail;
    if (typeof detail !== 'string' || detail.length > 100_000) return;
    let hello: { v?: unknown; channel?: unknown; http?: unknown; ws?: unknown; post?: unknown };
    try {
      hello = jsonParse(detail);
    } catch {
      return;
    }
    if (hello.v !== 1 || typeof hello.channel !== 'string' || !/^[A-Za-z0-9-]{16,64}$/.test(hello.channel)) return;
    const compile = (x: unknown) =>
      (Array.isArray(x) ? x : [])
        .filter((s): s is string => typeof s === 'string' && s.length < 2_000)
        .slice(0, 32)
        .map((s) => {
          try {
            return new RegExpCtor(s);
          } catch {
            return null;
          }
        })
        .filter((r): r is RegExp => r !== null);
    http = compile(hello.http);
    post = compile(hello.post);
    ws = compile(hello.ws);
    const channel = hello.channel;
    // A content script that was replaced (extension updated) stays listed: it ignores frames.
    channels = [...channels.filter((c) => c !== channel), channel].slice(-4);
    const kept = buffer;
    buffer = [];
    bufferBytes = 0;
    emit(channel, [
      encodeFrame('ready', 'GET', 0, origin, ''),
      ...kept.filter((b) => wanted(b.kind, b.url, b.method)).map((b) => b.frame),
    ]);
  });

  // ---- fetch ---------------------------------------------------------------------------------
  const origFetch = win.fetch;
  if (typeof origFetch === 'function') {
    const wrapped = function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const promise = origFetch.call(this ?? win, input, init);
      try {
        const method = String(
          init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET'),
        ).toUpperCase();
        if (copied(method)) {
          promise.then(
            (res) => {
              try {
                if (!res.ok || !interesting(res.url, method)) return;
                if (!/json/i.test(res.headers.get('content-type') ?? '')) return;
                const length = Number(res.headers.get('content-length') ?? 0);
                if (length > MAX_BODY) return;
                res
                  .clone()
                  .text()
                  .then(
                    (body) => report('http', method, res.status, res.url, body),
                    () => {},
                  );
              } catch {
                /* never break the page */
              }
            },
            () => {},
          );
        }
      } catch {
        /* never break the page */
      }
      return promise;
    };
    win.fetch = wrapped as typeof fetch;
  }

  // ---- XMLHttpRequest (Mastodon's web UI uses axios, which uses XHR) --------------------------
  const XHR = win.XMLHttpRequest;
  if (typeof XHR === 'function') {
    const proto = XHR.prototype;
    const open = proto.open;
    const send = proto.send;
    const meta = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
    proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      try {
        meta.set(this, { method: String(method).toUpperCase(), url: String(url) });
      } catch {
        /* never break the page */
      }
      return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
    } as typeof proto.open;
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const m = meta.get(this);
      if (m && copied(m.method)) {
        listen.call(this, 'load', (e: Event) => {
          const xhr = e.target as XMLHttpRequest;
          try {
            const url = xhr.responseURL || new URLCtor(m.url, origin).href;
            if (xhr.status < 200 || xhr.status > 299 || !interesting(url, m.method)) return;
            if (!/json/i.test(xhr.getResponseHeader('content-type') ?? '')) return;
            const t = xhr.responseType;
            const text =
              t === '' || t === 'text' ? xhr.responseText : t === 'json' ? jsonStringify(xhr.response) : null;
            if (typeof text === 'string') report('http', m.method, xhr.status, url, text);
          } catch {
            /* never break the page */
          }
        });
      }
      return send.call(this, body);
    };
  }

  // ---- WebSocket (the streaming API) ---------------------------------------------------------
  const WS = win.WebSocket;
  if (typeof WS === 'function') {
    win.WebSocket = new Proxy(WS, {
      construct(target, args, newTarget) {
        const sock = Reflect.construct(target, args, newTarget) as WebSocket;
        try {
          const url = sock.url;
          listen.call(sock, 'message', (e: Event) => {
            const data = (e as MessageEvent).data;
            if (typeof data !== 'string') return;
            if (channels.length ? wanted('ws', url) : true) report('ws', 'GET', 0, url, data);
          });
        } catch {
          /* never break the page */
        }
        return sock;
      },
    });
  }

  try {
    dispatch.call(doc, new CustomEvt(OBSERVER_READY));
  } catch {
    /* never break the page */
  }
}
