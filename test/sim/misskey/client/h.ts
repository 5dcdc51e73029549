/** A tiny hyperscript: `h('div', {class: 'x'}, child...)`. Attributes with null/false are skipped. */
export type Child = Node | string | null | undefined | false | Child[];

export function h(
  tag: string,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Vue leaves `<!---->` where a v-if is false; the fixtures keep them. */
export const vif = (): Comment => document.createComment('');

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
