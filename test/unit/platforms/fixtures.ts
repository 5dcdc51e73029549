/** Reads the real captures in test/fixtures/captured, copied from ../shared/fixtures (see their READMEs). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = join(__dirname, '..', '..', 'fixtures', 'captured');

type Obj = Record<string, unknown>;

function walk(x: unknown, pred: (o: Obj) => boolean, acc: Map<string, Obj>) {
  if (Array.isArray(x)) for (const v of x) walk(v, pred, acc);
  else if (x && typeof x === 'object') {
    const o = x as Obj;
    if (pred(o)) {
      if (!acc.has(o.id as string)) acc.set(o.id as string, o);
      return;
    }
    for (const v of Object.values(o)) walk(v, pred, acc);
  }
}

/** Every top-level status object the Mastodon web UI received, by id. */
export function mastodonStatuses(version: '4.6.5' | '4.2.0'): Map<string, Obj> {
  const dir = join(SHARED, 'mastodon', version, 'api');
  const acc = new Map<string, Obj>();
  for (const f of readdirSync(dir).sort()) {
    walk(JSON.parse(readFileSync(join(dir, f), 'utf8')), (o) => 'content' in o && 'account' in o && 'id' in o, acc);
  }
  return acc;
}

export function spamIds(version: '4.6.5' | '4.2.0'): {
  spam_status_ids: string[];
  spam_account_ids: string[];
  spam_accts: string[];
} {
  return JSON.parse(readFileSync(join(SHARED, 'mastodon', version, 'spam_status_ids.json'), 'utf8'));
}

/** Every note in the Misskey captures' response bodies, by id. */
export function misskeyNotes(): Map<string, Obj> {
  const dir = join(SHARED, 'misskey', 'api');
  const acc = new Map<string, Obj>();
  for (const f of readdirSync(dir).sort()) {
    const body = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { response?: { body?: unknown } }).response?.body;
    walk(body, (o) => 'userId' in o && 'user' in o && 'visibility' in o, acc);
  }
  return acc;
}

export function misskeyCapture(name: string): { request: Obj; response: { body: unknown } } {
  return JSON.parse(readFileSync(join(SHARED, 'misskey', 'api', name), 'utf8'));
}
