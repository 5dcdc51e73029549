/**
 * Replay a saved timeline through the detection engine (issue 3):
 *
 *   npm run --silent replay -- [--platform mastodon|misskey] [--instance DOMAIN] [--rules FILE] [--stream] [FILE|-]
 *
 * Reads one JSON object per line (a Mastodon Status or a Misskey Note, detected per line), in
 * arrival order, from FILE or standard input, and prints one JSON line per post:
 * {"id","verdict","score","wave","freshAccount","accountAgeHours","reasons"}, reasons as English
 * sentences. By default the verdicts printed are the final ones (a post that joined a wave later
 * is printed as spam); --stream prints each verdict as the post arrives instead. A summary goes to
 * standard error. A malformed line is reported by its number on standard error and skipped.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createEngine, type BreakwaterEngine } from '../src/core/engine';
import { isObject } from '../src/core/json-read';
import type { Post, Verdict } from '../src/core/model';
import { parseRules } from '../src/core/rules/validate';
import { hostOf } from '../src/core/text/urls';
import { looksLikeMastodonStatus, tryNormalizeMastodonStatus } from '../src/platforms/mastodon/normalize';
import { looksLikeMisskeyNote, tryNormalizeMisskeyNote } from '../src/platforms/misskey/normalize';

export interface ReplayOptions {
  platform?: 'mastodon' | 'misskey';
  instance?: string;
}

export interface OutputLine {
  id: string;
  verdict: string;
  score: number;
  wave: string | null;
  freshAccount: boolean;
  accountAgeHours: number | null;
  reasons: string[];
}

/** The viewing instance a line implies: the home of a local author (no host in its handle). */
export function guessInstance(json: Record<string, unknown>, platform: 'mastodon' | 'misskey'): string | null {
  const inner = (x: unknown, key: string) =>
    isObject(x) && isObject(x[key]) ? (x[key] as Record<string, unknown>) : null;
  const candidates = platform === 'mastodon' ? [json, inner(json, 'reblog')] : [json, inner(json, 'renote')];
  for (const c of candidates) {
    if (!c) continue;
    if (platform === 'mastodon') {
      const acc = inner(c, 'account');
      if (acc && typeof acc.acct === 'string' && !acc.acct.includes('@') && typeof acc.url === 'string')
        return hostWithPort(acc.url);
    } else {
      const user = inner(c, 'user');
      if (user && user.host === null && typeof user.avatarUrl === 'string') return hostWithPort(user.avatarUrl);
    }
  }
  return null;
}

function hostWithPort(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]+@)?([^/?#]+)/i.exec(url);
  return m ? m[2]!.toLowerCase() : hostOf(url);
}

export type LineResult = { ok: true; post: Post } | { ok: false; error: string } | { ok: 'skip' };

/** Parses and normalizes one input line (1-based `n` only for messages). */
export class LineReader {
  private lastInstance: string | null = null;
  constructor(private readonly opts: ReplayOptions = {}) {}

  read(line: string, n: number): LineResult {
    const text = line.trim();
    if (!text) return { ok: 'skip' };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `line ${n}: not valid JSON (${(e as Error).message})` };
    }
    if (!isObject(json)) return { ok: false, error: `line ${n}: expected a JSON object` };
    const platform =
      this.opts.platform ??
      (looksLikeMastodonStatus(json) ? 'mastodon' : looksLikeMisskeyNote(json) ? 'misskey' : null);
    if (!platform) return { ok: false, error: `line ${n}: neither a Mastodon status nor a Misskey note` };
    const instance = this.opts.instance ?? guessInstance(json, platform) ?? this.lastInstance ?? 'unknown.invalid';
    if (!this.opts.instance && instance !== 'unknown.invalid') this.lastInstance = instance;
    const r =
      platform === 'mastodon' ? tryNormalizeMastodonStatus(json, instance) : tryNormalizeMisskeyNote(json, instance);
    return r.ok ? { ok: true, post: r.value } : { ok: false, error: `line ${n}: ${r.error}` };
  }
}

