// Fails when built JavaScript holds non-ASCII bytes: Chrome refuses content scripts that are not
// valid UTF-8, and Vite can write characters raw (../shared/reference/toolchain.md, pitfall 1).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.output/chrome-mv3';
const bad = [];
function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(m?js)$/.test(name)) {
      const buf = readFileSync(p);
      const i = buf.findIndex((b) => b > 0x7f);
      if (i >= 0)
        bad.push(`${p} (byte ${i}: ${JSON.stringify(buf.subarray(Math.max(0, i - 30), i + 10).toString('utf8'))})`);
    }
  }
}
walk(dir);
if (bad.length) {
  console.error(`Non-ASCII bytes in built JavaScript:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-ascii: ${dir}: all built JavaScript is ASCII`);
