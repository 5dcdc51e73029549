// The one test command (`npm test`): lint, format, typecheck, unit and DOM tests, both builds and
// the end-to-end tests in real Chromium. Runs every step even when one fails, and ends with
// `N passed, N failed` over all suites (checks count as one test each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = [];
const outDir = 'test/artifacts';
mkdirSync(outDir, { recursive: true });

function run(name, cmd, args, { timeoutS = 600, env = {} } = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, timeout: timeoutS * 1000 });
  const ok = r.status === 0;
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.error) console.log(`${name}: ${r.error.message}`);
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${secs}s`);
  return ok;
}

function check(name, cmd, args, opts) {
  const ok = run(name, cmd, args, opts);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

function vitest(name, args, opts) {
  const json = `${outDir}/${name}.json`;
  rmSync(json, { force: true });
  const ok = run(
    name,
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`],
    opts,
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, 'utf8'));
    passed = r.numPassedTests ?? 0;
    // Failed tests, plus each file that failed without a failed test in it (it did not load, or an
    // error outside the tests): vitest's numFailedTestSuites counts describe blocks too.
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    failed = (r.numFailedTests ?? 0) + brokenFiles;
    if (!ok && failed === 0) failed = 1; // a crash or an unhandled error fails the suite
  } else if (!ok) failed = 1;
  results.push({ name, passed, failed });
}

const only = process.argv.slice(2);
const want = (s) => only.length === 0 || only.includes(s);

if (want('lint')) check('lint', 'npx', ['eslint', '.']);
if (want('lint')) check('locales', 'node', ['scripts/build-locales.mjs', '--check']);
if (want('format')) check('format', 'npx', ['prettier', '--check', '.']);
if (want('typecheck')) check('typecheck', 'npx', ['tsc', '--noEmit']);
if (want('unit')) vitest('unit', []);
if (want('build')) {
  check('build-chrome', 'npm', ['run', '--silent', 'build:chrome']);
  check('build-firefox', 'npm', ['run', '--silent', 'build:firefox']);
  // Mozilla's addons-linter on the Firefox build (reviewed warnings: docs/review.md).
  check('lint-firefox', 'npm', ['run', '--silent', 'lint:firefox']);
  check('zip', 'npm', ['run', '--silent', 'zip']);
}
if (want('e2e')) {
  const built = run('build-e2e', 'npm', ['run', '--silent', 'build:e2e']);
  if (built) vitest('e2e', ['-c', 'vitest.e2e.config.ts'], { timeoutS: 720 });
  else results.push({ name: 'e2e', passed: 0, failed: 1 });
}

console.log('\nSummary:');
for (const r of results) console.log(`  ${r.name.padEnd(14)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
