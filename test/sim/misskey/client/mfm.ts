/**
 * A small MFM renderer for what notes in the simulation contain: mentions (MkMention chips), hashtags,
 * URLs (MkUrl), Unicode emoji (twemoji images) and plain text. Structure and classes as the fixtures.
 */
import { env } from './env';
import { C } from './css';
import { h, vif } from './h';

const MENTION = /@([a-zA-Z0-9_]+(?:[a-zA-Z0-9_.-]*[a-zA-Z0-9_])?)(?:@([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+(?::\d+)?))?/y;
const URL_RE = /https?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]+/y;
const HASHTAG = /#([^\s.,!?'"#:/[\]【】()「」（）<>]+)/y;
const EMOJI =
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\uFE0F|\p{Emoji_Modifier}|\u200D(?:\p{Extended_Pictographic}|\p{Regional_Indicator})\uFE0F?|\u20E3|\p{Regional_Indicator})*/uy;

/** Twemoji's file name for an emoji: code points in hex, VS16 dropped unless the sequence has a ZWJ. */
export function twemojiName(char: string): string {
  const s = char.includes('\u200d') ? char : char.replace(/\uFE0F/g, '');
  return [...s].map((c) => c.codePointAt(0)!.toString(16)).join('-');
}

export function emojiImg(char: string): HTMLElement {
  return h('img', { class: cx_emoji(), src: `/twemoji/${twemojiName(char)}.svg`, alt: char, decoding: 'async' });
}
const cx_emoji = () => 'xagin';

export function mentionChip(username: string, host: string | null): HTMLElement {
  const local = host === null || host === env.host;
  const acct = local ? `@${username}` : `@${username}@${host}`;
  const me = local && env.account?.username.toLowerCase() === username.toLowerCase();
  return h(
    'a',
    { href: `/${acct}`, class: me ? `${C.mention('root')} ${C.mention('isMe')}` : C.mention('root') },
    h('img', { class: C.mention('icon'), src: `/avatar/@${username}@${host ?? env.host}`, alt: '' }),
    h('span', {}, h('span', {}, `@${username}`), local ? vif() : h('span', { class: C.mention('host') }, `@${host}`)),
  );
}

export function urlLink(raw: string): HTMLElement {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return h('a', { class: '_link', href: raw, rel: 'nofollow noopener', target: '_blank' }, raw);
  }
  return h(
    'a',
    { class: `${C.url('root')} _link`, href: raw, rel: 'nofollow noopener', target: '_blank' },
    h('span', { class: C.url('schema') }, `${u.protocol}//`),
    h('span', { class: C.url('hostname') }, u.hostname),
    u.port ? h('span', { class: C.url('port') }, `:${u.port}`) : vif(),
    vif(),
    u.pathname !== '/' || raw.endsWith('/') ? h('span', { class: C.url('pathname') }, decodeURI(u.pathname)) : vif(),
    u.search ? h('span', { class: C.url('query') }, u.search) : vif(),
    h('span', { class: C.url('hash') }, u.hash),
    h('i', { class: `${C.url('icon')} ti ti-external-link` }),
  );
}

/** Renders MFM text into nodes. `plainOnly` (MkSubNoteContent of a reply parent) keeps the same parsing. */
export function mfm(text: string): Node[] {
  const out: Node[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push(document.createTextNode(buf));
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const prev = i === 0 ? ' ' : text[i - 1]!;
    const boundary = !/[a-zA-Z0-9_]/.test(prev);
    let m: RegExpExecArray | null;
    if (text.startsWith('http', i) && ((URL_RE.lastIndex = i), (m = URL_RE.exec(text)))) {
      flush();
      let url = m[0];
      while (/[.,!?)]$/.test(url)) url = url.slice(0, -1);
      out.push(urlLink(url));
      i += url.length;
      continue;
    }
    if (text[i] === '@' && boundary && ((MENTION.lastIndex = i), (m = MENTION.exec(text)))) {
      flush();
      out.push(mentionChip(m[1]!, m[2] ?? null));
      i += m[0].length;
      continue;
    }
    if (text[i] === '#' && (i === 0 || /\s/.test(prev)) && ((HASHTAG.lastIndex = i), (m = HASHTAG.exec(text)))) {
      flush();
      out.push(
        h(
          'a',
          { href: `/tags/${encodeURIComponent(m[1]!)}`, class: '', style: 'color: var(--MI_THEME-hashtag);' },
          `#${m[1]}`,
        ),
      );
      i += m[0].length;
      continue;
    }
    if (text.startsWith('$[', i)) {
      const fn = mfmFunction(text, i);
      if (fn) {
        flush();
        out.push(fn.node);
        i = fn.end;
        continue;
      }
    }
    EMOJI.lastIndex = i;
    if ((m = EMOJI.exec(text)) && m[0].length > 0) {
      flush();
      out.push(emojiImg(m[0]));
      i += m[0].length;
      continue;
    }
    buf += text[i];
    i++;
  }
  flush();
  return out;
}

const FN_STYLES: Record<string, string> = {
  tada: 'display: inline-block; font-size: 150%; animation: 1s linear 0s infinite normal both running mfm-tada;',
  jelly: 'display: inline-block; animation: 1s linear 0s infinite normal both running mfm-rubberBand;',
  shake: 'display: inline-block; animation: 0.5s ease 0s infinite normal none running mfm-shake;',
  spin: 'display: inline-block; animation: 1.5s linear 0s infinite normal none running mfm-spin;',
  x2: 'display: inline-block; font-size: 200%;',
  x3: 'display: inline-block; font-size: 400%;',
  x4: 'display: inline-block; font-size: 600%;',
  blur: 'filter: blur(6px); transition: filter 0.3s;',
};

/** `$[name.args content]`: MFM functions render as a styled span around their parsed content. */
function mfmFunction(text: string, start: number): { node: Node; end: number } | null {
  const head = /^\$\[([a-z0-9]+)(?:\.[^\s\]]*)?\s/.exec(text.slice(start, start + 64));
  if (!head) return null;
  let depth = 1;
  let j = start + head[0].length;
  for (; j < text.length; j++) {
    if (text.startsWith('$[', j)) {
      depth++;
      j++;
    } else if (text[j] === ']' && --depth === 0) break;
  }
  if (depth !== 0) return null;
  const inner = text.slice(start + head[0].length, j);
  return { node: h('span', { style: FN_STYLES[head[1]!] ?? 'display: inline-block;' }, ...mfm(inner)), end: j + 1 };
}

/** Plain text with emoji images only (user names). */
export function emojiText(text: string): Node[] {
  const out: Node[] = [];
  let buf = '';
  for (let i = 0; i < text.length;) {
    EMOJI.lastIndex = i;
    const m = EMOJI.exec(text);
    if (m && m[0].length > 0) {
      if (buf) out.push(document.createTextNode(buf));
      buf = '';
      out.push(emojiImg(m[0]));
      i += m[0].length;
    } else {
      buf += text[i];
      i++;
    }
  }
  if (buf) out.push(document.createTextNode(buf));
  return out;
}

/** URLs in a note's text, in order, for URL previews (upstream extractUrlFromMfm). */
export function extractUrls(text: string): string[] {
  const urls: string[] = [];
  for (const m of text.matchAll(/https?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]+/g)) {
    let u = m[0];
    while (/[.,!?)]$/.test(u)) u = u.slice(0, -1);
    if (!urls.includes(u)) urls.push(u);
  }
  return urls;
}
