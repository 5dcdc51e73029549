/**
 * MFM (Misskey Flavoured Markdown) source to plain text: function calls `$[tada 🎨]` keep their
 * content, markup (`**bold**`, `<small>`, `<center>`, links `[label](url)`) is unwrapped. Only what
 * changes the comparison matters: spammers can wrap the same text in different effects.
 */
const FN_RE = /\$\[[^\s\]$]+ ((?:(?!\$\[)[^\]])*)\]/g;
const TAG_RE = /<\/?(?:small|i|b|s|center|plain|flip|sup|sub)>/gi;
const LINK_RE = /\??\[([^\]\n]*)\]\((https?:\/\/[^)\s]+)\)/g;

export function mfmToPlain(src: string): string {
  let s = src;
  for (let i = 0; i < 16; i++) {
    const next = s.replace(FN_RE, '$1');
    if (next === s) break;
    s = next;
  }
  return s
    .replace(LINK_RE, '$1 $2')
    .replace(TAG_RE, '')
    .replace(/\*\*\*?([^*\n]+)\*\*\*?/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/~~([^~\n]+)~~/g, '$1');
}

const MENTION_RE =
  /(?:^|[^\p{L}\p{N}_/@])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:@([A-Za-z0-9.-]+(?::\d+)?))?/gu;
const TAG_TEXT_RE = /(?:^|[\s\u3000(（「『【])#([\p{L}\p{N}_\p{M}]+)/gu;

/** `@user` / `@user@host` mentions written in MFM, in order, without duplicates. */
export function mentionsInMfm(src: string): { username: string; host: string | null }[] {
  const seen = new Set<string>();
  const out: { username: string; host: string | null }[] = [];
  for (const m of src.matchAll(MENTION_RE)) {
    const username = m[1]!;
    const host = m[2] ? m[2].toLowerCase() : null;
    const k = `${username.toLowerCase()}@${host ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ username, host });
  }
  return out;
}

/** `#tags` written in MFM, lower case. */
export function tagsInMfm(src: string): string[] {
  return [...src.matchAll(TAG_TEXT_RE)].map((m) => m[1]!.toLowerCase());
}
