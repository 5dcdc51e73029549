// @vitest-environment happy-dom
/**
 * The wire from the main-world observer: what the page (which can forge, flood and read it) sends is
 * refused unless it is a GET copy of an API answer of this instance's own origin, of a watched path,
 * within the size and rate limits, and valid JSON.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { checkFrame, compileRules, connectObserver, DEFAULT_MAX_BODY } from '../../../src/content/bridge';
import {
  OBSERVER_HELLO,
  OBSERVER_READY,
  channelEvent,
  decodeFrame,
  decodePacket,
  encodeFrame,
  encodePacket,
} from '../../../src/content/observer-protocol';
import { mastodonObserverSpec } from '../../../src/platforms/mastodon/observe';
import type { ObservedResponse } from '../../../src/platforms/types';

const ORIGIN = 'https://mastodon.example';
const session = {
  token: null,
  accountId: null,
  username: null,
  domain: 'mastodon.example',
  version: '4.6.5',
  moderator: { reports: false, users: false },
  streamingOrigins: ['wss://streaming.mastodon.example'],
};
const rules = compileRules({
  origin: ORIGIN,
  wsOrigins: session.streamingOrigins,
  spec: mastodonObserverSpec(session, ORIGIN),
  maxBody: DEFAULT_MAX_BODY,
});
const timeline = `${ORIGIN}/api/v1/timelines/home?max_id=1`;

describe('checkFrame', () => {
  test('a copy of a timeline answer passes, parsed', () => {
    const r = checkFrame(encodeFrame('http', 'GET', 200, timeline, '[{"id":"1"}]'), rules) as ObservedResponse;
    expect(r.kind).toBe('http');
    expect(r.url.href).toBe(timeline);
    expect(r.body).toEqual([{ id: '1' }]);
  });

  test('the URL checks are remembered per URL, and give the same answer every time', () => {
    const ws = 'wss://mastodon.example/api/v1/streaming?stream=user';
    const forged = 'wss://evil.example/api/v1/streaming?stream=user';
    for (let i = 0; i < 3; i++) {
      expect(typeof checkFrame(encodeFrame('ws', 'GET', 0, ws, '{"event":"update"}'), rules)).toBe('object');
      expect(checkFrame(encodeFrame('ws', 'GET', 0, forged, '{}'), rules)).toBe('origin');
      // The same URL as another kind is checked as that kind (an http frame must not be a socket URL).
      expect(checkFrame(encodeFrame('http', 'GET', 200, ws, '{}'), rules)).toBe('origin');
      expect(
        checkFrame(encodeFrame('http', 'GET', 200, `${ORIGIN}/api/v1/accounts/verify_credentials`, '{}'), rules),
      ).toBe('pattern');
      expect(checkFrame(encodeFrame('http', 'GET', 200, timeline, '[]'), rules)).not.toBeTypeOf('string');
    }
  });

  test('a streaming frame from the page origin or the streaming server passes', () => {
    for (const url of [
      'wss://mastodon.example/api/v1/streaming?stream=user',
      'wss://streaming.mastodon.example/api/v1/streaming',
    ])
      expect(typeof checkFrame(encodeFrame('ws', 'GET', 0, url, '{"event":"update"}'), rules)).toBe('object');
  });

  test.each([
    ['not a string', { url: timeline }, 'not-a-frame'],
    ['no header', '[1,2,3]', 'not-a-frame'],
    ['an unknown kind', encodeFrame('http', 'GET', 200, timeline, '[]').replace(/^http/, 'file'), 'not-a-frame'],
    ['a header too long', `http\nGET\n200\n${'x'.repeat(5000)}\n[]`, 'not-a-frame'],
    ['a POST', encodeFrame('http', 'POST', 200, timeline, '[]'), 'method'],
    ['an error answer', encodeFrame('http', 'GET', 500, timeline, '[]'), 'status'],
    ['another origin', encodeFrame('http', 'GET', 200, 'https://evil.example/api/v1/timelines/home', '[]'), 'origin'],
    [
      'a look-alike origin',
      encodeFrame('http', 'GET', 200, `${ORIGIN}.evil.example/api/v1/timelines/home`, '[]'),
      'origin',
    ],
    [
      'http instead of https',
      encodeFrame('http', 'GET', 200, 'http://mastodon.example/api/v1/timelines/home', '[]'),
      'origin',
    ],
    [
      'credentials in the URL',
      encodeFrame('http', 'GET', 200, 'https://a:b@mastodon.example/api/v1/timelines/home', '[]'),
      'url',
    ],
    ['not a URL', encodeFrame('http', 'GET', 200, 'not a url', '[]'), 'url'],
    [
      'an unwatched path',
      encodeFrame('http', 'GET', 200, `${ORIGIN}/api/v1/accounts/verify_credentials`, '{}'),
      'pattern',
    ],
    ['the OAuth token endpoint', encodeFrame('http', 'GET', 200, `${ORIGIN}/oauth/token`, '{}'), 'pattern'],
    ['a socket elsewhere', encodeFrame('ws', 'GET', 0, 'wss://evil.example/api/v1/streaming', '{}'), 'origin'],
    ['a socket on another path', encodeFrame('ws', 'GET', 0, 'wss://mastodon.example/cable', '{}'), 'pattern'],
    ['broken JSON', encodeFrame('http', 'GET', 200, timeline, '[{"id":'), 'json'],
    [
      'a body over the limit',
      encodeFrame('http', 'GET', 200, timeline, `[${'1,'.repeat(DEFAULT_MAX_BODY / 2)}1]`),
      'too-large',
    ],
  ])('refuses %s', (_what, detail, reason) => {
    expect(checkFrame(detail, rules)).toBe(reason);
  });

  test('packets: frames one after another, each with its length', () => {
    expect(decodePacket(encodePacket(['a\nb', '', 'ccc']))).toEqual({ frames: ['a\nb', '', 'ccc'], malformed: false });
    expect(decodePacket('3:abc5:ab')).toEqual({ frames: ['abc'], malformed: true });
    expect(decodePacket('x:abc')).toEqual({ frames: [], malformed: true });
    expect(decodePacket('9999999999:a').malformed).toBe(true);
  });

  test('the header is split without reading the body; a body may hold newlines', () => {
    expect(decodeFrame(encodeFrame('ws', 'GET', 0, 'wss://x/y', 'a\nb\nc'))!.body).toBe('a\nb\nc');
    expect(decodeFrame('ready\nGET\n0\nhttps://x\n')!.kind).toBe('ready');
    expect(decodeFrame('http\nget\n200\nhttps://x\n[]')).toBeNull();
  });
});

describe('connectObserver', () => {
  const abort = new AbortController();
  afterEach(() => abort.abort());

  function connect(perSecond = 200): {
    got: ObservedResponse[];
    bridge: ReturnType<typeof connectObserver>;
    send: (frame: unknown) => boolean;
    sendRaw: (detail: string) => boolean;
    hello: () => { channel: string; http: string[]; ws: string[] };
  } {
    const got: ObservedResponse[] = [];
    let hello: { channel: string; http: string[]; ws: string[] } | null = null;
    document.addEventListener(OBSERVER_HELLO, (e) => (hello = JSON.parse((e as CustomEvent<string>).detail)), {
      once: true,
      signal: abort.signal,
    });
    const bridge = connectObserver({
      doc: document,
      rules: { origin: ORIGIN, wsOrigins: [], spec: mastodonObserverSpec(session, ORIGIN), maxBody: DEFAULT_MAX_BODY },
      onResponse: (r) => got.push(r),
      signal: abort.signal,
      perSecond,
    });
    const send = (frame: unknown) =>
      document.dispatchEvent(
        new CustomEvent(channelEvent(hello!.channel), {
          detail: typeof frame === 'string' ? encodePacket([frame]) : frame,
        }),
      );
    const sendRaw = (detail: string) =>
      document.dispatchEvent(new CustomEvent(channelEvent(hello!.channel), { detail }));
    return { got, bridge, send, sendRaw, hello: () => hello! };
  }

  test('says hello on a fresh random channel with the patterns, and again when the observer announces itself', () => {
    const a = connect();
    const b = connect();
    expect(a.hello().channel).toMatch(/^[0-9a-f]{32}$/);
    expect(a.hello().channel).not.toBe(b.hello().channel);
    expect(a.hello().http.length).toBeGreaterThan(0);
    let again = 0;
    document.addEventListener(OBSERVER_HELLO, () => again++, { signal: abort.signal });
    document.dispatchEvent(new CustomEvent(OBSERVER_READY));
    expect(again).toBe(2);
  });

  test('takes valid frames, counts refusals, and notes the observer is there', () => {
    const { got, bridge, send } = connect();
    send('ready\nGET\n0\nhttps://mastodon.example\n');
    send(encodeFrame('http', 'GET', 200, timeline, '[]'));
    send(encodeFrame('http', 'GET', 200, 'https://evil.example/api/v1/timelines/home', '[]'));
    send({ not: 'a string' });
    expect(bridge.stats.ready).toBe(true);
    expect(got.length).toBe(1);
    expect(bridge.stats.refused).toEqual({ origin: 1, 'not-a-frame': 1 });
  });

  test('several frames in one packet; a packet with a bad length is read up to it', () => {
    const { got, bridge, sendRaw } = connect();
    const ok = encodeFrame('http', 'GET', 200, timeline, '[]');
    sendRaw(encodePacket([ok, ok, ok]));
    expect(got.length).toBe(3);
    sendRaw(`${encodePacket([ok])}99999:${ok}`);
    expect(got.length).toBe(4);
    expect(bridge.stats.refused['not-a-frame']).toBe(1);
  });

  test('a flooding page is cut off at the rate limit', () => {
    const { got, bridge, send } = connect(10);
    for (let i = 0; i < 50; i++) send(encodeFrame('http', 'GET', 200, timeline, '[]'));
    expect(got.length).toBe(10);
    expect(bridge.stats.refused.rate).toBe(40);
  });

  test('frames on another channel are not read', () => {
    const { got } = connect();
    document.dispatchEvent(
      new CustomEvent(channelEvent('0123456789abcdef0123456789abcdef'), {
        detail: encodeFrame('http', 'GET', 200, timeline, '[]'),
      }),
    );
    expect(got.length).toBe(0);
  });
});
