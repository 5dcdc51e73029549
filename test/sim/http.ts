/** Small HTTP helpers shared by the server and the instance families. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, html, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  send(res, 302, '', { Location: location, ...headers });
}

export function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type Params = Record<string, unknown>;

/** `a[]=1&a[]=2&b=x` -> `{ a: ['1','2'], b: 'x' }` (Rails-style arrays; `a=1&a=2` also becomes an array). */
export function paramsFromSearch(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [k0, v] of search) {
    const isArr = k0.endsWith('[]');
    const k = isArr ? k0.slice(0, -2) : k0;
    const prev = out[k];
    if (isArr || prev !== undefined) {
      out[k] = Array.isArray(prev) ? [...prev, v] : prev !== undefined ? [prev, v] : [v];
    } else out[k] = v;
  }
  return out;
}

/** Request body as params: JSON object or form-encoded; anything else is empty. */
export function parseBody(req: IncomingMessage, body: Buffer): Params {
  if (body.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const text = body.toString('utf8');
  if (type.includes('application/json')) {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {};
  }
  if (type.includes('application/x-www-form-urlencoded') || type === '')
    return paramsFromSearch(new URLSearchParams(text));
  if (type.includes('multipart/form-data')) return parseMultipart(text, type);
  return {};
}

function parseMultipart(text: string, type: string): Params {
  const m = /boundary=("?)([^";]+)\1/.exec(type);
  if (!m) return {};
  const search = new URLSearchParams();
  for (const part of text.split('--' + m[2])) {
    const name = /name="([^"]+)"/.exec(part);
    const sep = part.indexOf('\r\n\r\n');
    if (!name || sep < 0) continue;
    search.append(name[1]!, part.slice(sep + 4).replace(/\r\n$/, ''));
  }
  return paramsFromSearch(search);
}

export function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length) return str(v[0]);
  return undefined;
}

export function strList(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map((x) => str(x)).filter((x): x is string => x !== undefined);
  const s = str(v);
  return s === undefined ? [] : [s];
}

/** Rails' boolean casting: "true", "1", "on", true. */
export function bool(v: unknown, dflt = false): boolean {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'boolean') return v;
  const s = String(Array.isArray(v) ? v[0] : v).toLowerCase();
  return !['false', '0', 'off', 'f', 'no'].includes(s);
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
