/**
 * Misskey's `users/report-abuse` takes a comment only (1-2048 characters, no note ids): the
 * reported notes go into the text as links, the way the web UI's note menu pre-fills it
 * (`Note: <url>` lines, web-ui-dom.md 2.4). A long list is split over several reports, each with
 * the user's comment, its share of the links and the action's marker with the part number.
 */
export const MISSKEY_COMMENT_MAX = 2048;

export function reportParts(
  comment: string,
  urls: readonly string[],
  tag: string,
  max = MISSKEY_COMMENT_MAX,
): string[] {
  const marker = (i: number, n: number) => `[Breakwater ${tag}${n > 1 ? ` ${i}/${n}` : ''}]`;
  // Room for the longest marker ("[Breakwater bw-xxxxxxxx 99/99]") and the line breaks.
  const reserve = [...marker(99, 99)].length + 2;
  let head = comment.trim();
  const len = (s: string) => [...s].length;
  const lineBudget = max - reserve;
  if (len(head) > lineBudget - 200) head = [...head].slice(0, Math.max(0, lineBudget - 201)).join('') + '…';
  const lines = urls
    .map((u) => `Note: ${u}`)
    .map((l) => (len(l) > lineBudget - len(head) - 1 ? [...l].slice(0, lineBudget - len(head) - 2).join('') + '…' : l));
  const groups: string[][] = [];
  let cur: string[] = [];
  let size = len(head);
  for (const l of lines) {
    if (cur.length && size + 1 + len(l) > lineBudget) {
      groups.push(cur);
      cur = [];
      size = len(head);
    }
    cur.push(l);
    size += 1 + len(l);
  }
  if (cur.length || !groups.length) groups.push(cur);
  const n = groups.length;
  return groups.map((g, i) => [head, ...g, marker(i + 1, n)].filter((x) => x.length).join('\n'));
}
