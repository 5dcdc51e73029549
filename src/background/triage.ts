/**
 * The triage page's background side (issue 9): reads the moderation queue of every added instance
 * where the user may moderate (in parallel, one instance's requests one after the other), groups
 * the reports by wave with a throwaway detection engine (src/core/triage/reports.ts) and the
 * sign-ups by what they share (src/core/triage/signups.ts), and keeps the result for this
 * service-worker life. Tokens are read here and never leave the background; the snapshot carries
 * none.
 *
 * Which token reads what:
 * - Mastodon: Breakwater's own sign-in token ("Sign in as moderator"), when its scopes cover
 *   `admin:read:reports` (reports) and `admin:read:accounts` (pending sign-ups). The web UI's own
 *   token has no admin scopes.
 * - Misskey: Breakwater's MiAuth token when it has `read:admin:abuse-user-reports`, else the web UI's
 *   own token (it may do what its account may: a moderator's may read the reports).
 */
import type { RuleSet } from '../core/rules/types';
import { groupReports } from '../core/triage/reports';
import { TriageReadError } from '../core/triage/read';
import { groupSignups } from '../core/triage/signups';
import type { InstanceTriage, TriageReport, TriageSignup, TriageSnapshot } from '../core/triage/types';
import type { TriageLoadResult, TriageMessages } from '../messaging/triage';
import type { Refusal } from '../messaging/protocol';
import type { ValidRequest } from '../messaging/validate';
import * as mastodon from '../platforms/mastodon/triage';
import * as misskey from '../platforms/misskey/triage';
import type { BreakwaterDB } from '../storage/db';
import { listInstances } from '../storage/instances';
import type { InstanceRow, TokenRow } from '../storage/schema';
import { getToken } from '../storage/tokens';
import { storedRuleSet } from './rules';

export interface TriageDeps {
  db: BreakwaterDB;
  fetcher?: typeof fetch;
  now?: () => number;
  /** The user's rules for the grouping engine's scoring (the stored ones by default). */
  rules?: () => Promise<RuleSet | undefined>;
  /** A reading older than this is read again even without `refresh` (default 2 minutes). */
  maxAgeMs?: number;
}

const covers = (scopes: readonly string[], need: string) => {
  const [, verb] = need.split(':');
  return scopes.some((s) => s === need || s === `admin:${verb}` || s === 'admin');
};

interface Login {
  token: TokenRow;
  reports: boolean;
  signups: boolean;
}

/** The token that may read an instance's moderation queue, or why there is none. */
async function loginFor(d: BreakwaterDB, row: InstanceRow): Promise<Login | string> {
  if (row.platform === 'mastodon') {
    const t = await getToken(row.domain, 'signin', d);
    if (!t) return 'not signed in as moderator: use "Sign in as moderator" in the options page';
    const reports = covers(t.scopes, 'admin:read:reports');
    const signups = covers(t.scopes, 'admin:read:accounts');
    if (!reports && !signups)
      return 'the sign-in token has no admin scopes to read the moderation queue: sign in as moderator again';
    return { token: t, reports, signups };
  }
  const signin = await getToken(row.domain, 'signin', d);
  if (signin && (!signin.scopes.length || signin.scopes.includes('read:admin:abuse-user-reports')))
    return { token: signin, reports: true, signups: false };
  const page = await getToken(row.domain, 'page', d);
  if (page) return { token: page, reports: true, signups: false };
  return 'not signed in as moderator: use "Sign in as moderator" in the options page, or open the instance logged in as a moderator';
}

interface InstanceReading {
  info: InstanceTriage;
  reports: TriageReport[];
  signups: TriageSignup[];
}

