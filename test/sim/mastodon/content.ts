/**
 * Status HTML as Mastodon's server formats it (TextFormatter / the remote server's sanitised HTML):
 * paragraphs, `<br />`, mentions as `span.h-card > a.u-url.mention`, hashtags as `a.mention.hashtag`,
 * links with the `invisible` / `ellipsis` spans. The web UI rewrites these links client-side.
 */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Mastodon's shortened link display: scheme hidden, 30 visible characters, the rest hidden. */
export function linkHtml(url: string): string {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
  const prefix = m ? m[1]! : '';
  const rest = m ? m[2]! : url;
  const shown = rest.length > 30 ? rest.slice(0, 30) : rest;
  const hidden = rest.length > 30 ? rest.slice(30) : '';
  const cls = rest.length > 30 ? 'ellipsis' : '';
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span><span class="${cls}">${escapeHtml(shown)}</span>` +
    `<span class="invisible">${escapeHtml(hidden)}</span></a>`
  );
}

export interface ContentRefs {
  /** acct as written (`user@host`) -> the account's profile URL, for mentions the post carries. */
  mentionUrl(acct: string): string | null;
  /** Tag page on the author's server. */
  tagUrl(tag: string): string;
  links: readonly string[];
}

const TOKEN_RE =
  /(https?:\/\/[^\s<>"]+)|@([A-Za-z0-9_]+)@([A-Za-z0-9.-]+[A-Za-z0-9])|(^|[^\p{L}\p{N}_/&#])#([\p{L}\p{N}_]+)/gu;

function inline(text: string, refs: ContentRefs): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const at = m.index ?? 0;
    if (m[1]) {
      out += escapeHtml(text.slice(last, at)) + linkHtml(m[1]);
      last = at + m[0].length;
    } else if (m[2]) {
      const acct = `${m[2]}@${m[3]}`;
      const url = refs.mentionUrl(acct);
      if (!url) continue;
      out +=
        escapeHtml(text.slice(last, at)) +
        `<span class="h-card" translate="no"><a href="${escapeHtml(url)}" class="u-url mention">@<span>${escapeHtml(m[2])}</span></a></span>`;
      last = at + m[0].length;
    } else if (m[5]) {
      const start = at + m[4]!.length;
      out +=
        escapeHtml(text.slice(last, start)) +
        `<a href="${escapeHtml(refs.tagUrl(m[5]))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(m[5])}</span></a>`;
      last = at + m[0].length;
    }
  }
  return out + escapeHtml(text.slice(last));
}

/** Plain text with inline mentions/tags/links -> Mastodon status HTML. */
export function formatContent(text: string, refs: ContentRefs): string {
  if (!text) return '';
  return text
    .split(/\n{2,}/)
    .map(
      (para) =>
        `<p>${para
          .split('\n')
          .map((line) => inline(line, refs))
          .join('<br />')}</p>`,
    )
    .join('');
}

/** Text of status HTML, the way the web UI's aria-label and placeholders see it. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/p><p[^>]*>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
