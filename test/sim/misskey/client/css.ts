/**
 * Misskey's production CSS-module class names: vite.config.ts `generateScopedName` makes
 * `'x' + base62(hash53(id)).slice(0, 4)` where id is the source path and class, e.g.
 * `components-MkNote-root` -> `xcSej` (checked against the fixture DOM). The hash is the public
 * 53-bit string hash known as cyrb53.
 */
function hash53(str: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base62(n: number): string {
  if (n === 0) return '0';
  let out = '';
  while (n > 0) {
    out = DIGITS[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

const memo = new Map<string, string>();

/** The hashed class of `name` in `file` (a path under packages/frontend/src without extension, e.g. `components/MkNote`). */
export function cx(file: string, name: string): string {
  const id = `${file.replace(/[\\/.]/g, '-')}-${name}`;
  let v = memo.get(id);
  if (!v) {
    v = `x${base62(hash53(id)).slice(0, 4)}`;
    memo.set(id, v);
  }
  return v;
}

/** Shorthands for the components the simulator draws. */
export const C = {
  note: (n: string) => cx('components/MkNote', n),
  header: (n: string) => cx('components/MkNoteHeader', n),
  sub: (n: string) => cx('components/MkNoteSub', n),
  simple: (n: string) => cx('components/MkNoteSimple', n),
  detailed: (n: string) => cx('components/MkNoteDetailed', n),
  subContent: (n: string) => cx('components/MkSubNoteContent', n),
  tl: (n: string) => cx('components/MkStreamingNotesTimeline', n),
  ntl: (n: string) => cx('components/MkStreamingNotificationsTimeline', n),
  notification: (n: string) => cx('components/MkNotification', n),
  mention: (n: string) => cx('components/MkMention', n),
  url: (n: string) => cx('components/global/MkUrl', n),
  avatar: (n: string) => cx('components/global/MkAvatar', n),
  blur: (n: string) => cx('components/MkImgWithBlurhash', n),
  media: (n: string) => cx('components/MkMediaList', n),
  mediaImage: (n: string) => cx('components/MkMediaImage', n),
  preview: (n: string) => cx('components/MkUrlPreview', n),
  ticker: (n: string) => cx('components/MkInstanceTicker', n),
  notes2024: (n: string) => cx('components/MkNotes', n),
  dsl: (n: string) => cx('components/MkDateSeparatedList', n),
};
