/**
 * The main-world observer in a DOM (happy-dom): it copies the answers the page's own fetch, XHR and
 * WebSocket get, never changes them, keeps a bounded buffer until the content script says hello,
 * then passes on only what the hello's patterns name.
 */
import { afterEach, expect, test } from 'vitest';
import { Window } from 'happy-dom';
import { installPageObserver } from '../../../src/content/observer-main';
import {
  OBSERVER_HELLO,
  OBSERVER_READY,
  channelEvent,
  decodeFrame,
  decodePacket,
  type Frame,
} from '../../../src/content/observer-protocol';

type Win = Parameters<typeof installPageObserver>[0];
const ORIGIN = 'https://mastodon.example';
const windows: Window[] = [];
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
});

/** A page whose fetch, XHR and WebSocket answer from `answers` (URL -> [content type, body]). */
function page(answers: Record<string, [string, string]>) {
  const hd = new Window({ url: `${ORIGIN}/home` });
  windows.push(hd);
  const win = hd as unknown as Win;
  const Base = (hd as unknown as { EventTarget: new () => EventTarget }).EventTarget;
  const Resp = win.Response;
  win.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), ORIGIN).href;
    const [type, body] = answers[url] ?? ['text/html', 'not found'];
    const res = new Resp(body, { status: answers[url] ? 200 : 404, headers: { 'content-type': type } });
    Object.defineProperty(res, 'url', { value: url });
    return res;
  }) as unknown as typeof fetch;

  class FakeXHR extends Base {
    responseType = '';
    status = 0;
    responseText = '';
    responseURL = '';
    private type = '';
    private url = '';
    open(_method: string, url: string) {
      this.url = new URL(url, ORIGIN).href;
    }
    send() {
      const a = answers[this.url];
      this.status = a ? 200 : 404;
      this.type = a?.[0] ?? 'text/html';
      this.responseText = a?.[1] ?? '';
      this.responseURL = this.url;
      queueMicrotask(() => this.dispatchEvent(new win.Event('load')));
    }
    get response(): unknown {
      return this.responseType === 'json' ? JSON.parse(this.responseText) : this.responseText;
    }
    getResponseHeader(name: string) {
      return name.toLowerCase() === 'content-type' ? this.type : null;
    }
  }
  (win as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = FakeXHR;

  class FakeWS extends Base {
    static OPEN = 1;
    constructor(readonly url: string) {
      super();
    }
    receive(data: unknown) {
      this.dispatchEvent(new win.MessageEvent('message', { data }));
    }
  }
  (win as unknown as { WebSocket: unknown }).WebSocket = FakeWS;

  const frames: Frame[] = [];
  let ready = 0;
  win.document.addEventListener(OBSERVER_READY, () => ready++);
  installPageObserver(win);
  const hello = (http: string[], ws: string[] = []) => {
    const channel = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    win.document.addEventListener(channelEvent(channel), (e) => {
      for (const raw of decodePacket((e as CustomEvent<string>).detail).frames) {
        const f = decodeFrame(raw);
        if (f && f.kind !== 'ready') frames.push(f);
      }
    });
    win.document.dispatchEvent(
      new win.CustomEvent(OBSERVER_HELLO, { detail: JSON.stringify({ v: 1, channel, http, ws }) }),
    );
  };
  const tick = () => new Promise((r) => setTimeout(r, 60));
  return { win, frames, hello, tick, ready: () => ready, FakeWS };
}

const TL = `${ORIGIN}/api/v1/timelines/home`;
const JSON_TYPE = 'application/json; charset=utf-8';
const answers: Record<string, [string, string]> = {
  [TL]: [JSON_TYPE, '[{"id":"1"}]'],
  [`${ORIGIN}/api/v1/custom_emojis`]: [JSON_TYPE, '[]'],
  [`${ORIGIN}/about`]: ['text/html', '<html></html>'],
  ['https://cdn.example/x.json']: [JSON_TYPE, '{}'],
};

