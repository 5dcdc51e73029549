/**
 * The admin API (instance-apis.md C1): accounts v1/v2 with their filters, account actions (which
 * resolve the target's open reports, as Mastodon's Admin::AccountAction does), approve/reject of
 * pending sign-ups, reports, e-mail domain blocks and domain blocks. Role permission bits enforced.
 */
import { createHash } from 'node:crypto';
import { bool, str, strList } from '../http';
import { compareIds } from './ids';
import { linkHeader, paginate } from './api';
import type { Json } from './render';
import { ApiError, notFound, unprocessable, type Ctx, type Reply, type Route } from './router';
import type { MastoStore, Report } from './store';
import { PERM, roleJson } from './users';

const forbidden = () => new ApiError(403, 'This action is not allowed');

interface AdminAccountRow {
  acct: string;
  id: string;
}

export function adminRoutes(store: MastoStore, hooks: { onSuspend(acct: string): void }): Route[] {
  const base = `http://${store.domain}`;
  const USERS = PERM.manage_users;
  const REPORTS = PERM.manage_reports;

  const pendingOf = (acct: string) => [...store.pending.values()].find((p) => `${p.username}@${store.domain}` === acct);
  const isLocal = (acct: string) => acct.endsWith('@' + store.domain);
  const localUserOf = (acct: string) =>
    isLocal(acct) ? store.user(acct.slice(0, -store.domain.length - 1)) : undefined;

  const adminAccount = (acct: string): Json => {
    const pend = pendingOf(acct);
    const user = localUserOf(acct);
    const a = store.account(acct);
    const f = store.flagsOf(acct);
    const local = isLocal(acct);
    const ip = pend ? pend.ip : user ? '192.0.2.10' : null;
    const j: Json = {
      id: store.accountId(acct),
      username: acct.split('@')[0],
      domain: local ? null : acct.split('@')[1],
      created_at: new Date(pend ? pend.createdAt : (a?.createdAt ?? store.scenario.options.start)).toISOString(),
      email: pend ? pend.email : local ? (user?.email ?? `${acct.split('@')[0]}@${store.domain}`) : null,
      ip,
      confirmed: pend ? pend.confirmed : local,
      suspended: store.isGone(acct),
      silenced: store.isLimited(acct),
      sensitized: !!f.sensitized,
      disabled: !!f.disabled,
      approved: pend ? pend.approved : local,
      locale: pend ? pend.locale : local ? 'en' : null,
      invite_request: pend ? pend.reason : null,
      ips: ip ? [{ ip, used_at: new Date(pend ? pend.createdAt : store.scenario.options.start).toISOString() }] : [],
      account: store.accountJson(acct, null),
      role: local ? roleJson(store.role(user?.username ?? ''), store.version) : null,
    };
    return j;
  };

  const universe = (): AdminAccountRow[] => {
    const accts = new Set<string>(store.knownAccounts);
    for (const p of store.pending.values()) accts.add(`${p.username}@${store.domain}`);
    return [...accts].map((acct) => ({ acct, id: store.accountId(acct) })).sort((a, b) => compareIds(b.id, a.id));
  };

  const statusOf = (acct: string): 'pending' | 'suspended' | 'disabled' | 'silenced' | 'active' => {
    const pend = pendingOf(acct);
    if (pend && !pend.approved) return 'pending';
    if (store.isGone(acct)) return 'suspended';
    if (store.flagsOf(acct).disabled) return 'disabled';
    if (store.isLimited(acct)) return 'silenced';
    return 'active';
  };

  const match = (row: AdminAccountRow, f: Record<string, unknown>): boolean => {
    const local = isLocal(row.acct);
    const a = store.account(row.acct);
    const pend = pendingOf(row.acct);
    if (f.origin === 'local' && !local) return false;
    if (f.origin === 'remote' && local) return false;
    if (f.status && statusOf(row.acct) !== f.status) return false;
    if (f.sensitized && !store.flagsOf(row.acct).sensitized) return false;
    if (f.staff && !(localUserOf(row.acct) && localUserOf(row.acct)!.role !== 'user')) return false;
    const username = str(f.username)?.toLowerCase();
    if (username && !row.acct.split('@')[0]!.toLowerCase().startsWith(username)) return false;
    const dn = str(f.display_name)?.toLowerCase();
    if (dn && !(a?.displayName ?? '').toLowerCase().includes(dn)) return false;
    const byDomain = str(f.by_domain)?.toLowerCase();
    if (byDomain && row.acct.split('@')[1] !== byDomain) return false;
    const email = str(f.email)?.toLowerCase();
    if (email) {
      const e = (pend?.email ?? (local ? `${row.acct.split('@')[0]}@${store.domain}` : '')).toLowerCase();
      if (!e.includes(email)) return false;
    }
    const ip = str(f.ip);
    if (ip) {
      const have = pend?.ip ?? (localUserOf(row.acct) ? '192.0.2.10' : '');
      if (!have.startsWith(ip.replace(/\/\d+$/, '').replace(/\.0+$/, ''))) return false;
    }
    return true;
  };

  const listReply = (c: Ctx, f: Record<string, unknown>): Reply => {
    const rows = universe().filter((r) => match(r, f));
    const page = paginate(rows, (r) => r.id, c.query, 100, 200);
    return { json: page.map((r) => adminAccount(r.acct)), headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id) };
  };

  const target = (c: Ctx): string => {
    const acct = store.acctById(c.params.id!);
    if (!acct) throw notFound();
    return acct;
  };

  const report = (c: Ctx): Report => {
    const r = store.reports.find((x) => x.id === c.params.id);
    if (!r) throw notFound();
    return r;
  };

  const adminReport = (r: Report): Json => ({
    id: r.id,
    action_taken: r.actionTaken,
    action_taken_at: r.actionTakenAt ? new Date(r.actionTakenAt).toISOString() : null,
    category: r.category,
    comment: r.comment,
    forwarded: r.forward,
    created_at: new Date(r.createdAt).toISOString(),
    updated_at: new Date(r.updatedAt).toISOString(),
    account: adminAccount(r.reporter.includes('@') ? r.reporter : `${r.reporter}@${store.domain}`),
    target_account: adminAccount(r.target),
    assigned_account: r.assignedTo ? adminAccount(`${r.assignedTo}@${store.domain}`) : null,
    action_taken_by_account: r.actionTakenBy ? adminAccount(`${r.actionTakenBy}@${store.domain}`) : null,
    statuses: r.postIds
      .map((id) => store.idx.byId.get(id))
      .filter((p) => !!p)
      .map((p) => store.status(p!, null)),
    rules: [],
  });

  const resolve = (r: Report, by: string) => {
    if (r.actionTaken) return;
    r.actionTaken = true;
    r.actionTakenAt = store.clock.now();
    r.actionTakenBy = by;
    r.updatedAt = r.actionTakenAt;
  };

  const ACCOUNT_R = ['admin:read:accounts'];
  const ACCOUNT_W = ['admin:write:accounts'];
  const REPORT_R = ['admin:read:reports'];
  const REPORT_W = ['admin:write:reports'];

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/api/v1/admin/accounts',
      auth: 'user',
      scopes: ACCOUNT_R,
      perms: USERS,
      fn: (c) => {
        const q = c.query;
        const f: Record<string, unknown> = {
          origin: bool(q.local) ? 'local' : bool(q.remote) ? 'remote' : undefined,
          status: bool(q.pending)
            ? 'pending'
            : bool(q.disabled)
              ? 'disabled'
              : bool(q.silenced)
                ? 'silenced'
                : bool(q.suspended)
                  ? 'suspended'
                  : bool(q.active)
                    ? 'active'
                    : undefined,
          sensitized: bool(q.sensitized),
          staff: bool(q.staff),
          username: q.username,
          display_name: q.display_name,
          by_domain: q.by_domain,
          email: q.email,
          ip: q.ip,
        };
        return listReply(c, f);
      },
    },
    {
      method: 'GET',
      path: '/api/v2/admin/accounts',
      auth: 'user',
      scopes: ACCOUNT_R,
      perms: USERS,
      fn: (c) => {
        const q = c.query;
        const status = str(q.status);
        if (status && !['active', 'pending', 'disabled', 'silenced', 'suspended'].includes(status))
          throw unprocessable(`Unknown status ${status}`);
        return listReply(c, {
          origin: str(q.origin),
          status,
          staff: str(q.permissions) === 'staff',
          username: q.username,
          display_name: q.display_name,
          by_domain: q.by_domain,
          email: q.email,
          ip: q.ip,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/accounts/:id',
      auth: 'user',
      scopes: ACCOUNT_R,
      perms: USERS,
      fn: (c) => ({ json: adminAccount(target(c)) }),
    },
    {
      method: 'POST',
      path: '/api/v1/admin/accounts/:id/action',
      auth: 'user',
      scopes: ACCOUNT_W,
      perms: USERS | REPORTS,
      fn: (c) => {
        const acct = target(c);
        const by = c.user!.username;
        const type = str(c.all.type) ?? '';
        if (!['none', 'sensitive', 'disable', 'silence', 'suspend'].includes(type))
          throw unprocessable('Validation failed: Type is not included in the list');
        const staff = localUserOf(acct);
        if (staff && staff.role !== 'user') throw forbidden();
        if (type === 'disable' && !isLocal(acct))
          throw unprocessable('Validation failed: Target account must be local to be disabled');
        const reportId = str(c.all.report_id);
        let withReport: Report | undefined;
        if (reportId) {
          withReport = store.reports.find((r) => r.id === reportId);
          if (!withReport) throw notFound();
        }
        const resolved: string[] = [];
        if (type === 'none') {
          if (withReport && !withReport.actionTaken) {
            resolve(withReport, by);
            resolved.push(withReport.id);
          }
        } else {
          for (const r of store.reports) {
            if (r.target === acct && !r.actionTaken) {
              resolve(r, by);
              resolved.push(r.id);
            }
          }
        }
        if (type === 'suspend') store.setFlag(acct, 'suspended', true);
        if (type === 'silence') store.setFlag(acct, 'silenced', true);
        if (type === 'sensitive') store.setFlag(acct, 'sensitized', true);
        if (type === 'disable') store.setFlag(acct, 'disabled', true);
        store.record(
          by,
          type === 'none' ? 'warn' : type,
          c.params.id!,
          {
            type,
            reportId: reportId ?? null,
            text: str(c.all.text) ?? '',
            sendEmailNotification: bool(c.all.send_email_notification, true),
            warningPresetId: str(c.all.warning_preset_id) ?? null,
            resolvedReports: resolved,
          },
          store.localAcctOf(acct),
        );
        if (type === 'suspend') hooks.onSuspend(acct);
        return { json: {} };
      },
    },
    ...(
      [
        ['unsuspend', 'suspended'],
        ['unsilence', 'silenced'],
        ['unsensitive', 'sensitized'],
        ['enable', 'disabled'],
      ] as const
    ).map(([verb, flag]): Route => ({
      method: 'POST',
      path: `/api/v1/admin/accounts/:id/${verb}`,
      auth: 'user',
      scopes: ACCOUNT_W,
      perms: USERS,
      fn: (c) => {
        const acct = target(c);
        store.setFlag(acct, flag, false);
        store.record(c.user!.username, verb, c.params.id!, {}, store.localAcctOf(acct));
        return { json: adminAccount(acct) };
      },
    })),
    {
      method: 'POST',
      path: '/api/v1/admin/accounts/:id/approve',
      auth: 'user',
      scopes: ACCOUNT_W,
      perms: USERS,
      fn: (c) => {
        const p = store.pending.get(c.params.id!);
        if (!p) {
          if (store.acctById(c.params.id!)) throw forbidden();
          throw notFound();
        }
        if (p.approved) throw forbidden();
        p.approved = true;
        store.knownAccounts.add(`${p.username}@${store.domain}`);
        store.record(c.user!.username, 'approve', p.id, { email: p.email }, p.username);
        return { json: adminAccount(`${p.username}@${store.domain}`) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/accounts/:id/reject',
      auth: 'user',
      scopes: ACCOUNT_W,
      perms: USERS,
      fn: (c) => {
        const p = store.pending.get(c.params.id!);
        if (!p) {
          if (store.acctById(c.params.id!)) throw forbidden();
          throw notFound();
        }
        if (p.approved) throw forbidden();
        const json = adminAccount(`${p.username}@${store.domain}`);
        store.pending.delete(p.id);
        store.accountById.delete(p.id);
        store.record(c.user!.username, 'reject', p.id, { email: p.email }, p.username);
        return { json };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/accounts/:id',
      auth: 'user',
      scopes: ACCOUNT_W,
      perms: PERM.delete_user_data,
      fn: (c) => {
        const acct = target(c);
        if (!store.flagsOf(acct).suspended) throw forbidden();
        store.record(c.user!.username, 'delete_account', c.params.id!, {}, store.localAcctOf(acct));
        return { json: adminAccount(acct) };
      },
    },
    // ------------------------------------------------------------ reports
    {
      method: 'GET',
      path: '/api/v1/admin/reports',
      auth: 'user',
      scopes: REPORT_R,
      perms: REPORTS,
      fn: (c) => {
        const resolved = bool(c.query.resolved);
        const reporter = str(c.query.account_id);
        const tgt = str(c.query.target_account_id);
        const rows = store.reports
          .filter((r) => r.actionTaken === resolved)
          .filter(
            (r) =>
              !reporter ||
              store.accountId(r.reporter.includes('@') ? r.reporter : `${r.reporter}@${store.domain}`) === reporter,
          )
          .filter((r) => !tgt || store.accountId(r.target) === tgt)
          .sort((a, b) => Number(b.id) - Number(a.id));
        const page = paginate(rows, (r) => r.id, c.query, 100, 200);
        return { json: page.map(adminReport), headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/reports/:id',
      auth: 'user',
      scopes: REPORT_R,
      perms: REPORTS,
      fn: (c) => ({ json: adminReport(report(c)) }),
    },
    {
      method: 'PUT',
      path: '/api/v1/admin/reports/:id',
      auth: 'user',
      scopes: REPORT_W,
      perms: REPORTS,
      fn: (c) => {
        const r = report(c);
        const category = str(c.all.category);
        if (category) {
          if (!['spam', 'legal', 'violation', 'other'].includes(category))
            throw unprocessable(`'${category}' is not a valid category`);
          r.category = category;
        }
        if (c.all.rule_ids !== undefined) r.ruleIds = strList(c.all.rule_ids);
        r.updatedAt = store.clock.now();
        store.record(c.user!.username, 'update_report', r.id, { category: r.category, ruleIds: r.ruleIds });
        return { json: adminReport(r) };
      },
    },
    ...(['assign_to_self', 'unassign', 'resolve', 'reopen'] as const).map((verb): Route => ({
      method: 'POST',
      path: `/api/v1/admin/reports/:id/${verb}`,
      auth: 'user',
      scopes: REPORT_W,
      perms: REPORTS,
      fn: (c) => {
        const r = report(c);
        const by = c.user!.username;
        if (verb === 'assign_to_self') r.assignedTo = by;
        if (verb === 'unassign') r.assignedTo = null;
        if (verb === 'resolve') resolve(r, by);
        if (verb === 'reopen') {
          r.actionTaken = false;
          r.actionTakenAt = null;
          r.actionTakenBy = null;
        }
        r.updatedAt = store.clock.now();
        const kind = {
          assign_to_self: 'assign_report',
          unassign: 'unassign_report',
          resolve: 'resolve_report',
          reopen: 'reopen_report',
        }[verb];
        store.record(by, kind, r.id, { targetAccountId: store.accountId(r.target) }, store.localAcctOf(r.target));
        return { json: adminReport(r) };
      },
    })),
    // ------------------------------------------------------------ e-mail domain blocks
    {
      method: 'GET',
      path: '/api/v1/admin/email_domain_blocks',
      auth: 'user',
      scopes: ['admin:read:email_domain_blocks'],
      perms: PERM.manage_blocks,
      fn: (c) => ({
        json: paginate([...store.emailDomainBlocks].reverse(), (b) => b.id, c.query, 100, 500).map(emailBlockJson),
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/admin/email_domain_blocks',
      auth: 'user',
      scopes: ['admin:write:email_domain_blocks'],
      perms: PERM.manage_blocks,
      fn: (c) => {
        const domain = (str(c.all.domain) ?? '').trim().toLowerCase();
        if (!domain) throw unprocessable("Validation failed: Domain can't be blank");
        if (store.emailDomainBlocks.some((b) => b.domain === domain))
          throw unprocessable('Validation failed: Domain has already been taken');
        const b = { id: String(store.emailDomainBlocks.length + 1), domain, createdAt: store.clock.now() };
        store.emailDomainBlocks.push(b);
        store.record(c.user!.username, 'email_domain_block', domain, { id: b.id });
        return { json: emailBlockJson(b) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/email_domain_blocks/:id',
      auth: 'user',
      scopes: ['admin:write:email_domain_blocks'],
      perms: PERM.manage_blocks,
      fn: (c) => {
        const i = store.emailDomainBlocks.findIndex((b) => b.id === c.params.id);
        if (i < 0) throw notFound();
        const [b] = store.emailDomainBlocks.splice(i, 1);
        store.record(c.user!.username, 'email_domain_unblock', b!.domain, { id: b!.id });
        return { json: {} };
      },
    },
    // ------------------------------------------------------------ domain blocks (instance level)
    {
      method: 'GET',
      path: '/api/v1/admin/domain_blocks',
      auth: 'user',
      scopes: ['admin:read:domain_blocks'],
      perms: PERM.manage_federation,
      fn: (c) => ({
        json: paginate([...store.adminDomainBlocks].reverse(), (b) => b.id, c.query, 100, 200).map(domainBlockJson),
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/admin/domain_blocks/:id',
      auth: 'user',
      scopes: ['admin:read:domain_blocks'],
      perms: PERM.manage_federation,
      fn: (c) => {
        const b = store.adminDomainBlocks.find((x) => x.id === c.params.id);
        if (!b) throw notFound();
        return { json: domainBlockJson(b) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/domain_blocks',
      auth: 'user',
      scopes: ['admin:write:domain_blocks'],
      perms: PERM.manage_federation,
      fn: (c) => {
        const domain = (str(c.all.domain) ?? '').trim().toLowerCase();
        if (!domain) throw unprocessable("Validation failed: Domain can't be blank");
        const severity = (str(c.all.severity) ?? 'silence') as 'silence' | 'suspend' | 'noop';
        if (!['silence', 'suspend', 'noop'].includes(severity))
          throw unprocessable('Validation failed: Severity is not included in the list');
        const existing = store.adminDomainBlocks.find((b) => b.domain === domain);
        if (existing)
          return {
            status: 422,
            json: {
              error: 'Validation failed: Domain has already been taken',
              existing_domain_block: domainBlockJson(existing),
            },
          };
        const b = {
          id: String(store.adminDomainBlocks.length + 1),
          domain,
          severity,
          rejectMedia: bool(c.all.reject_media),
          rejectReports: bool(c.all.reject_reports),
          privateComment: str(c.all.private_comment) ?? null,
          publicComment: str(c.all.public_comment) ?? null,
          obfuscate: bool(c.all.obfuscate),
          createdAt: store.clock.now(),
        };
        store.adminDomainBlocks.push(b);
        store.record(c.user!.username, 'admin_domain_block', domain, {
          id: b.id,
          severity,
          rejectMedia: b.rejectMedia,
          rejectReports: b.rejectReports,
          publicComment: b.publicComment,
        });
        if (severity === 'suspend')
          for (const acct of store.knownAccounts) if (acct.endsWith('@' + domain)) hooks.onSuspend(acct);
        return { json: domainBlockJson(b) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/domain_blocks/:id',
      auth: 'user',
      scopes: ['admin:write:domain_blocks'],
      perms: PERM.manage_federation,
      fn: (c) => {
        const i = store.adminDomainBlocks.findIndex((b) => b.id === c.params.id);
        if (i < 0) throw notFound();
        const [b] = store.adminDomainBlocks.splice(i, 1);
        store.record(c.user!.username, 'admin_domain_unblock', b!.domain, { id: b!.id });
        return { json: {} };
      },
    },
  ];
  return routes;
}

function emailBlockJson(b: { id: string; domain: string; createdAt: number }): Json {
  return { id: b.id, domain: b.domain, created_at: new Date(b.createdAt).toISOString(), history: [] };
}

function domainBlockJson(b: MastoStore['adminDomainBlocks'][number]): Json {
  return {
    id: b.id,
    domain: b.domain,
    digest: createHash('sha256').update(b.domain).digest('hex'),
    created_at: new Date(b.createdAt).toISOString(),
    severity: b.severity,
    reject_media: b.rejectMedia,
    reject_reports: b.rejectReports,
    private_comment: b.privateComment,
    public_comment: b.publicComment,
    obfuscate: b.obfuscate,
  };
}
