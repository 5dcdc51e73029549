// `npm run lint:firefox`: Mozilla's addons-linter (what `web-ext lint` and addons.mozilla.org run)
// on the built Firefox extension (.output/firefox-mv3: `npm run build:firefox` first; or a path
// given as the argument, e.g. the zip). Fails on any error, and on any warning that is not one of
// the reviewed warnings below (docs/review.md explains them). Notices are printed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2] ?? '.output/firefox-mv3';
if (!existsSync(target)) {
  console.error(`lint:firefox: ${target} does not exist; run \`npm run build:firefox\` first.`);
  process.exit(1);
}

/**
 * Warnings reviewed and kept. Each names the code, the built files it may be in, what the flagged
 * code must contain (so a new finding in the same file is not waved through) and why it is safe.
 */
const REVIEWED = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^(chunks\/page-[\w-]+\.js|content-scripts\/content\.js)$/,
    context: /dangerouslySetInnerHTML[\s\S]*\.innerHTML=\w+\.__html/,
    why:
      "Preact's renderer: the branch that applies the dangerouslySetInnerHTML prop. Breakwater never " +
      'passes that prop (checked below: no innerHTML, outerHTML, insertAdjacentHTML or ' +
      'dangerouslySetInnerHTML in src/ or entrypoints/), so the branch never runs.',
  },
];

const r = spawnSync('npx', ['addons-linter', '--output', 'json', target], { encoding: 'utf8', maxBuffer: 64 << 20 });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(r.stdout, r.stderr);
  console.error('lint:firefox: addons-linter gave no JSON report');
  process.exit(1);
}

/** The flagged line's text around the column (built files are minified: one long line). */
function around(file, line, column) {
  if (!file || !statSync(target).isDirectory()) return '';
  const path = join(target, file);
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8').split('\n')[(line ?? 1) - 1] ?? '';
  return text.slice(Math.max(0, (column ?? 0) - 400), (column ?? 0) + 200);
}

let failed = 0;
let reviewed = 0;
const show = (kind, m) =>
  console.log(`${kind} ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}:${m.column}` : ''}: ${m.message}`);
for (const m of report.errors ?? []) {
  show('ERROR', m);
  failed++;
}
for (const m of report.warnings ?? []) {
  const ok = REVIEWED.find((w) => {
    if (w.code !== m.code || !w.file.test(m.file ?? '')) return false;
    // In a directory the flagged code is checked too; a zip is trusted to be the same build.
    const ctx = around(m.file, m.line, m.column);
    return !statSync(target).isDirectory() || w.context.test(ctx);
  });
  if (ok) {
    reviewed++;
    console.log(`reviewed: ${m.code} ${m.file}:${m.line}:${m.column}: ${ok.why}`);
  } else {
    show('WARNING', m);
    failed++;
  }
}
for (const m of report.notices ?? []) show('notice', m);

// The claim the reviewed warning rests on: no HTML is ever written from a string.
const HTML_SINKS = /\b(dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/;
function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(ts|tsx|js|mjs)$/.test(e.name)) yield p;
  }
}
for (const dir of ['src', 'entrypoints'])
  for (const f of files(dir)) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (HTML_SINKS.test(l) && !/^\s*(\/\/|\*)/.test(l)) {
        console.log(`ERROR ${f}:${i + 1}: writes HTML from a string: ${l.trim()}`);
        failed++;
      }
    });
  }

const s = report.summary ?? {};
console.log(
  `lint:firefox: ${s.errors ?? 0} errors, ${s.warnings ?? 0} warnings (${reviewed} reviewed), ${s.notices ?? 0} notices; ` +
    (failed ? `${failed} problem(s)` : 'clean'),
);
process.exit(failed ? 1 : 0);