async function readInstance(deps: TriageDeps, row: InstanceRow): Promise<InstanceReading> {
  const now = deps.now ?? Date.now;
  const started = now();
  const info: InstanceTriage = {
    domain: row.domain,
    origin: row.origin,
    platform: row.platform,
    status: 'ok',
    message: null,
    account: null,
    reports: 0,
    signups: row.platform === 'mastodon' ? 0 : null,
    requests: 0,
    ms: 0,
    refused: [],
  };
  const done = (r: Omit<InstanceReading, 'info'>): InstanceReading => {
    info.ms = now() - started;
    info.reports = r.reports.length;
    if (info.signups !== null) info.signups = r.signups.length;
    info.refused = info.refused.slice(0, 50);
    return { info, ...r };
  };
  const login = await loginFor(deps.db, row);
  if (typeof login === 'string') {
    info.status = 'no-login';
    info.message = login;
    return done({ reports: [], signups: [] });
  }
  info.account = login.token.account;
  const fetcher = deps.fetcher ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const problems: string[] = [];
  let reports: TriageReport[] = [];
  let signups: TriageSignup[] = [];
  let failures = 0;
  const note = (r: { refused: string[]; requests: number; stopped: string | null }) => {
    info.requests += r.requests;
    info.refused.push(...r.refused);
    if (r.stopped) problems.push(r.stopped);
  };
  const failed = (e: unknown) => {
    failures++;
    problems.push(e instanceof TriageReadError ? e.message : `could not read: ${String(e)}`);
  };
  if (row.platform === 'mastodon') {
    const reader = { origin: row.origin, domain: row.domain, token: login.token.token, fetcher, now };
    if (login.reports) {
      try {
        const r = await mastodon.readOpenReports(reader);
        note(r);
        reports = r.items;
      } catch (e) {
        failed(e);
      }
    } else problems.push('the sign-in token may not read reports (admin:read:reports)');
    if (login.signups) {
      try {
        const r = await mastodon.readPendingSignups(reader);
        note(r);
        signups = r.items;
      } catch (e) {
        failed(e);
      }
    } else {
      info.signups = null;
      problems.push('the sign-in token may not read accounts (admin:read:accounts): no sign-ups');
    }
  } else {
    try {
      const r = await misskey.readOpenReports({
        origin: row.origin,
        domain: row.domain,
        token: login.token.token,
        fetcher,
        now,
      });
      note(r);
      reports = r.items;
    } catch (e) {
      failed(e);
    }
  }
  if (info.refused.length) problems.push(`${info.refused.length} items of the answers were malformed and left out`);
  const wanted = row.platform === 'mastodon' ? Number(login.reports) + Number(login.signups) : 1;
  info.status = failures >= wanted ? 'error' : problems.length ? 'partial' : 'ok';
  info.message = problems.length ? problems.join('; ') : null;
  return done({ reports, signups });
}

export class TriageService {
  private last: TriageSnapshot | null = null;
  private running: Promise<TriageSnapshot> | null = null;

  constructor(private readonly deps: TriageDeps) {}

  /** The last reading, or a new one (single flight: two pages asking at once share one). */
  async load(refresh = false): Promise<TriageLoadResult> {
    const now = this.deps.now ?? Date.now;
    const fresh = this.last && now() - this.last.loadedAt < (this.deps.maxAgeMs ?? 2 * 60_000);
    if (!refresh && fresh && this.last) return { ok: true, snapshot: this.last };
    try {
      this.running ??= this.read().finally(() => (this.running = null));
      this.last = await this.running;
      return { ok: true, snapshot: this.last };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }

  private async read(): Promise<TriageSnapshot> {
    const now = this.deps.now ?? Date.now;
    const started = now();
    const rows = await listInstances(this.deps.db);
    const readings = await Promise.all(rows.map((row) => readInstance(this.deps, row)));
    const fetched = now();
    const reports = readings.flatMap((r) => r.reports);
    const signups = readings.flatMap((r) => r.signups);
    let rules: RuleSet | undefined;
    try {
      rules = await (this.deps.rules ?? (() => storedRuleSet(this.deps.db)))();
    } catch {
      rules = undefined;
    }
    let grouped: ReturnType<typeof groupReports>;
    try {
      grouped = groupReports(reports, rules ? { rules } : {});
    } catch {
      // Rules the engine refuses must not keep the queue from showing: group with built-in signals.
      grouped = groupReports(reports);
    }
    const s = groupSignups(signups);
    return {
      loadedAt: fetched,
      reports,
      signups,
      reportGroups: grouped.groups,
      reportSingles: grouped.singles,
      signupGroups: s.groups,
      signupSingles: s.singles,
      instances: readings.map((r) => r.info),
      timings: { fetchMs: fetched - started, groupMs: now() - fetched },
    };
  }
}

type Own = keyof TriageMessages;
type OwnHandlers = { [T in Own]: (msg: ValidRequest<T>) => Promise<TriageMessages[T]['res'] | Refusal> };

/** The router's triage handlers (the router is made once per service-worker life, and so is the service). */
export function triageHandlers(deps: TriageDeps & { service?: TriageService }): OwnHandlers {
  const service = deps.service ?? new TriageService(deps);
  return {
    'ui:triageLoad': (msg) => service.load(msg.refresh === true),
  };
}
