import { describe, expect, test } from 'vitest';
import { CSV_HEADER, exportDomainCsv, importDomainCsv, parseCsv } from '../../../../src/core/lists/domain-csv';
import { validateRules } from '../../../../src/core/rules/validate';

describe('parseCsv', () => {
  test('quotes, escaped quotes, commas and newlines inside quotes, CRLF', () => {
    const { rows, error } = parseCsv('a,"b, c","say ""hi""\nthere"\r\nd,e,f\n\n');
    expect(error).toBeNull();
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"\nthere'] },
      { line: 3, fields: ['d', 'e', 'f'] },
    ]);
  });
  test('an unclosed quote is an error', () => {
    expect(parseCsv('a,"b\nc,d').error).toMatch(/line 1: a quoted field is not closed/);
  });
});

describe('importDomainCsv', () => {
  test("Mastodon's admin export", () => {
    const csv = [
      CSV_HEADER,
      'spam.example,suspend,true,true,"Spam wave, Feb 2024",false',
      'loud.example,silence,false,false,,false',
      'fine.example,noop,false,false,,false',
      'ex*mple.com,suspend,true,true,,true',
      'SPAM.example,suspend,true,true,,false',
      'xn--68j5e377y.com,suspend,true,true,,false',
    ].join('\n');
    const r = importDomainCsv(csv, 'Blocklist');
    expect(r).toMatchObject({ ok: true, domains: 3 });
    if (!r.ok) return;
    expect(r.rules.instanceDomains).toEqual([
      { domain: 'spam.example', weight: 0.9, label: 'Spam wave, Feb 2024' },
      { domain: 'loud.example', weight: 0.6 },
      { domain: '荒らし.com', weight: 0.9 },
    ]);
    expect(r.skipped.map((s) => s.why)).toEqual(['noop', 'obfuscated', 'duplicate']);
    expect(validateRules(r.rules).ok).toBe(true);
  });

  test('headers without #, columns in another order, and a plain domain list', () => {
    const r = importDomainCsv('severity,domain\nsilence,a.example\n');
    expect(r.ok && r.rules.instanceDomains).toEqual([{ domain: 'a.example', weight: 0.6 }]);
    const plain = importDomainCsv('a.example\nb.example\n# a comment\n');
    expect(plain.ok && plain.rules.instanceDomains).toEqual([
      { domain: 'a.example', weight: 0.9 },
      { domain: 'b.example', weight: 0.9 },
    ]);
  });

  test.each([
    ['empty', '', /empty/],
    ['JSON', '{"format":"breakwater-rules"}', /JSON, not CSV/],
    [
      'a broken domain',
      `${CSV_HEADER}\nnot a domain,suspend,true,true,,false`,
      /line 2: "not a domain" is not a domain/,
    ],
    [
      'an unknown severity',
      `${CSV_HEADER}\na.example,obliterate,true,true,,false`,
      /line 2: unknown severity "obliterate"/,
    ],
    [
      'a bad boolean',
      `${CSV_HEADER}\na.example,suspend,maybe,true,,false`,
      /line 2: reject_media must be true or false/,
    ],
    ['an unclosed quote', `${CSV_HEADER}\na.example,suspend,true,true,"oops,false`, /quoted field is not closed/],
    ['nothing blocked', `${CSV_HEADER}\na.example,noop,false,false,,false`, /blocks no domain/],
    [
      'too many domains',
      Array.from({ length: 5001 }, (_, i) => `d${i}.example`).join('\n'),
      /5001 domains; at most 5000/,
    ],
    ['too large', 'a'.repeat(2_000_001), /at most 2000000 are read/],
  ])('refused whole: %s', (_n, text, message) => {
    const r = importDomainCsv(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });

  test('one bad row among good ones refuses the file (nothing half-imported)', () => {
    const r = importDomainCsv(`${CSV_HEADER}\na.example,suspend,true,true,,false\nb..example,suspend,true,true,,false`);
    expect(r).toEqual({ ok: false, errors: ['line 3: "b..example" is not a domain'] });
  });
});

describe('exportDomainCsv', () => {
  test('round trip through import', () => {
    const rules = {
      instanceDomains: [
        { domain: 'spam.example', weight: 0.9, label: 'says "buy", now' },
        'plain.example',
        { domain: 'loud.example', weight: 0.6 },
        { domain: 'spam.example', weight: 0.2 },
      ],
    };
    const csv = exportDomainCsv(rules);
    expect(csv.split('\n')[0]).toBe(CSV_HEADER);
    expect(csv).toContain('spam.example,suspend,true,true,"says ""buy"", now",false');
    const back = importDomainCsv(csv);
    expect(back.ok && back.rules.instanceDomains).toEqual([
      { domain: 'spam.example', weight: 0.9, label: 'says "buy", now' },
      { domain: 'plain.example', weight: 0.6 },
      { domain: 'loud.example', weight: 0.6 },
    ]);
  });
});
