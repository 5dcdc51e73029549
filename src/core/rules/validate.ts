import { SIGNALS } from '../heuristics';
import { compileSafeRegex } from './safe-regex';
import { isOverrideKey, RULES_FORMAT, RULES_VERSION, type RuleBody, type RuleSet } from './types';

export type RulesValidation = { ok: true; rules: RuleSet } | { ok: false; errors: string[] };

const FIELDS = new Set(['text', 'cw', 'post', 'name', 'bio', 'links', 'media']);
const MAX_ITEMS = 5000;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkWeight(v: unknown, path: string, errors: string[]) {
  if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1)))
    errors.push(`${path}: weight must be a number from 0 to 1`);
}

function checkField(v: unknown, path: string, errors: string[]) {
  if (v !== undefined && (typeof v !== 'string' || !FIELDS.has(v)))
    errors.push(`${path}: "in" must be one of ${[...FIELDS].join(', ')}`);
}

function checkList(v: unknown, path: string, errors: string[], item: (x: unknown, p: string) => void) {
  if (v === undefined) return;
  if (!Array.isArray(v)) return void errors.push(`${path}: expected an array`);
  if (v.length > MAX_ITEMS) errors.push(`${path}: more than ${MAX_ITEMS} entries`);
  v.slice(0, MAX_ITEMS).forEach((x, i) => item(x, `${path}[${i}]`));
}

const DOMAIN_RE = /^(\*\.)?[^\s/@:]+\.[^\s/@:]+$|^[^\s/@:.]+$/u;

const BODY_KEYS = [
  'keywords',
  'patterns',
  'linkDomains',
  'instanceDomains',
  'usernamePatterns',
  'signals',
  'thresholds',
  'wave',
  'allow',
];
const TOP_KEYS = ['format', 'version', 'name', 'description', 'author', 'updated', 'overrides', ...BODY_KEYS];

function checkBody(b: Record<string, unknown>, path: string, errors: string[]) {
  const p = (k: string) => (path ? `${path}.${k}` : k);
  // A typo (`keyowrds`) must not silently do nothing.
  for (const k of Object.keys(b)) {
    if (!(path ? BODY_KEYS : TOP_KEYS).includes(k)) errors.push(`${p(k)}: unknown field`);
  }
  checkList(b.keywords, p('keywords'), errors, (x, q) => {
    if (typeof x === 'string') {
      if (!x.trim()) errors.push(`${q}: empty keyword`);
      return;
    }
    if (!isObj(x) || typeof x.text !== 'string' || !x.text.trim())
      return void errors.push(`${q}: expected a string or { "text": ... }`);
    checkWeight(x.weight, q, errors);
    checkField(x.in, q, errors);
  });
  const pattern = (x: unknown, q: string) => {
    if (!isObj(x) || typeof x.regex !== 'string') return void errors.push(`${q}: expected { "regex": ... }`);
    const flags = x.flags === undefined ? '' : x.flags;
    if (typeof flags !== 'string') return void errors.push(`${q}.flags: expected a string`);
    const r = compileSafeRegex(x.regex, flags);
    if (!r.ok) errors.push(`${q}.regex: ${r.error}`);
    checkWeight(x.weight, q, errors);
    checkField(x.in, q, errors);
  };
  checkList(b.patterns, p('patterns'), errors, pattern);
  checkList(b.usernamePatterns, p('usernamePatterns'), errors, pattern);
  const domain = (x: unknown, q: string) => {
    const d = typeof x === 'string' ? x : isObj(x) ? x.domain : undefined;
    if (typeof d !== 'string' || !DOMAIN_RE.test(d.trim()))
      return void errors.push(`${q}: expected a domain such as "spam.example"`);
    if (isObj(x)) checkWeight(x.weight, q, errors);
  };
  checkList(b.linkDomains, p('linkDomains'), errors, domain);
  checkList(b.instanceDomains, p('instanceDomains'), errors, domain);
  if (b.signals !== undefined) {
    if (!isObj(b.signals)) errors.push(`${p('signals')}: expected an object`);
    else {
      for (const [name, s] of Object.entries(b.signals)) {
        const q = `${p('signals')}.${name}`;
        if (!SIGNALS.some((x) => x.name === name)) {
          errors.push(`${q}: unknown signal (known: ${SIGNALS.map((x) => x.name).join(', ')})`);
          continue;
        }
        if (!isObj(s)) {
          errors.push(`${q}: expected an object`);
          continue;
        }
        if (s.enabled !== undefined && typeof s.enabled !== 'boolean')
          errors.push(`${q}.enabled: expected true or false`);
        checkWeight(s.weight, q, errors);
        if (
          s.threshold !== undefined &&
          (typeof s.threshold !== 'number' || !Number.isFinite(s.threshold) || s.threshold < 0)
        ) {
          errors.push(`${q}.threshold: expected a number ≥ 0`);
        }
      }
    }
  }
  const unit = (o: unknown, keys: string[], q: string, max = 1) => {
    if (o === undefined) return;
    if (!isObj(o)) return void errors.push(`${q}: expected an object`);
    for (const [k, v] of Object.entries(o)) {
      if (!keys.includes(k)) errors.push(`${q}.${k}: unknown setting (known: ${keys.join(', ')})`);
      else if (
        typeof v !== 'number' ||
        !(v >= 0 && v <= (k === 'minAccounts' ? 1000 : k === 'minMeanScore' ? 1 : max))
      ) {
        errors.push(
          `${q}.${k}: expected a number from 0 to ${k === 'minAccounts' ? 1000 : k === 'minMeanScore' ? 1 : max}`,
        );
      }
    }
  };
  unit(b.thresholds, ['suspicious', 'spam', 'accountCap'], p('thresholds'));
  if (isObj(b.thresholds) && typeof b.thresholds.suspicious === 'number' && typeof b.thresholds.spam === 'number') {
    if (b.thresholds.suspicious > b.thresholds.spam) errors.push(`${p('thresholds')}: suspicious must not exceed spam`);
  }
  unit(b.wave, ['minAccounts', 'minMeanScore', 'youngDays'], p('wave'), 3650);
  if (b.allow !== undefined) {
    if (!isObj(b.allow)) errors.push(`${p('allow')}: expected an object`);
    else {
      for (const [k, v] of Object.entries(b.allow)) {
        if (!['accounts', 'domains', 'instances'].includes(k))
          errors.push(`${p('allow')}.${k}: unknown list (accounts, domains, instances)`);
        else
          checkList(v, `${p('allow')}.${k}`, errors, (x, q) => {
            if (typeof x !== 'string' || !x.trim()) errors.push(`${q}: expected a non-empty string`);
            else if (k === 'accounts' && !/^@?[^@\s]+@[^@\s]+$/.test(x.trim()))
              errors.push(`${q}: expected "user@host"`);
          });
      }
    }
  }
}

