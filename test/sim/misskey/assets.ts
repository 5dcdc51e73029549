/**
 * Stand-ins for the binary assets a Misskey server serves (identicons, twemoji, proxied media,
 * favicon): small deterministic SVGs, so pages render and screenshots make sense without files.
 */
import { hash32 } from './ids';

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function hsl(h: number, s = 60, l = 55): string {
  return `hsl(${h % 360},${s}%,${l}%)`;
}

/** A 5x5 mirrored identicon on a two-colour gradient, as Misskey draws for users without an avatar. */
export function identiconSvg(seed: string): string {
  const h = hash32(seed);
  const c1 = hsl(h);
  const c2 = hsl(h >>> 9, 70, 40);
  const cells: string[] = [];
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if ((hash32(`${seed}:${x}:${y}`) & 1) === 0) continue;
      for (const xx of new Set([x, 4 - x]))
        cells.push(`<rect x="${14 + xx * 7}" y="${14 + y * 7}" width="7" height="7" fill="#fff"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="${c2}"/></linearGradient></defs><rect width="64" height="64" fill="url(#g)"/>${cells.join('')}</svg>`;
}

/** A round avatar picture for users who have one. */
export function avatarSvg(seed: string): string {
  const h = hash32(seed);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" fill="${hsl(h, 45, 70)}"/><circle cx="48" cy="38" r="18" fill="${hsl(h >>> 7, 35, 35)}"/><rect x="18" y="62" width="60" height="40" rx="30" fill="${hsl(h >>> 7, 35, 35)}"/></svg>`;
}

/** `/twemoji/1f381.svg`: the emoji drawn as text (the name is its code points in hex). */
export function twemojiSvg(name: string): string {
  const cps = name
    .replace(/\.svg$/, '')
    .split('-')
    .map((x) => parseInt(x, 16))
    .filter((n) => Number.isFinite(n) && n > 0 && n <= 0x10ffff);
  const text = cps.length ? String.fromCodePoint(...cps) : '?';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="36" height="36" viewBox="0 0 36 36"><text x="18" y="29" font-size="28" text-anchor="middle">${esc(text)}</text></svg>`;
}

/** A picture for a proxied or local media URL: a coloured panel labelled with the file name. */
export function mediaSvg(url: string, width = 640, height = 360): string {
  const name = decodeURIComponent(url.split('/').pop() ?? url).split('?')[0] ?? url;
  const h = hash32(name.replace(/\.[a-z0-9]+$/, ''));
  const banner = /banner|discord|qr/i.test(name);
  const fill = banner ? '#5865f2' : hsl(h, 50, 60);
  const label = banner ? 'discord.gg/ctkpaarr' : name;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="${fill}"/><text x="50%" y="52%" font-size="${Math.round(height / 8)}" font-family="sans-serif" fill="#fff" text-anchor="middle">${esc(label)}</text></svg>`;
}

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#86b300"/><text x="16" y="23" font-size="18" font-family="sans-serif" font-weight="bold" fill="#fff" text-anchor="middle">Mi</text></svg>`;
