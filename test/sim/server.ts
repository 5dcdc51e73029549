/**
 * One HTTP server on 127.0.0.1 for every simulated instance: routes by Host, applies injected
 * faults before the instance sees a request, and answers the control API (`/__sim/*`) on any host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FaultRule, SimInstance } from './types';
import type { Scenario } from './generator/types';
import { escapeHtml, hostOf, readBody, send, sendHtml, sendJson, str, strList } from './http';

export interface ControlHooks {
  deliver(
    domain: string | undefined,
    req: { postIds?: string[]; count?: number; wave?: string },
  ): { domain: string; delivered: string[] }[];
}

/** Fault rules as JSON carries them: `path` may be `{ "regex": "...", "flags": "i" }`. */
export function faultFromJson(v: unknown): FaultRule {
  const o = (v ?? {}) as Record<string, unknown>;
  const kinds: FaultRule['kind'][] = [
    'status500',
    'status502',
    'status503',
    'slow',
    'drop',
    'malformed-json',
    'html-error',
    'status200-error-body',
  ];
  if (!kinds.includes(o.kind as FaultRule['kind']))
    throw new Error(`unknown fault kind ${String(o.kind)}; one of ${kinds.join(', ')}`);
  const rule: FaultRule = { kind: o.kind as FaultRule['kind'] };
  if (typeof o.host === 'string') rule.host = o.host;
  if (typeof o.method === 'string') rule.method = o.method.toUpperCase();
  if (typeof o.path === 'string') rule.path = o.path;
  else if (o.path && typeof o.path === 'object' && typeof (o.path as { regex?: unknown }).regex === 'string') {
    const p = o.path as { regex: string; flags?: string };
    rule.path = new RegExp(p.regex, p.flags ?? '');
  } else if (typeof o.pathRegex === 'string') rule.path = new RegExp(o.pathRegex);
  if (typeof o.delayMs === 'number') rule.delayMs = o.delayMs;
  if (typeof o.times === 'number') rule.times = o.times;
  return rule;
}

/**
 * A tiny static web host beside the instances, for what volunteers publish outside them (shared
 * rule lists): `lists.test` serves the files put there with `PUT /__sim/static`.
 */
export const STATIC_HOST = 'lists.test';

interface StaticFile {
  body: string;
  contentType: string;
  status: number;
  etag: string | null;
}

interface LiveFault {
  rule: FaultRule;
  left: number;
}

