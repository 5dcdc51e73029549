/**
 * Mastodon's domain-block CSV, the format blocklists are shared in (admin export, FediBlockHole,
 * Oliphant's lists): a header `#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate`
 * (Mastodon also reads it without the `#`), then one row per domain; or a plain list of domains, one
 * per line, as a user's own domain-block export is.
 *
 * In Breakwater a blocked domain becomes an `instanceDomains` rule: posts from accounts of that
 * instance are flagged. `suspend` counts as spam on its own (weight 0.9), `silence` as suspicious
 * (0.6); `noop` rows block nothing and are skipped, as are obfuscated domains (`ex*mple.com`), which
 * cannot be matched. A file with any broken row is refused whole, with the line numbers.
 */
import { RULES_FORMAT, RULES_VERSION, type DomainRule, type RuleSet } from '../rules/types';
import { hostToUnicode } from '../text/punycode';

export const CSV_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate';
/** Most domains one file may hold (the rule format's list cap). */
export const CSV_MAX_DOMAINS = 5000;
/** Most characters a file may have (before it is parsed). */
export const CSV_MAX_CHARS = 2_000_000;

export const SEVERITY_WEIGHT = { suspend: 0.9, silence: 0.6 } as const;

export type CsvImport =
  | {
      ok: true;
      rules: RuleSet;
      domains: number;
      /** Rows left out on purpose: `noop` severity, obfuscated domains, duplicates. */
      skipped: { line: number; domain: string; why: 'noop' | 'obfuscated' | 'duplicate' }[];
    }
  | { ok: false; errors: string[] };

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, `""` escapes, CRLF or LF). */
export function parseCsv(text: string): { rows: { line: number; fields: string[] }[]; error: string | null } {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
    i++;
  }
  if (quoted) return { rows, error: `line ${rowLine}: a quoted field is not closed` };
  endRow();
  return { rows, error: null };
}

const LABEL_RE = /^(?:[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?)$/u;

/** A domain in Unicode, lower case; null when it is not one. */
export function cleanDomain(raw: string): string | null {
  const d = raw.trim().toLowerCase().replace(/\.$/, '');
  if (!d || d.length > 253) return null;
  const labels = d.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL_RE.test(l))) return null;
  return hostToUnicode(d);
}

const BOOL = new Set(['', 'true', 'false', '0', '1', 't', 'f']);

/** Reads a domain-block CSV (or a plain domain list) into a rule set. */
export function importDomainCsv(text: string, name = 'Domain blocks'): CsvImport {
  if (text.length > CSV_MAX_CHARS)
    return { ok: false, errors: [`the file has ${text.length} characters; at most ${CSV_MAX_CHARS} are read`] };
  const clean = text.replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(clean)) return { ok: false, errors: ['this is JSON, not CSV: import it as a rule file'] };
  const { rows, error } = parseCsv(clean);
  if (error) return { ok: false, errors: [error] };
  if (!rows.length) return { ok: false, errors: ['the file is empty'] };
  // The header names the columns; without one, the first column is the domain.
  const head = rows[0]!.fields.map((f) => f.trim().toLowerCase().replace(/^#/, ''));
  const hasHeader = head.includes('domain');
  const col = (n: string) => head.indexOf(n);
  const ci = hasHeader
    ? {
        domain: col('domain'),
        severity: col('severity'),
        media: col('reject_media'),
        reports: col('reject_reports'),
        comment: col('public_comment'),
        obfuscate: col('obfuscate'),
      }
    : { domain: 0, severity: -1, media: -1, reports: -1, comment: -1, obfuscate: -1 };
  const body = hasHeader ? rows.slice(1) : rows;
  const errors: string[] = [];
  const skipped: Extract<CsvImport, { ok: true }>['skipped'] = [];
  const seen = new Set<string>();
  const entries: DomainRule[] = [];
  for (const { line, fields } of body) {
    const get = (i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
    const rawDomain = get(ci.domain);
    if (rawDomain.startsWith('#')) continue; // a comment line
    const severity = (get(ci.severity) || 'suspend').toLowerCase();
    if (!['suspend', 'silence', 'noop'].includes(severity)) {
      errors.push(`line ${line}: unknown severity "${severity.slice(0, 40)}" (suspend, silence or noop)`);
      continue;
    }
    for (const [i, what] of [
      [ci.media, 'reject_media'],
      [ci.reports, 'reject_reports'],
      [ci.obfuscate, 'obfuscate'],
    ] as const) {
      if (!BOOL.has(get(i).toLowerCase())) errors.push(`line ${line}: ${what} must be true or false`);
    }
    if (rawDomain.includes('*')) {
      skipped.push({ line, domain: rawDomain, why: 'obfuscated' });
      continue;
    }
    const domain = cleanDomain(rawDomain);
    if (!domain) {
      errors.push(`line ${line}: "${rawDomain.slice(0, 80)}" is not a domain`);
      continue;
    }
    if (severity === 'noop') {
      skipped.push({ line, domain, why: 'noop' });
      continue;
    }
    if (seen.has(domain)) {
      skipped.push({ line, domain, why: 'duplicate' });
      continue;
    }
    seen.add(domain);
    const comment = get(ci.comment).replace(/\s+/g, ' ').slice(0, 200);
    entries.push({
      domain,
      weight: SEVERITY_WEIGHT[severity as 'suspend' | 'silence'],
      ...(comment ? { label: comment } : {}),
    });
    if (errors.length >= 20) break;
  }
  if (errors.length) {
    const more = errors.length >= 20 ? ['(more errors not shown)'] : [];
    return { ok: false, errors: [...errors.slice(0, 20), ...more] };
  }
  if (entries.length > CSV_MAX_DOMAINS)
    return {
      ok: false,
      errors: [`the file lists ${entries.length} domains; at most ${CSV_MAX_DOMAINS} fit in one list`],
    };
  if (!entries.length) return { ok: false, errors: ['the file blocks no domain (every row was skipped)'] };
  return {
    ok: true,
    rules: { format: RULES_FORMAT, version: RULES_VERSION, name, instanceDomains: entries },
    domains: entries.length,
    skipped,
  };
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The `instanceDomains` of a rule set as Mastodon's domain-block CSV: weight 0.9 or more is
 * `suspend` (media and reports rejected), less is `silence`. Domains in ASCII (punycode stays as
 * written) so Mastodon's importer takes them as they are.
 */
export function exportDomainCsv(rules: Pick<RuleSet, 'instanceDomains'>): string {
  const lines = [CSV_HEADER];
  const seen = new Set<string>();
  for (const d of rules.instanceDomains ?? []) {
    const r = typeof d === 'string' ? { domain: d } : d;
    const domain = r.domain.trim().toLowerCase().replace(/^\*\./, '');
    if (!domain || seen.has(domain)) continue;
    seen.add(domain);
    const suspend = (r.weight ?? 0.5) >= 0.9;
    lines.push(
      [
        domain,
        suspend ? 'suspend' : 'silence',
        String(suspend),
        String(suspend),
        csvField(r.label ?? ''),
        'false',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
