/**
 * The content script's end of the wire to the main-world observer (./observer-protocol.ts). The
 * page can read, forge and flood this wire, so every frame is checked before anything reads it:
 * its size, its rate, GET only (POST only where the platform reads with POST), a 2xx status, the page's own origin (or the streaming origin), a
 * URL the platform's patterns name, and valid JSON. What passes is still untrusted data: the
 * adapter validates its schema, and the runtime uses a post only when the page shows its id
 * with the same author (./runtime.ts).
 */
import type { ObservedResponse, ObserverSpec } from '../platforms/types';
import {
  OBSERVER_HELLO,
  OBSERVER_READY,
  channelEvent,
  decodeFrame,
  decodePacket,
  type ObserverHello,
} from './observer-protocol';

export interface FrameRules {
  /** The page's origin (`https://host`). */
  origin: string;
  /** WebSocket origins allowed besides the page's own (`wss://streaming.host`). */
  wsOrigins: string[];
  spec: ObserverSpec;
  /** Largest body accepted, in characters. */
  maxBody: number;
}

export type Refusal =
  'not-a-frame' | 'method' | 'status' | 'too-large' | 'url' | 'origin' | 'pattern' | 'json' | 'rate';

export const DEFAULT_MAX_BODY = 2_000_000;

export interface CompiledRules {
  origin: string;
  wsOrigins: Set<string>;
  http: RegExp[];
  /** Patterns of URLs whose POST answers are accepted (Misskey reads with POST). */
  post: RegExp[];
  ws: RegExp[];
  maxBody: number;
}

export function compileRules(r: FrameRules): CompiledRules {
  const re = (s: string) => {
    try {
      return new RegExp(s);
    } catch {
      return null;
    }
  };
  return {
    origin: r.origin,
    wsOrigins: new Set([r.origin.replace(/^http/, 'ws'), ...r.wsOrigins]),
    http: r.spec.http.map(re).filter((x): x is RegExp => !!x),
    post: (r.spec.post ?? []).map(re).filter((x): x is RegExp => !!x),
    ws: r.spec.ws.map(re).filter((x): x is RegExp => !!x),
    maxBody: r.maxBody,
  };
}

/**
 * The URL checks (credentials, origin, patterns) of a frame: a pure function of the frame's kind
 * and URL, so remembered per rules (a socket's messages all carry the same URL: parsing it and
 * testing the patterns for each was a tenth of the wire's cost). Frames with the same URL share one
 * URL object: nothing downstream writes to it.
 */
const urlChecks = new WeakMap<CompiledRules, Map<string, URL | Refusal>>();
function checkUrl(kind: string, post: boolean, raw: string, rules: CompiledRules): URL | Refusal {
  let known = urlChecks.get(rules);
  if (!known) urlChecks.set(rules, (known = new Map()));
  const key = `${kind} ${post ? 'POST' : 'GET'} ${raw}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const res = checkUrlNow(kind, post, raw, rules);
  if (known.size >= 256) known.clear();
  if (raw.length <= 4_096) known.set(key, res);
  return res;
}

function checkUrlNow(kind: string, post: boolean, raw: string, rules: CompiledRules): URL | Refusal {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url';
  }
  if (url.username || url.password) return 'url';
  if (kind === 'http') {
    if (url.origin !== rules.origin) return 'origin';
  } else if (!rules.wsOrigins.has(`${url.protocol}//${url.host}`)) return 'origin';
  if (!(kind === 'ws' ? rules.ws : post ? rules.post : rules.http).some((re) => re.test(url.href))) return 'pattern';
  return url;
}

/** Checks one frame from the wire; the parsed response, or why it was refused. */
export function checkFrame(detail: unknown, rules: CompiledRules): ObservedResponse | Refusal {
  if (typeof detail !== 'string') return 'not-a-frame';
  if (detail.length > rules.maxBody + 10_000) return 'too-large';
  const frame = decodeFrame(detail);
  if (!frame || frame.kind === 'ready') return 'not-a-frame';
  const post = frame.kind === 'http' && frame.method === 'POST' && rules.post.length > 0;
  if (frame.method !== 'GET' && !post) return 'method';
  if (frame.kind === 'http' && (frame.status < 200 || frame.status > 299)) return 'status';
  if (frame.body.length > rules.maxBody) return 'too-large';
  const url = checkUrl(frame.kind, post, frame.url, rules);
  if (typeof url === 'string') return url;
  let body: unknown;
  try {
    body = JSON.parse(frame.body);
  } catch {
    return 'json';
  }
  return { kind: frame.kind, url, body };
}

export interface BridgeStats {
  /** The observer answered the hello. */
  ready: boolean;
  accepted: number;
  refused: Partial<Record<Refusal, number>>;
}

export interface BridgeOptions {
  doc: Document;
  rules: FrameRules;
  onResponse: (res: ObservedResponse) => void;
  signal: AbortSignal;
  /** Frames accepted per second at most (a flooding page is cut off, not followed). */
  perSecond?: number;
  now?: () => number;
}

export interface Bridge {
  stats: BridgeStats;
}

function randomChannel(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Says hello to the observer (again whenever it announces itself) and listens on a fresh channel. */
export function connectObserver(opts: BridgeOptions): Bridge {
  const { doc, signal } = opts;
  const rules = compileRules(opts.rules);
  const now = opts.now ?? (() => performance.now());
  const perSecond = opts.perSecond ?? 200;
  const stats: BridgeStats = { ready: false, accepted: 0, refused: {} };
  const channel = randomChannel();
  let windowStart = now();
  let inWindow = 0;

  const refuse = (r: Refusal) => {
    stats.refused[r] = (stats.refused[r] ?? 0) + 1;
  };

  doc.addEventListener(
    channelEvent(channel),
    (e: Event) => {
      const detail: unknown = (e as CustomEvent).detail;
      if (typeof detail !== 'string') return refuse('not-a-frame');
      if (detail.length > rules.maxBody * 4) return refuse('too-large');
      const { frames, malformed } = decodePacket(detail);
      if (malformed) refuse('not-a-frame');
      for (const frame of frames) {
        if (frame.startsWith('ready\n')) {
          stats.ready = true;
          continue;
        }
        const t = now();
        if (t - windowStart > 1_000) {
          windowStart = t;
          inWindow = 0;
        }
        if (++inWindow > perSecond) {
          refuse('rate');
          continue;
        }
        const res = checkFrame(frame, rules);
        if (typeof res === 'string') {
          refuse(res);
          continue;
        }
        stats.accepted++;
        opts.onResponse(res);
      }
    },
    { signal },
  );

  // The document's own constructors (a test's DOM, the page's window in a content script).
  const Custom = (doc.defaultView as (Window & typeof globalThis) | null)?.CustomEvent ?? CustomEvent;
  const hello = () => {
    const msg: ObserverHello = {
      v: 1,
      channel,
      http: opts.rules.spec.http,
      ws: opts.rules.spec.ws,
      ...(opts.rules.spec.post?.length ? { post: opts.rules.spec.post } : {}),
    };
    doc.dispatchEvent(new Custom(OBSERVER_HELLO, { detail: JSON.stringify(msg) }));
  };
  doc.addEventListener(OBSERVER_READY, hello, { signal });
  hello();
  return { stats };
}