export class SimServer {
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private faults: LiveFault[] = [];
  private readonly statics = new Map<string, StaticFile>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly instances: Map<string, SimInstance>,
    private readonly scenario: Scenario,
    private readonly hooks: ControlHooks,
  ) {
    this.server = createServer((req, res) => {
      void this.onRequest(req, res).catch((e: unknown) => {
        sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
    this.server.keepAliveTimeout = 2000;
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  addFault(rule: FaultRule): void {
    this.faults.push({ rule, left: rule.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private matchFault(host: string, method: string, path: string): FaultRule | null {
    for (const f of this.faults) {
      const r = f.rule;
      if (f.left <= 0) continue;
      if (r.host && r.host !== host) continue;
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.path !== undefined && !(typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path))) continue;
      f.left--;
      return r;
    }
    return null;
  }

  private later(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Applies a fault; returns true when the request was answered (or dropped) by it. */
  private async applyFault(rule: FaultRule, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    switch (rule.kind) {
      case 'slow':
        await this.later(rule.delayMs ?? 3000);
        return this.closed;
      case 'drop':
        req.socket.destroy();
        return true;
      case 'status500':
        sendJson(res, 500, { error: 'Internal Server Error' });
        return true;
      case 'status502':
        sendHtml(
          res,
          502,
          '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
        );
        return true;
      case 'status503':
        sendHtml(
          res,
          503,
          '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>',
        );
        return true;
      case 'html-error':
        sendHtml(
          res,
          500,
          '<!DOCTYPE html><html><head><title>We\'re sorry, but something went wrong (500)</title></head><body><div class="dialog"><h1>We\'re sorry, but something went wrong.</h1></div></body></html>',
        );
        return true;
      case 'malformed-json':
        send(res, 200, '{"id":"1","created_at":"2024-02-17T03:04:39.000Z","acc', {
          'Content-Type': 'application/json; charset=utf-8',
        });
        return true;
      case 'status200-error-body':
        sendJson(res, 200, { error: 'Something went wrong' });
        return true;
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = (req.method ?? 'GET').toUpperCase();
    if (
      url.pathname.startsWith('/__sim/') &&
      !url.pathname.startsWith('/__sim/login') &&
      !url.pathname.startsWith('/__sim/logout')
    ) {
      return this.control(req, res, url, method);
    }
    const host = hostOf(req);
    const inst = this.instances.get(host);
    const fault = this.matchFault(host, method, url.pathname);
    if (fault && (await this.applyFault(fault, req, res))) return;
    if (host === STATIC_HOST) return this.serveStatic(req, res, url.pathname);
    if (!inst) return this.unknownHost(res, host);
    const body = await readBody(req);
    await inst.handle(req, res, body);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const host = hostOf(req);
    const inst = this.instances.get(host);
    const url = new URL(req.url ?? '/', 'http://x');
    const fault = this.matchFault(host, 'GET', url.pathname);
    if (fault && fault.kind !== 'slow') {
      if (fault.kind === 'drop') socket.destroy();
      else {
        const code = fault.kind === 'status502' ? 502 : fault.kind === 'status503' ? 503 : 500;
        socket.end(`HTTP/1.1 ${code} Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      }
      return;
    }
    if (!inst) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    inst.upgrade(req, socket, head);
  }

  private unknownHost(res: ServerResponse, host: string): void {
    const rows = [...this.instances.values()]
      .map(
        (i) =>
          `<li><a href="http://${i.info.domain}/">${escapeHtml(i.info.domain)}</a>: ${i.info.platform} ${escapeHtml(i.info.version)}</li>`,
      )
      .join('');
    sendHtml(
      res,
      404,
      `<!DOCTYPE html><html><head><title>Not a simulated instance</title></head><body><h1>404: ${escapeHtml(host || '(no host)')} is not a simulated instance</h1><p>This server answers by Host header. Instances:</p><ul>${rows}</ul><p>Control API: <code>GET /__sim/state?instance=…</code>, <code>POST /__sim/deliver</code>, <code>POST|DELETE /__sim/fault</code>.</p></body></html>`,
    );
  }

  private serveStatic(req: IncomingMessage, res: ServerResponse, path: string): void {
    const f = this.statics.get(path);
    if (!f) return sendHtml(res, 404, `<!DOCTYPE html><title>404</title><h1>${escapeHtml(path)} is not here</h1>`);
    if (f.etag && req.headers['if-none-match'] === f.etag) return send(res, 304, '', { ETag: f.etag });
    send(res, f.status, f.body, { 'Content-Type': f.contentType, ...(f.etag ? { ETag: f.etag } : {}) });
  }

  /** Puts a file on the static host (`lists.test`); an etag makes conditional requests answer 304. */
  putStatic(
    path: string,
    body: string,
    contentType = 'application/json; charset=utf-8',
    status = 200,
    etag: string | null = null,
  ): void {
    this.statics.set(path.startsWith('/') ? path : `/${path}`, { body, contentType, status, etag });
  }

  private async control(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const body = await readBody(req);
    let json: Record<string, unknown> = {};
    if (body.length) {
      try {
        json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: 'body must be JSON' });
      }
    }
    const path = url.pathname;
    if (path === '/__sim/state' && method === 'GET') {
      const d = url.searchParams.get('instance');
      if (d) {
        const inst = this.instances.get(d);
        if (!inst) return sendJson(res, 404, { error: `no instance ${d}` });
        return sendJson(res, 200, inst.state());
      }
      return sendJson(res, 200, {
        instances: [...this.instances.values()].map((i) => i.info),
        scenario: {
          seed: this.scenario.options.seed,
          start: this.scenario.options.start,
          posts: this.scenario.posts.length,
          waves: this.scenario.options.waves.map((w) => w.id),
        },
      });
    }
    if (path === '/__sim/deliver' && method === 'POST') {
      const domain = str(json.instance);
      if (domain && !this.instances.has(domain)) return sendJson(res, 404, { error: `no instance ${domain}` });
      const postIds = json.postIds !== undefined ? strList(json.postIds) : undefined;
      const count = typeof json.count === 'number' ? json.count : undefined;
      const wave = str(json.wave);
      const result = this.hooks.deliver(domain, {
        ...(postIds ? { postIds } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(wave ? { wave } : {}),
      });
      return sendJson(res, 200, { results: result });
    }
    if (path === '/__sim/fault' && method === 'POST') {
      try {
        this.addFault(faultFromJson(json));
      } catch (e) {
        return sendJson(res, 422, { error: e instanceof Error ? e.message : String(e) });
      }
      return sendJson(res, 200, { faults: this.faults.length });
    }
    if (path === '/__sim/static' && method === 'PUT') {
      if (typeof json.path !== 'string' || typeof json.body !== 'string')
        return sendJson(res, 422, { error: 'expected {path, body, contentType?, status?, etag?}' });
      this.putStatic(
        json.path,
        json.body,
        typeof json.contentType === 'string' ? json.contentType : undefined,
        typeof json.status === 'number' ? json.status : 200,
        typeof json.etag === 'string' ? json.etag : null,
      );
      return sendJson(res, 200, { host: STATIC_HOST, path: json.path });
    }
    if (path === '/__sim/fault' && method === 'DELETE') {
      this.clearFaults();
      return sendJson(res, 200, { faults: 0 });
    }
    return sendJson(res, 404, { error: `unknown control route ${method} ${path}` });
  }

  close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.server.closeAllConnections?.();
    });
  }
}
