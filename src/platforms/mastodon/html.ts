/**
 * Mastodon's sanitised status HTML to plain text, without a DOM (the engine also runs in the
 * background service worker, which has none). Tolerant: unclosed tags, stray `<`, unknown
 * entities and attributes without quotes are all accepted. Block elements (`p`, `br`, `li`, ...)
 * become line breaks; Mastodon's `invisible`/`ellipsis` spans around long links are kept, so a
 * link reads as its full URL.
 */

export interface Anchor {
  href: string;
  text: string;
  classes: string[];
  rel: string;
}

export interface HtmlText {
  text: string;
  anchors: Anchor[];
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  laquo: '\u00ab',
  raquo: '\u00bb',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  euro: '\u20ac',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  middot: '\u00b7',
  zwj: '\u200d',
  zwnj: '\u200c',
  shy: '\u00ad',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr']);
const SKIP = new Set(['script', 'style', 'template', 'noscript']);
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function parseAttrs(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of s.matchAll(ATTR_RE)) attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

/**
 * Plain text and anchors of an HTML fragment. Anchors past `maxAnchors` are read as text only (a
 * post of 5,000 links spent most of its time reading attributes nobody would look at).
 */
export function htmlToText(html: string, maxAnchors = Infinity): HtmlText {
  const parts: string[] = [];
  const anchors: Anchor[] = [];
  let anchor: { a: Anchor; start: number } | null = null;
  let skipUntil: string | null = null;
  let i = 0;
  const n = html.length;
  const newline = () => {
    if (parts.length && !parts[parts.length - 1]!.endsWith('\n')) parts.push('\n');
  };
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i && !skipUntil) parts.push(decodeEntities(html.slice(i, textEnd)));
    if (lt < 0) break;
    // A `<` that does not start a tag is text.
    const next = html.charCodeAt(lt + 1);
    const isTag = (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 47 || next === 33;
    if (!isTag) {
      if (!skipUntil) parts.push('<');
      i = lt + 1;
      continue;
    }
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt);
    if (gt < 0) break; // truncated tag at the end: drop it
    const inner = html.slice(lt + 1, gt);
    i = gt + 1;
    const closing = inner.startsWith('/');
    const m = /^\/?\s*([a-zA-Z][a-zA-Z0-9-]*)/.exec(inner);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if (skipUntil) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (!closing && SKIP.has(name)) {
      skipUntil = name;
      continue;
    }
    if (name === 'br') {
      parts.push('\n');
    } else if (BLOCK.has(name)) {
      newline();
      if (closing && name === 'p') parts.push('\n');
    } else if (name === 'a') {
      if (!closing && anchors.length >= maxAnchors) {
        // Past the cap: its text stays text, no anchor is recorded.
      } else if (!closing) {
        const attrs = parseAttrs(inner.slice(m[0].length));
        anchor = {
          a: {
            href: attrs.href ?? '',
            text: '',
            classes: (attrs.class ?? '').split(/\s+/).filter(Boolean),
            rel: attrs.rel ?? '',
          },
          start: parts.length,
        };
      } else if (anchor) {
        anchor.a.text = parts.slice(anchor.start).join('');
        anchors.push(anchor.a);
        anchor = null;
      }
    }
  }
  if (anchor) {
    anchor.a.text = parts.slice(anchor.start).join('');
    anchors.push(anchor.a);
  }
  const text = trimLineEnds(parts.join('').replace(/\u00a0/g, ' '))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, anchors };
}

/**
 * Spaces and tabs before each line break removed, in one pass: the regular expression
 * `/[ \t]+\n/g` backtracks over every run of blanks not followed by a line break, quadratic in
 * the run (a post of 40,000 spaces took a second, 1 MB would take minutes).
 */
export function trimLineEnds(s: string): string {
  if (!s.includes('\n')) return s;
  let out = '';
  let from = 0;
  for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', nl + 1)) {
    let end = nl;
    while (end > from && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
    if (end < nl) {
      out += s.slice(from, end);
      from = nl;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}
