// @vitest-environment happy-dom
/**
 * Clickjacking (src/ui/overlay/trusted.ts): a press that acts is refused while the page fades,
 * filters or transforms Breakwater's host, or fades an ancestor; the host is drawn again then.
 */
import { afterEach, expect, test } from 'vitest';
import { createShadowHost } from '../../../src/ui/overlay/host';
import { shownAsDrawn, trustedShown } from '../../../src/ui/overlay/trusted';

afterEach(() => {
  document.body.innerHTML = '';
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('style');
});

function mount() {
  const h = createShadowHost(document, 'breakwater-bar', '', 'bar');
  document.body.append(h.host);
  const button = document.createElement('button');
  h.mount.append(button);
  return { host: h.host, button };
}

test('drawn as Breakwater drew it: shown; the page fading, filtering, transforming or clipping the host: not', () => {
  const { host, button } = mount();
  expect(shownAsDrawn(button)).toBe(true);
  for (const style of ['opacity: 0.02', 'filter: opacity(0.1)', 'transform: scale(0.1)', 'visibility: hidden']) {
    host.setAttribute('style', style);
    expect(shownAsDrawn(button), style).toBe(false);
  }
});

test("an ancestor faded: not shown; an ancestor recoloured (a dark-mode tool's invert filter): shown", () => {
  const { button } = mount();
  document.body.style.opacity = '0.5';
  expect(shownAsDrawn(button)).toBe(false);
  document.body.style.opacity = '';
  document.documentElement.style.filter = 'invert(1) hue-rotate(180deg)';
  expect(shownAsDrawn(button)).toBe(true);
});

test('a trusted press while the host is faded does not act, and the host is drawn again', () => {
  const { host, button } = mount();
  const drawn = host.getAttribute('style');
  let acted = 0;
  const handler = trustedShown(() => acted++);
  const press = () => {
    const e = new MouseEvent('click');
    Object.defineProperty(e, 'isTrusted', { value: true });
    Object.defineProperty(e, 'currentTarget', { value: button });
    handler(e);
  };
  host.setAttribute('style', 'opacity: 0');
  press();
  expect(acted).toBe(0);
  expect(host.getAttribute('style')).toBe(drawn);
  press();
  expect(acted).toBe(1);
});