/** Checks a parsed rule file (any JSON value); on success returns it typed. Errors name the path. */
export function validateRules(input: unknown): RulesValidation {
  const errors: string[] = [];
  if (!isObj(input)) return { ok: false, errors: ['the rule file must be a JSON object'] };
  if (input.format !== RULES_FORMAT) errors.push(`format: expected "${RULES_FORMAT}"`);
  if (input.version !== RULES_VERSION) {
    errors.push(
      typeof input.version === 'number' && input.version > RULES_VERSION
        ? `version: ${input.version} is newer than this Breakwater understands (${RULES_VERSION}); update the extension`
        : `version: expected ${RULES_VERSION}`,
    );
  }
  for (const k of ['name', 'description', 'author', 'updated']) {
    if (input[k] !== undefined && typeof input[k] !== 'string') errors.push(`${k}: expected a string`);
  }
  checkBody(input, '', errors);
  if (input.overrides !== undefined) {
    if (!isObj(input.overrides)) errors.push('overrides: expected an object keyed by instance domain');
    else
      for (const [inst, body] of Object.entries(input.overrides)) {
        if (!isOverrideKey(inst)) errors.push(`overrides.${inst}: not an instance domain`);
        else if (!isObj(body)) errors.push(`overrides.${inst}: expected an object`);
        else checkBody(body, `overrides.${inst}`, errors);
      }
  }
  return errors.length ? { ok: false, errors } : { ok: true, rules: input as unknown as RuleSet };
}

/** Most characters a rule file may have (as a shared list or a domain-block CSV): 2,000,000. */
export const RULES_MAX_CHARS = 2_000_000;

/** Parses and validates rule-file text; a file over RULES_MAX_CHARS is refused before parsing. */
export function parseRules(text: string): RulesValidation {
  if (text.length > RULES_MAX_CHARS)
    return { ok: false, errors: [`the file has ${text.length} characters; at most ${RULES_MAX_CHARS} are read`] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`] };
  }
  return validateRules(json);
}

/** The rule file text for export (stable key order, 2-space indent). */
export function exportRules(rules: RuleSet): string {
  return JSON.stringify(rules, null, 2) + '\n';
}

export type { RuleBody };
