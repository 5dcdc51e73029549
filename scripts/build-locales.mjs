// Merges the per-feature message files locales/<lang>/<feature>.json (flat key -> message) into the
// browser's format public/_locales/<lang>/messages.json. Each feature owns its own file, so features
// can add strings without touching each other's. `--check` fails when the output is stale or when a
// language lacks a key that English has (every string exists in English and Japanese).
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const langs = readdirSync('locales').filter((l) => !l.startsWith('.'));
const merged = {};
const problems = [];
for (const lang of langs) {
  const out = {};
  for (const file of readdirSync(join('locales', lang))
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const messages = JSON.parse(readFileSync(join('locales', lang, file), 'utf8'));
    for (const [key, message] of Object.entries(messages)) {
      if (!/^[A-Za-z0-9_]+$/.test(key))
        problems.push(`${lang}/${file}: key "${key}" may hold only letters, digits and _`);
      if (out[key]) problems.push(`${lang}/${file}: key "${key}" is defined twice`);
      if (typeof message !== 'string') problems.push(`${lang}/${file}: "${key}" is not a string`);
      out[key] = { message };
    }
  }
  merged[lang] = out;
}
for (const lang of langs) {
  if (lang === 'en') continue;
  for (const key of Object.keys(merged.en)) if (!merged[lang][key]) problems.push(`${lang}: missing "${key}"`);
  for (const key of Object.keys(merged[lang])) if (!merged.en[key]) problems.push(`${lang}: "${key}" is not in en`);
}
for (const lang of langs) {
  const path = join('public/_locales', lang, 'messages.json');
  const text = JSON.stringify(merged[lang], null, 2) + '\n';
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text)
      problems.push(`${path} is stale: run npm run locales`);
  } else {
    mkdirSync(join('public/_locales', lang), { recursive: true });
    writeFileSync(path, text);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `locales: ${langs.join(', ')}: ${Object.keys(merged.en).length} messages${check ? ', up to date' : ' written'}`,
);
