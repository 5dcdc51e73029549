/**
 * Servers that lie, for the lying-server suites: a real HTTP server on 127.0.0.1 (port 0) whose
 * next answers a test chooses from a catalogue of lies, and a second server on another host name
 * (`localhost`) that a redirect points to. Both record every request they get (host, path,
 * Authorization header, body), so a test can prove that a token never reached the other host.
 * The code under test uses Node's own fetch (undici), which follows redirects unless told not to,
 * as a browser's fetch does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface Seen {
  host: string;
  method: string;
  path: string;
  auth: string | undefined;
  body: string;
}

export type Lie = (req: IncomingMessage, res: ServerResponse, other: string) => void;

const jsonHead = { 'content-type': 'application/json; charset=utf-8' };

/** The catalogue. `other` is the origin of the other host (the redirect target). */
export const lies = {
  /** 200 with JSON that is not what the endpoint returns. */
  wrongShape: ((_q, res) => {
    res.writeHead(200, jsonHead);
    res.end('[1, "two", {"three": null}]');
  }) as Lie,
  /** 200 with an HTML page (a captive portal, a maintenance page behind a proxy). */
  html200: ((_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><html><body><h1>Scheduled maintenance</h1></body></html>');
  }) as Lie,
  /** 200 whose body is an error. */
  errorBody200: ((_q, res) => {
    res.writeHead(200, jsonHead);
    res.end(JSON.stringify({ error: 'Database is read-only' }));
  }) as Lie,
  /** 302 to another host, where a login page waits for the token. */
  redirect: ((_q, res, other) => {
    res.writeHead(302, { location: `${other}/steal` });
    res.end();
  }) as Lie,
  /** 307 (keeps the method and the body) to another host. */
  redirect307: ((_q, res, other) => {
    res.writeHead(307, { location: `${other}/steal` });
    res.end();
  }) as Lie,
  /** Nothing for 3 s (the clients under test are given a shorter timeout). */
  slow: ((_q, res) => {
    const t = setTimeout(() => {
      res.writeHead(200, jsonHead);
      res.end('{}');
    }, 3_000);
    res.on('close', () => clearTimeout(t));
  }) as Lie,
  /** Headers at once, then the body one byte every 200 ms (a stalled proxy). */
  slowBody: ((_q, res) => {
    res.writeHead(200, jsonHead);
    res.write('{');
    const t = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(t));
  }) as Lie,
  /** 200 with no body at all. */
  empty: ((_q, res) => {
    res.writeHead(200, jsonHead);
    res.end();
  }) as Lie,
  /** 200 announcing 400 bytes, sending 30, then closing the connection. */
  truncated: ((_q, res) => {
    res.writeHead(200, { ...jsonHead, 'content-length': '400' });
    res.write('{"id": "42", "blocking": tr');
    setTimeout(() => res.socket?.destroy(), 20);
  }) as Lie,
  /** 200 with a complete answer whose JSON is cut short. */
  cutJson: ((_q, res) => {
    res.writeHead(200, jsonHead);
    res.end('{"id": "42", "blocking": tr');
  }) as Lie,
  /** 429 with no header and no body. */
  tooMany: ((_q, res) => {
    res.writeHead(429);
    res.end();
  }) as Lie,
  /** 200 with 24 MB of JSON, sent in 64 KB chunks without a Content-Length. */
  huge: ((_q, res) => {
    res.writeHead(200, jsonHead);
    const chunk = Buffer.from(`"${'x'.repeat(64 * 1024 - 3)}",`);
    let left = 384;
    res.write('[');
    const pump = () => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('0]');
    };
    res.on('close', () => (left = 0));
    pump();
  }) as Lie,
  /** 200 whose Content-Length says 1 GB (nothing is read). */
  hugeDeclared: ((_q, res) => {
    res.writeHead(200, { ...jsonHead, 'content-length': String(1024 * 1024 * 1024) });
    res.write('[');
    setTimeout(() => res.socket?.destroy(), 50);
  }) as Lie,
} satisfies Record<string, Lie>;

export type LieName = keyof typeof lies;

export interface Liar {
  /** `http://127.0.0.1:PORT`: the instance. */
  origin: string;
  /** `http://localhost:PORT2`: the other host a redirect points to. */
  other: string;
  /** Requests the instance got. */
  seen: Seen[];
  /** Requests the other host got: must stay empty. */
  otherSeen: Seen[];
  /** Every later request answered with this lie (until the next call). */
  lie(l: Lie | LieName): void;
  /** Answers by path (substring); the rest get `fallback`. */
  route(routes: [string, Lie | LieName][], fallback?: Lie | LieName): void;
}

function record(into: Seen[], handler: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      into.push({
        host: req.headers.host ?? '',
        method: req.method ?? '',
        path: req.url ?? '',
        auth: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      handler(req, res);
    });
  };
}

async function listen(s: Server, host: string): Promise<number> {
  await new Promise<void>((r) => s.listen(0, host, r));
  return (s.address() as AddressInfo).port;
}

/** Starts the two servers for the file's tests; cleared before each test. */
export function useLiar(): Liar {
  const seen: Seen[] = [];
  const otherSeen: Seen[] = [];
  let routes: [string, Lie][] = [];
  let fallback: Lie = lies.errorBody200;
  const pick = (l: Lie | LieName): Lie => (typeof l === 'string' ? lies[l] : l);
  const sockets = new Set<import('node:net').Socket>();
  const liar: Liar = {
    origin: '',
    other: '',
    seen,
    otherSeen,
    lie(l) {
      routes = [];
      fallback = pick(l);
    },
    route(r, f = 'errorBody200') {
      routes = r.map(([p, l]) => [p, pick(l)]);
      fallback = pick(f);
    },
  };
  const main = createServer(
    record(seen, (req, res) => {
      const hit = routes.find(([p]) => (req.url ?? '').includes(p));
      (hit ? hit[1] : fallback)(req, res, liar.other);
    }),
  );
  const elsewhere = createServer(
    record(otherSeen, (_req, res) => {
      res.writeHead(200, jsonHead);
      res.end(JSON.stringify({ id: '42', blocking: true, muting: true, ok: true, token: 'stolen' }));
    }),
  );
  for (const s of [main, elsewhere])
    s.on('connection', (c) => (sockets.add(c), c.on('close', () => sockets.delete(c))));
  beforeAll(async () => {
    liar.origin = `http://127.0.0.1:${await listen(main, '127.0.0.1')}`;
    liar.other = `http://localhost:${await listen(elsewhere, '127.0.0.1')}`;
  });
  beforeEach(() => {
    seen.length = 0;
    otherSeen.length = 0;
    routes = [];
    fallback = lies.errorBody200;
  });
  afterAll(async () => {
    for (const c of sockets) c.destroy();
    await Promise.all([main, elsewhere].map((s) => new Promise<void>((r) => s.close(() => r()))));
  });
  return liar;
}

/** Node's fetch, as the product calls it (`fetch(url, init)`). */
export const nodeFetch: typeof fetch = (...a) => fetch(...a);

/** Every request the other host got, and every request carrying the token to a host not the instance's. */
export function leaks(liar: Liar, token: string): Seen[] {
  const host = new URL(liar.origin).host;
  return [
    ...liar.otherSeen,
    ...liar.seen.filter((s) => s.host !== host && (s.auth?.includes(token) || s.body.includes(token))),
  ];
}