export function outputLine(post: Post, v: Verdict): OutputLine {
  return {
    id: post.id,
    verdict: v.verdict,
    score: v.score,
    wave: v.wave,
    freshAccount: v.freshAccount,
    accountAgeHours: v.accountAgeHours,
    reasons: v.reasons.map((r) => r.text),
  };
}

export interface ReplaySummary {
  lines: number;
  posts: number;
  skipped: number;
  spam: number;
  suspicious: number;
  waves: { id: string; size: number; accounts: number; sample: string }[];
}

/** Replays lines through an engine; `out` gets JSON lines, `err` messages. Returns the summary. */
export async function replay(
  lines: AsyncIterable<string> | Iterable<string>,
  engine: BreakwaterEngine,
  opts: ReplayOptions & { stream?: boolean },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<ReplaySummary> {
  const reader = new LineReader(opts);
  const posts: Post[] = [];
  const latest = new Map<string, Verdict>();
  let n = 0;
  let skipped = 0;
  for await (const line of lines) {
    n++;
    const r = reader.read(line, n);
    if (r.ok === 'skip') continue;
    if (r.ok === false) {
      skipped++;
      err(r.error);
      continue;
    }
    const res = engine.ingest([r.post]);
    const v = res.verdicts[0]!;
    posts.push(r.post);
    latest.set(r.post.key, v);
    for (const u of res.updated) latest.set(u.postKey, u);
    if (opts.stream) out(JSON.stringify(outputLine(r.post, v)));
  }
  let spam = 0;
  let suspicious = 0;
  for (const p of posts) {
    const v = latest.get(p.key)!;
    if (v.verdict === 'spam') spam++;
    else if (v.verdict === 'suspicious') suspicious++;
    if (!opts.stream) out(JSON.stringify(outputLine(p, v)));
  }
  const waves = engine.waves().map((w) => ({
    id: w.id,
    size: w.size,
    accounts: w.accounts,
    sample: w.sampleText.replace(/\s+/g, ' ').slice(0, 60),
  }));
  return { lines: n, posts: posts.length, skipped, spam, suspicious, waves };
}

function usage(): string {
  return 'usage: npm run --silent replay -- [--platform mastodon|misskey] [--instance DOMAIN] [--rules FILE] [--stream] [FILE|-]';
}

async function main(argv: string[]): Promise<number> {
  const opts: ReplayOptions & { stream?: boolean } = {};
  let file: string | null = null;
  let rulesFile: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--platform') {
      const p = argv[++i];
      if (p !== 'mastodon' && p !== 'misskey') {
        process.stderr.write(`--platform must be mastodon or misskey\n${usage()}\n`);
        return 2;
      }
      opts.platform = p;
    } else if (a === '--instance') opts.instance = argv[++i];
    else if (a === '--rules') rulesFile = argv[++i] ?? null;
    else if (a === '--stream') opts.stream = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(usage() + '\n');
      return 0;
    } else if (a.startsWith('--')) {
      process.stderr.write(`unknown option ${a}\n${usage()}\n`);
      return 2;
    } else file = a;
  }
  const engine = createEngine();
  if (rulesFile) {
    const v = parseRules(readFileSync(rulesFile, 'utf8'));
    if (!v.ok) {
      process.stderr.write(`${rulesFile}: invalid rules\n${v.errors.map((e) => `  ${e}`).join('\n')}\n`);
      return 2;
    }
    engine.setRules(v.rules);
  }
  const input = file && file !== '-' ? createReadStream(file, 'utf8') : process.stdin;
  const rl = createInterface({ input, crlfDelay: Infinity });
  const s = await replay(
    rl,
    engine,
    opts,
    (l) => process.stdout.write(l + '\n'),
    (l) => process.stderr.write(l + '\n'),
  );
  process.stderr.write(
    `replay: ${s.posts} posts from ${s.lines} lines (${s.skipped} skipped); ${s.waves.length} waves found; ` +
      `${s.spam + s.suspicious} posts flagged (${s.spam} spam, ${s.suspicious} suspicious)\n`,
  );
  for (const w of s.waves)
    process.stderr.write(`  wave ${w.id}: ${w.size} posts from ${w.accounts} accounts: ${w.sample}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`replay: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
