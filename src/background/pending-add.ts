import type { PendingAdd } from '../messaging/options';
import { PENDING_ADD_KEY } from '../messaging/options';
import type { AddResult } from './instances';

/**
 * Finishes the popup's one-click add when the permission it asked for is granted, even if the
 * popup was closed by the browser's permission prompt. Only an add asked for in the last few
 * minutes, for exactly the origins granted, counts; it is forgotten once done.
 */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  remove(key: string): Promise<void>;
}

const FRESH_MS = 5 * 60_000;

function isPending(x: unknown): x is PendingAdd {
  const p = x as PendingAdd | null;
  return (
    !!p &&
    typeof p.domain === 'string' &&
    typeof p.at === 'number' &&
    Array.isArray(p.origins) &&
    p.origins.every((o) => typeof o === 'string')
  );
}

export async function completePendingAdd(
  granted: { origins?: string[] },
  session: SessionArea,
  add: (domain: string) => Promise<AddResult>,
  now = Date.now(),
): Promise<AddResult | null> {
  const origins = granted.origins ?? [];
  if (!origins.length) return null;
  const pending = (await session.get(PENDING_ADD_KEY))[PENDING_ADD_KEY];
  if (!isPending(pending) || now - pending.at > FRESH_MS) return null;
  if (!pending.origins.some((o) => origins.includes(o))) return null;
  await session.remove(PENDING_ADD_KEY);
  return add(pending.domain);
}

/**
 * One call at a time per key: a second call while the first runs gets the first one's answer. The
 * popup and the background may both add the same instance when a permission arrives; registering
 * the content scripts twice at once would fail.
 */
export function singleFlight<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key) => {
    let p = running.get(key);
    if (!p) {
      p = fn(key).finally(() => running.delete(key));
      running.set(key, p);
    }
    return p;
  };
}
