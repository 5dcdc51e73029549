import { useEffect, useRef } from 'preact/hooks';
import type { ReportAction, SignupAction, TriageAction } from '../../core/triage/actions';
import { commentBody } from '../../core/triage/reports';
import type { ReportGroup, SignupGroup, TriageReport, TriageSignup } from '../../core/triage/types';
import { formatNumber, formatRelative } from '../components/format';
import { ACTION_LABEL, groupReasonText, t } from './text';

/**
 * The groups and the single items of the triage page: one card per group (its reasons, a sample,
 * its size per instance, actions on the whole group, and its items in a table with a checkbox each),
 * and the tables of reports and sign-ups in no group. Every row names its instance.
 */

export interface ItemState {
  selected: ReadonlySet<string>;
  queued: ReadonlySet<string>;
  settled: ReadonlySet<string>;
  toggle(keys: readonly string[], on: boolean): void;
  act(action: TriageAction, keys: readonly string[]): void;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A checkbox for many items: checked when all are selected, mixed when some are. */
function GroupCheckbox(props: { keys: readonly string[]; st: ItemState; label: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const open = props.keys.filter((k) => !props.st.queued.has(k) && !props.st.settled.has(k));
  const n = open.filter((k) => props.st.selected.has(k)).length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = n > 0 && n < open.length;
  });
  return (
    <input
      ref={ref}
      type="checkbox"
      class="group-check"
      aria-label={props.label}
      disabled={!open.length}
      checked={open.length > 0 && n === open.length}
      onChange={(e) => props.st.toggle(open, (e.target as HTMLInputElement).checked)}
    />
  );
}

function Instances({ counts }: { counts: Record<string, number> }) {
  return (
    <span class="instances">
      {Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([domain, n]) => (
          <span key={domain} class="badge instance" data-instance={domain}>
            {domain} <strong>{formatNumber(n)}</strong>
          </span>
        ))}
    </span>
  );
}

function ItemBadge({ k, st }: { k: string; st: ItemState }) {
  if (st.settled.has(k)) return <span class="badge ok">{t('trSettled')}</span>;
  if (st.queued.has(k)) return <span class="badge queued">{t('trQueued')}</span>;
  return null;
}

function RowCheck({ k, st, label }: { k: string; st: ItemState; label: string }) {
  const done = st.settled.has(k) || st.queued.has(k);
  return (
    <input
      type="checkbox"
      aria-label={label}
      disabled={done}
      checked={!done && st.selected.has(k)}
      onChange={(e) => st.toggle([k], (e.target as HTMLInputElement).checked)}
    />
  );
}

