// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { detectPlatform } from '../../../src/platforms/detect';
import { probePage } from '../../../src/ui/popup/tab';
import { SHARED } from '../platforms/fixtures';

/**
 * The popup asks a tab what it is with a function that must stand alone (it is serialised into the
 * page); it must agree with the content runtime's detectPlatform on the real captures.
 */
const pages = [
  ...['4.6.5', '4.2.0'].flatMap((v) =>
    readdirSync(join(SHARED, 'mastodon', v, 'dom'))
      .filter((f) => f.endsWith('.html'))
      .map((f) => [`mastodon ${v} ${f}`, join(SHARED, 'mastodon', v, 'dom', f), 'mastodon'] as const),
  ),
  ...readdirSync(join(SHARED, 'misskey', 'dom'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => [`misskey ${f}`, join(SHARED, 'misskey', 'dom', f), 'misskey'] as const),
];

test.each(pages)('%s', (_name, path, platform) => {
  document.documentElement.innerHTML = readFileSync(path, 'utf8')
    .replace(/^[\s\S]*?<html[^>]*>/i, '')
    .replace(/<\/html>\s*$/i, '');
  const html = readFileSync(path, 'utf8');
  expect(probePage()).toBe(detectPlatform(document));
  // Fragments (a single note's markup) are no page and carry no shell marks.
  expect(probePage()).toBe(/<html/i.test(html) ? platform : null);
});

test('another site is neither', () => {
  document.documentElement.innerHTML = '<head><title>x</title></head><body><p>hello</p></body>';
  expect(probePage()).toBeNull();
});