test('announces itself, and copies nothing it is not asked for', async () => {
  const p = page(answers);
  expect(p.ready()).toBe(1);
  p.hello([`^${ORIGIN.replace(/\./g, '\\.')}/api/v1/timelines/`]);
  await p.win.fetch(TL);
  await p.win.fetch(`${ORIGIN}/api/v1/custom_emojis`);
  await p.win.fetch('https://cdn.example/x.json');
  await p.tick();
  expect(p.frames.map((f) => [f.kind, f.method, f.status, f.url, f.body])).toEqual([
    ['http', 'GET', 200, TL, '[{"id":"1"}]'],
  ]);
});

test("the page's fetch gets its own answer, unread", async () => {
  const p = page(answers);
  p.hello(['.']);
  const res = await p.win.fetch(TL);
  expect(res.bodyUsed).toBe(false);
  expect(await res.json()).toEqual([{ id: '1' }]);
});

test('before the hello: same-origin JSON answers are kept, then the matching ones passed on', async () => {
  const p = page(answers);
  await p.win.fetch(TL);
  await p.win.fetch(`${ORIGIN}/api/v1/custom_emojis`);
  await p.win.fetch(`${ORIGIN}/about`);
  await p.win.fetch('https://cdn.example/x.json');
  await p.tick();
  p.hello(['/timelines/']);
  expect(p.frames.map((f) => f.url)).toEqual([TL]);
});

test('POST requests and error answers are not copied', async () => {
  const p = page(answers);
  p.hello(['.']);
  await p.win.fetch(TL, { method: 'POST' });
  await p.win.fetch(`${ORIGIN}/missing`);
  await p.tick();
  expect(p.frames).toEqual([]);
});

test('XMLHttpRequest (axios): text and json response types', async () => {
  const p = page(answers);
  p.hello(['/timelines/']);
  for (const type of ['', 'json'] as const) {
    const xhr = new p.win.XMLHttpRequest();
    xhr.responseType = type;
    xhr.open('GET', '/api/v1/timelines/home');
    xhr.send();
  }
  const post = new p.win.XMLHttpRequest();
  post.open('POST', '/api/v1/timelines/home');
  post.send();
  await p.tick();
  expect(p.frames.map((f) => JSON.parse(f.body))).toEqual([[{ id: '1' }], [{ id: '1' }]]);
});

test('WebSocket: frames of the watched sockets; the constructor still works as before', async () => {
  const p = page(answers);
  p.hello([], ['^wss://mastodon\\.example/api/v1/streaming']);
  const WS = p.win.WebSocket as unknown as new (url: string) => InstanceType<typeof p.FakeWS>;
  const sock = new WS('wss://mastodon.example/api/v1/streaming?stream=user');
  const other = new WS('wss://chat.example/socket');
  expect(sock).toBeInstanceOf(p.win.WebSocket);
  expect((p.win.WebSocket as unknown as { OPEN: number }).OPEN).toBe(1);
  sock.receive('{"event":"update","payload":"{}"}');
  sock.receive(new ArrayBuffer(4));
  other.receive('{"event":"update"}');
  await p.tick();
  expect(p.frames.map((f) => [f.kind, f.body])).toEqual([['ws', '{"event":"update","payload":"{}"}']]);
});

test('a malformed hello is ignored; installing twice wraps once', async () => {
  const p = page(answers);
  p.win.document.dispatchEvent(new p.win.CustomEvent(OBSERVER_HELLO, { detail: '{"v":1,"channel":"short"}' }));
  p.win.document.dispatchEvent(new p.win.CustomEvent(OBSERVER_HELLO, { detail: { v: 1 } as unknown as string }));
  const wrapped = p.win.fetch;
  installPageObserver(p.win);
  expect(p.win.fetch).toBe(wrapped);
  p.hello(['/timelines/']);
  await p.win.fetch(TL);
  await p.tick();
  expect(p.frames.length).toBe(1);
});
