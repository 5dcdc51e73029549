/**
 * A tiny HTTP client for tests and tools that talks to the sim with a chosen Host header (fetch()
 * cannot set Host). `simRequest(sim.port, 'mastodon-a.test', 'GET', '/api/v1/timelines/home', { token })`.
 */
import { request } from 'node:http';

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json<T = unknown>(): T;
}

export interface SimRequestOptions {
  token?: string;
  /** JSON body (sent as application/json) or a form (sent urlencoded). */
  json?: unknown;
  form?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function simRequest(
  port: number,
  host: string,
  method: string,
  path: string,
  opts: SimRequestOptions = {},
): Promise<SimResponse> {
  let body: string | undefined;
  const headers: Record<string, string> = { host, ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.form) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
    body = p.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, timeout: opts.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: h, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
