/**
 * The wire between the main-world observer (entrypoints/page-observer.ts, in the page's own JS
 * world) and the content script (isolated world). They share only the DOM, so they talk with
 * CustomEvents on `document` whose `detail` is a string (strings cross worlds in Chrome and Firefox).
 *
 * 1. The observer, at document_start, wraps fetch/XMLHttpRequest/WebSocket and dispatches READY.
 * 2. The content script dispatches HELLO with a fresh random channel and the URL patterns to copy
 *    (sent again whenever READY arrives, e.g. when the observer is injected after it).
 * 3. The observer answers on `breakwater:<channel>` with a `ready` frame, then every copy it kept
 *    from before the hello that matches, then each new matching copy.
 *
 * A frame is `kind \n method \n status \n url \n body` (the body copied as is, not re-encoded).
 * Frames travel in packets, `<length>:<frame>` one after another: the observer sends what it
 * collected every 20 ms in one event (an event crossing worlds costs more than its size).
 * The page can read and forge all of this: the content script trusts nothing in it (./bridge.ts).
 */
export const OBSERVER_READY = 'breakwater:observer-ready';
export const OBSERVER_HELLO = 'breakwater:observer-hello';
export const channelEvent = (channel: string) => `breakwater:${channel}`;

export interface ObserverHello {
  v: 1;
  channel: string;
  /** URL patterns (RegExp sources) whose GET answers are copied. */
  http: string[];
  ws: string[];
  /**
   * URL patterns whose POST answers are copied (Misskey's API is `POST /api/<endpoint>` for reads
   * too). Only the answer is copied, never the request body (it carries the page's token).
   */
  post?: string[];
}

/** A response body larger than this is not copied (a timeline page is ~100-300 kB). */
export const MAX_BODY = 4_000_000;
/** Copies kept before the content script says hello, and their total size. */
export const MAX_BUFFERED = 200;
export const MAX_BUFFERED_BYTES = 16_000_000;

export type FrameKind = 'http' | 'ws' | 'ready';

export function encodeFrame(kind: FrameKind, method: string, status: number, url: string, body: string): string {
  return `${kind}\n${method}\n${status}\n${url}\n${body}`;
}

export interface Frame {
  kind: FrameKind;
  method: string;
  status: number;
  url: string;
  body: string;
}

/** Splits a frame; null when it is not one. Does not look at the body. */
export function decodeFrame(s: string): Frame | null {
  let i = 0;
  const parts: string[] = [];
  for (let n = 0; n < 4; n++) {
    const j = s.indexOf('\n', i);
    // The header is short: a newline far away means this is not a frame.
    if (j < 0 || j - i > 4_096) return null;
    parts.push(s.slice(i, j));
    i = j + 1;
  }
  const [kind, method, status, url] = parts as [string, string, string, string];
  if (kind !== 'http' && kind !== 'ws' && kind !== 'ready') return null;
  if (!/^[A-Z]{1,10}$/.test(method) || !/^\d{1,3}$/.test(status)) return null;
  return { kind, method, status: Number(status), url, body: s.slice(i) };
}

/** Frames in one event: each `<length>:<frame>`. */
export function encodePacket(frames: readonly string[]): string {
  let out = '';
  for (const f of frames) out += `${f.length}:${f}`;
  return out;
}

/** The frames of a packet; stops at the first malformed length (the rest is not read). */
export function decodePacket(s: string, maxFrames = 10_000): { frames: string[]; malformed: boolean } {
  const frames: string[] = [];
  let i = 0;
  while (i < s.length && frames.length < maxFrames) {
    const colon = s.indexOf(':', i);
    if (colon < 0 || colon - i > 9 || colon === i) return { frames, malformed: true };
    const digits = s.slice(i, colon);
    if (!/^\d+$/.test(digits)) return { frames, malformed: true };
    const len = Number(digits);
    const end = colon + 1 + len;
    if (end > s.length) return { frames, malformed: true };
    frames.push(s.slice(colon + 1, end));
    i = end;
  }
  return { frames, malformed: i < s.length };
}