export function ReportTable(props: {
  keys: readonly string[];
  reports: ReadonlyMap<string, TriageReport>;
  origins: ReadonlyMap<string, string>;
  st: ItemState;
  caption: string;
}) {
  return (
    <div class="table-wrap">
      <table class="data items">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('trSelect')}</span>
            </th>
            <th scope="col">{t('trColInstance')}</th>
            <th scope="col">{t('trColAccount')}</th>
            <th scope="col">{t('trColComment')}</th>
            <th scope="col">{t('trColPost')}</th>
            <th scope="col">{t('trColReporter')}</th>
            <th scope="col">{t('trColWhen')}</th>
          </tr>
        </thead>
        <tbody>
          {props.keys.map((k) => {
            const r = props.reports.get(k);
            if (!r) return null;
            const post = r.posts[0];
            const origin = props.origins.get(r.instance);
            const link =
              origin && (r.platform === 'mastodon' ? `${origin}/admin/reports/${r.id}` : `${origin}/admin/abuses`);
            return (
              <tr key={k} data-report={k} class={props.st.settled.has(k) ? 'settled' : undefined}>
                <td>
                  <RowCheck k={k} st={props.st} label={t('trSelectReport', r.id, r.target.acct, r.instance)} />
                </td>
                <td class="inst">{r.instance}</td>
                <td>
                  <code>{r.target.acct}</code>
                  {r.target.suspended && <span class="badge spam">{t('trSuspended')}</span>}
                  {r.target.limited && !r.target.suspended && <span class="badge suspicious">{t('trLimited')}</span>}
                  <ItemBadge k={k} st={props.st} />
                </td>
                <td class="comment">
                  {clip(commentBody(r.comment), 160) || <span class="muted">{t('trNoComment')}</span>}
                  {r.category && <span class="muted small"> · {r.category}</span>}
                </td>
                <td class="post">
                  {post ? (
                    clip(post.text || post.cw, 140) || <span class="muted">{t('trNoText')}</span>
                  ) : (
                    <span class="muted">{t('trNoPosts')}</span>
                  )}
                  {r.posts.length > 1 && <span class="muted small"> (+{r.posts.length - 1})</span>}
                  {r.postsSource === 'recent' && <span class="muted small"> · {t('trRecentPosts')}</span>}
                </td>
                <td class="small">{r.reporter ?? '—'}</td>
                <td class="small">
                  {link ? (
                    <a href={link} target="_blank" rel="noreferrer" title={t('trOpenReport')}>
                      {formatRelative(r.createdAt)}
                    </a>
                  ) : (
                    formatRelative(r.createdAt)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function SignupTable(props: {
  keys: readonly string[];
  signups: ReadonlyMap<string, TriageSignup>;
  st: ItemState;
  caption: string;
}) {
  return (
    <div class="table-wrap">
      <table class="data items">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('trSelect')}</span>
            </th>
            <th scope="col">{t('trColInstance')}</th>
            <th scope="col">{t('trColUsername')}</th>
            <th scope="col">{t('trColEmail')}</th>
            <th scope="col">{t('trColIp')}</th>
            <th scope="col">{t('trColReason')}</th>
            <th scope="col">{t('trColWhen')}</th>
          </tr>
        </thead>
        <tbody>
          {props.keys.map((k) => {
            const s = props.signups.get(k);
            if (!s) return null;
            return (
              <tr key={k} data-signup={k} class={props.st.settled.has(k) ? 'settled' : undefined}>
                <td>
                  <RowCheck k={k} st={props.st} label={t('trSelectSignup', s.username, s.instance)} />
                </td>
                <td class="inst">{s.instance}</td>
                <td>
                  <code>{s.username}</code>
                  <ItemBadge k={k} st={props.st} />
                </td>
                <td class="small">
                  {s.email ?? '—'}
                  {!s.confirmed && <span class="muted"> · {t('trUnconfirmed')}</span>}
                </td>
                <td class="small mono">{s.ip ?? '—'}</td>
                <td class="comment">{clip(s.reason, 200) || <span class="muted">{t('trNoReason')}</span>}</td>
                <td class="small">{formatRelative(s.createdAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Actions(props: {
  actions: readonly TriageAction[];
  keys: readonly string[];
  st: ItemState;
  primary: TriageAction | null;
}) {
  const open = props.keys.filter((k) => !props.st.queued.has(k) && !props.st.settled.has(k));
  return (
    <div class="row actions">
      {props.actions.map((a) => (
        <button
          key={a}
          type="button"
          class={a === props.primary ? 'primary' : a === 'approve' || a === 'dismiss' ? '' : 'danger'}
          disabled={!open.length}
          data-action={a}
          onClick={() => props.st.act(a, open)}
        >
          {t(ACTION_LABEL[a])}
        </button>
      ))}
    </div>
  );
}

const REPORT_GROUP_ACTIONS: readonly ReportAction[] = ['suspend', 'limit', 'resolve', 'dismiss'];
const SIGNUP_GROUP_ACTIONS: readonly SignupAction[] = ['reject', 'reject_block', 'approve'];

export function ReportGroupCard(props: {
  group: ReportGroup;
  reports: ReadonlyMap<string, TriageReport>;
  origins: ReadonlyMap<string, string>;
  st: ItemState;
}) {
  const g = props.group;
  const title =
    g.kind === 'wave'
      ? t('trWaveTitle', formatNumber(g.keys.length), formatNumber(g.accounts))
      : t('trAccountTitle', formatNumber(g.keys.length), g.sample.acct ?? '');
  const headId = `h-${g.id}`;
  const left = g.keys.filter((k) => !props.st.settled.has(k)).length;
  return (
    <article
      class={`group-card ${g.kind}`}
      aria-labelledby={headId}
      data-group={g.id}
      data-kind={g.kind}
      data-size={g.keys.length}
      tabIndex={-1}
    >
      <header class="row">
        <GroupCheckbox keys={g.keys} st={props.st} label={t('trSelectGroup', title)} />
        <h3 id={headId}>{title}</h3>
        <Instances counts={g.instances} />
        <span class="spacer" />
        {left < g.keys.length && (
          <span class="badge ok">{t('trSettledCount', formatNumber(g.keys.length - left))}</span>
        )}
      </header>
      <ul class="reasons">
        {g.reasons.map((r) => (
          <li key={r.code + JSON.stringify(r.params)}>{groupReasonText(r)}</li>
        ))}
      </ul>
      <figure class="sample">
        <blockquote class="post-text">{g.sample.text || <span class="muted">{t('trNoText')}</span>}</blockquote>
        <figcaption class="small muted">
          {g.sample.acct && <code>{g.sample.acct}</code>}
          {g.sample.comments.length > 0 && (
            <span>
              {t('trComments')} {g.sample.comments.map((c) => `“${clip(c, 80)}”`).join(' · ')}
            </span>
          )}
        </figcaption>
      </figure>
      {/* Several reports about one account are no wave: nothing is suggested. */}
      <Actions
        actions={REPORT_GROUP_ACTIONS}
        keys={g.keys}
        st={props.st}
        primary={g.kind === 'wave' ? 'suspend' : null}
      />
      <details class="items">
        <summary>{t('trShowReports', formatNumber(g.keys.length))}</summary>
        <ReportTable keys={g.keys} reports={props.reports} origins={props.origins} st={props.st} caption={title} />
      </details>
    </article>
  );
}

export function SignupGroupCard(props: {
  group: SignupGroup;
  signups: ReadonlyMap<string, TriageSignup>;
  st: ItemState;
}) {
  const g = props.group;
  const title = t('trSignupWaveTitle', formatNumber(g.keys.length));
  const headId = `h-${g.id}`;
  return (
    <article
      class="group-card signups"
      aria-labelledby={headId}
      data-group={g.id}
      data-kind="signups"
      data-size={g.keys.length}
      tabIndex={-1}
    >
      <header class="row">
        <GroupCheckbox keys={g.keys} st={props.st} label={t('trSelectGroup', title)} />
        <h3 id={headId}>{title}</h3>
        <Instances counts={g.instances} />
      </header>
      <ul class="reasons">
        {g.reasons.map((r) => (
          <li key={r.code}>{groupReasonText(r)}</li>
        ))}
      </ul>
      <figure class="sample">
        <blockquote class="post-text">{g.sample.reason || <span class="muted">{t('trNoReason')}</span>}</blockquote>
        <figcaption class="small muted">
          <code>{g.sample.username}</code> {g.sample.email}
        </figcaption>
      </figure>
      <Actions actions={SIGNUP_GROUP_ACTIONS} keys={g.keys} st={props.st} primary="reject" />
      <details class="items">
        <summary>{t('trShowSignups', formatNumber(g.keys.length))}</summary>
        <SignupTable keys={g.keys} signups={props.signups} st={props.st} caption={title} />
      </details>
    </article>
  );
}
