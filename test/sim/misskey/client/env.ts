/** What the page booted with: the instance meta (from #misskey_meta), the account (localStorage), the version. */
export interface Account {
  id: string;
  username: string;
  name: string | null;
  avatarUrl: string;
  token: string;
  isAdmin?: boolean;
  isModerator?: boolean;
  [k: string]: unknown;
}

export interface Env {
  meta: Record<string, unknown>;
  version: string;
  is2024: boolean;
  host: string;
  account: Account | null;
}

function readAccount(): Account | null {
  try {
    const raw = localStorage.getItem('account');
    if (!raw) return null;
    const a = JSON.parse(raw) as Account;
    return typeof a.token === 'string' ? a : null;
  } catch {
    return null;
  }
}

export function readEnv(): Env {
  const el = document.getElementById('misskey_meta');
  const meta = el ? (JSON.parse(el.textContent ?? '{}') as Record<string, unknown>) : {};
  const version = String(meta.version ?? (window as unknown as { VERSION?: string }).VERSION ?? '2025.7.0');
  try {
    localStorage.setItem('instance', JSON.stringify(meta));
    localStorage.setItem('instanceCachedAt', String(Date.now()));
  } catch {
    /* storage may be full or blocked */
  }
  return { meta, version, is2024: version.startsWith('2024.'), host: location.host, account: readAccount() };
}

export const env: Env = readEnv();
