/**
 * MFM (Misskey Flavoured Markdown) source to plain text: function calls `$[tada 🎨]` keep their
 * content, markup (`**bold**`, `<small>`, `<center>`, links `[label](url)`) is unwrapped. Only what
 * changes the comparison matters: spammers can wrap the same text in different effects.
 *
 * Every step is linear in the source: function calls are unwrapped by one scan with a stack (a
 * regular expression replaced again and again was quadratic on `$[x $[x ...`), and a link label
 * cannot hold `[` (with it, a line of `[` made the link pattern rescan the line from each one).
 */
const TAG_RE = /<\/?(?:small|i|b|s|center|plain|flip|sup|sub)>/gi;
const LINK_RE = /\??\[([^[\]\n]*)\]\((https?:\/\/[^)\s]+)\)/g;

/** Whether `c` can be in a function name (`$[name.arg=1 ...`): anything but white space, `]` and `$`. */
function nameChar(c: number): boolean {
  return !(c === 0x5d || c === 0x24 || c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000);
}

/**
 * `$[name content]` to `content`, nested calls included, in one pass: an opening `$[name ` is
 * dropped when a `]` closes it, and kept as written when nothing does. What is dropped is marked
 * first and the rest copied in runs, so openers that never close cost nothing more.
 */
export function unwrapFunctions(src: string): string {
  if (!src.includes('$[') || !src.includes(']')) return src;
  const open: number[] = [];
  let drop: Uint8Array | null = null;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x24 && src.charCodeAt(i + 1) === 0x5b) {
      let j = i + 2;
      while (j < n && nameChar(src.charCodeAt(j))) j++;
      if (j > i + 2 && src.charCodeAt(j) === 0x20) {
        open.push(i, j + 1);
        i = j;
      } else {
        // A `$[` that opens nothing stays, and no `]` after it closes a call before it.
        open.length = 0;
      }
    } else if (c === 0x5d && open.length > 0) {
      const end = open.pop()!;
      const start = open.pop()!;
      drop ??= new Uint8Array(n);
      drop.fill(1, start, end);
      drop[i] = 1;
    }
  }
  if (!drop) return src;
  let out = '';
  for (let i = 0; i < n;) {
    if (drop[i]) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !drop[j]) j++;
    out += src.slice(i, j);
    i = j;
  }
  return out;
}

export function mfmToPlain(src: string): string {
  return unwrapFunctions(src)
    .replace(LINK_RE, '$1 $2')
    .replace(TAG_RE, '')
    .replace(/\*\*\*?([^*\n]+)\*\*\*?/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/~~([^~\n]+)~~/g, '$1');
}

const MENTION_RE =
  /(?:^|[^\p{L}\p{N}_/@])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:@([A-Za-z0-9.-]+(?::\d+)?))?/gu;
const TAG_TEXT_RE = /(?:^|[\s\u3000(（「『【])#([\p{L}\p{N}_\p{M}]+)/gu;

/** `@user` / `@user@host` mentions written in MFM, in order, without duplicates; the first `max`. */
export function mentionsInMfm(src: string, max = Infinity): { username: string; host: string | null }[] {
  const seen = new Set<string>();
  const out: { username: string; host: string | null }[] = [];
  for (const m of src.matchAll(MENTION_RE)) {
    if (out.length >= max) break;
    const username = m[1]!;
    const host = m[2] ? m[2].toLowerCase() : null;
    const k = `${username.toLowerCase()}@${host ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ username, host });
  }
  return out;
}

/** `#tags` written in MFM, lower case; the first `max`. */
export function tagsInMfm(src: string, max = Infinity): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(TAG_TEXT_RE)) {
    if (out.length >= max) break;
    out.push(m[1]!.toLowerCase());
  }
  return out;
}
