import { expect, test } from 'vitest';
import { decodeEntities, htmlToText } from '../../../src/platforms/mastodon/html';

test.each([
  ['paragraphs and breaks', '<p>one<br>two</p><p>three</p>', 'one\ntwo\n\nthree'],
  [
    'Mastodon long-link spans read as the full URL',
    '<a href="https://x.example/abcdef"><span class="invisible">https://</span><span class="ellipsis">x.example/abc</span><span class="invisible">def</span></a>',
    'https://x.example/abcdef',
  ],
  ['entities', '<p>a &amp; b &lt;c&gt; &#39;d&#39; &#x1F600; &nbsp;e</p>', "a & b <c> 'd' 😀  e"],
  ['unknown entity kept', '<p>&bogus; ok</p>', '&bogus; ok'],
  ['a stray < is text', '<p>1 < 2</p>', '1 < 2'],
  ['unclosed tags', '<p>open <b>bold', 'open bold'],
  ['script content dropped', '<p>hi</p><script>alert(1)</script><p>there</p>', 'hi\n\nthere'],
  ['comments dropped', 'a<!-- secret -->b', 'ab'],
  ['truncated tag at the end', 'hello <a href="x', 'hello'],
])('%s', (_name, html, text) => {
  expect(htmlToText(html).text).toBe(text);
});

test('anchors with classes', () => {
  const { anchors } = htmlToText(
    '<a href="https://m.example/@a" class="u-url mention">@<span>a</span></a> <a href="https://m.example/tags/x" class="mention hashtag" rel="tag">#x</a>',
  );
  expect(anchors).toEqual([
    { href: 'https://m.example/@a', text: '@a', classes: ['u-url', 'mention'], rel: '' },
    { href: 'https://m.example/tags/x', text: '#x', classes: ['mention', 'hashtag'], rel: 'tag' },
  ]);
});

test('invalid code points become the replacement character', () => {
  expect(decodeEntities('&#xD800;&#1114112;')).toBe('\ufffd\ufffd');
});
