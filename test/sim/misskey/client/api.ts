import { env } from './env';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`API ${status}`);
  }
}

/** misskeyApi(): POST /api/<endpoint> with the token in the body as `i`, no cookies (MF/utility/misskey-api.ts). */
export async function api<T = unknown>(endpoint: string, params: Record<string, unknown> = {}): Promise<T> {
  const body: Record<string, unknown> = { ...params };
  if (env.account) body.i = env.account.token;
  const res = await fetch(`/api/${endpoint}`, {
    method: 'POST',
    body: JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-cache',
    headers: { 'Content-Type': 'application/json' },
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new ApiFailure(res.status, json);
  return json as T;
}
