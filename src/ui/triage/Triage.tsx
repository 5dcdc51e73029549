import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TriageAction } from '../../core/triage/actions';
import type { InstanceTriage, TriageSnapshot } from '../../core/triage/types';
import { send } from '../../messaging/client';
import { useBatches } from '../components/Batches';
import { formatNumber, formatRelative } from '../components/format';
import { ActionDialog } from './ActionDialog';
import { ReportGroupCard, ReportTable, SignupGroupCard, SignupTable, type ItemState } from './Groups';
import { batchState, describeSelection, indexSnapshot, isActive, open, type PageBatch } from './model';
import { PageBatches } from './PageBatches';
import { ACTION_LABEL, t } from './text';

/**
 * The triage page (issue 9): the open reports and pending sign-ups of every instance where the
 * user moderates, grouped by wave, largest group first, the "real" reports apart; actions on a
 * group or on a selection, through the action queue with its preview, progress and undo.
 *
 * Keyboard: Tab through everything; j / k move between groups, x selects or clears the focused
 * group, Escape clears the selection (or closes the preview).
 */

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; snapshot: TriageSnapshot };

const PAGE_BATCHES_KEY = 'breakwater:triage:batches';

function savedBatches(): PageBatch[] {
  try {
    const raw = sessionStorage.getItem(PAGE_BATCHES_KEY);
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? (list as PageBatch[]) : [];
  } catch {
    return [];
  }
}

const REPORT_BAR: readonly TriageAction[] = ['suspend', 'limit', 'resolve', 'dismiss'];
const SIGNUP_BAR: readonly TriageAction[] = ['reject', 'reject_block', 'approve'];

export function Triage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<{ action: TriageAction; keys: string[] } | null>(null);
  const [mine, setMine] = useState<PageBatch[]>(savedBatches);
  const [status, setStatus] = useState('');
  /** What the last decision queued and taught, shown until the next one. */
  const [lastAction, setLastAction] = useState<string | null>(null);
  const batches = useBatches(100) ?? [];
  const refreshedFor = useRef(new Set<string>());

  const fetchSnapshot = useCallback(async (refresh: boolean) => {
    setRefreshing(true);
    const started = performance.now();
    try {
      const r = await send({ type: 'ui:triageLoad', refresh });
      if (r.ok) {
        setLoad({ state: 'ready', snapshot: r.snapshot });
        const s = r.snapshot;
        setStatus(
          t(
            'trLoaded',
            formatNumber(s.reports.length),
            formatNumber(s.signups.length),
            formatNumber(s.instances.filter((i) => i.status !== 'no-login').length),
            ((performance.now() - started) / 1000).toFixed(1),
          ),
        );
        // Items no longer listed were settled (here or elsewhere): keep only what is still there.
        const listed = new Set([...s.reports.map((x) => x.key), ...s.signups.map((x) => x.key)]);
        setSelected((sel) => new Set([...sel].filter((k) => listed.has(k))));
      } else setLoad((l) => (l.state === 'ready' ? l : { state: 'error', message: r.message }));
      if (!r.ok) setStatus(t('trLoadFailed', r.message));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setLoad((l) => (l.state === 'ready' ? l : { state: 'error', message }));
      setStatus(t('trLoadFailed', message));
    } finally {
      setRefreshing(false);
    }
  }, []);

  useEffect(() => void fetchSnapshot(false), [fetchSnapshot]);
  useEffect(() => {
    try {
      sessionStorage.setItem(PAGE_BATCHES_KEY, JSON.stringify(mine.slice(-50)));
    } catch {
      // A page without session storage keeps them in memory only.
    }
  }, [mine]);

  const snapshot = load.state === 'ready' ? load.snapshot : null;
  const ix = useMemo(() => (snapshot ? indexSnapshot(snapshot) : null), [snapshot]);
  const { queued, settled } = useMemo(() => batchState(mine, batches), [mine, batches]);

  // When every batch this page started has finished, read the queues again: what the servers say
  // now replaces what the page assumed.
  useEffect(() => {
    if (!mine.length || refreshing) return;
    const byId = new Map(batches.map((b) => [b.batchId, b]));
    const all = mine.map((m) => byId.get(m.batchId));
    if (all.some((b) => !b || isActive(b))) return;
    const fresh = mine.filter((m) => !refreshedFor.current.has(m.batchId));
    if (!fresh.length) return;
    for (const m of fresh) refreshedFor.current.add(m.batchId);
    void fetchSnapshot(true);
  }, [mine, batches, refreshing, fetchSnapshot]);

  const toggle = useCallback((keys: readonly string[], on: boolean) => {
    setSelected((sel) => {
      const next = new Set(sel);
      for (const k of keys)
        if (on) next.add(k);
        else next.delete(k);
      return next;
    });
  }, []);

  const act = useCallback((action: TriageAction, keys: readonly string[]) => {
    setDialog({ action, keys: [...keys] });
  }, []);

  const st: ItemState = { selected, queued, settled, toggle, act };

  // Keyboard: j / k between groups, x selects the focused group, Escape clears the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || dialog) return;
      const target = e.target as HTMLElement | null;
      if (
        target &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
        (target as HTMLInputElement).type !== 'checkbox'
      )
        return;
      const cards = [...document.querySelectorAll<HTMLElement>('article.group-card')];
      const current = cards.findIndex((c) => c.contains(document.activeElement));
      if (e.key === 'j' || e.key === 'k') {
        if (!cards.length) return;
        const next = current < 0 ? 0 : Math.max(0, Math.min(cards.length - 1, current + (e.key === 'j' ? 1 : -1)));
        cards[next]!.focus();
        cards[next]!.scrollIntoView({ block: 'nearest' });
        e.preventDefault();
      } else if (e.key === 'x' && current >= 0) {
        cards[current]!.querySelector<HTMLInputElement>('input.group-check')?.click();
        e.preventDefault();
      } else if (e.key === 'Escape' && selected.size) {
        setSelected(new Set());
        setStatus(t('trSelectionCleared'));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dialog, selected]);

  const sel = ix ? describeSelection(selected, ix) : null;
  // The dialog's items, fixed while it is open (its preview is asked for once, not on every push).
  const dialogItems = useMemo(
    () =>
      dialog && ix
        ? {
            reports: dialog.keys.map((k) => ix.reports.get(k)).filter((r) => !!r),
            signups: dialog.keys.map((k) => ix.signups.get(k)).filter((x) => !!x),
          }
        : null,
    [dialog, ix],
  );
  const origins = new Map((snapshot?.instances ?? []).map((i) => [i.domain, i.origin]));

  return (
    <div class="page triage">
      <header class="topbar">
        <h1>
          <img src="/icon/48.png" alt="" width={24} height={24} /> {t('trTitle')}
        </h1>
        <nav aria-label={t('trNav')}>
          <a href={browser.runtime.getURL('/dashboard.html')}>{t('dashboardTitle')}</a>
          <a href={browser.runtime.getURL('/options.html')}>{t('optionsTitle')}</a>
        </nav>
        <span class="spacer" />
        {snapshot && <span class="muted small">{t('trLoadedAt', formatRelative(snapshot.loadedAt))}</span>}
        <button type="button" onClick={() => void fetchSnapshot(true)} disabled={refreshing}>
          {refreshing ? t('trRefreshing') : t('trRefresh')}
        </button>
      </header>
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      <main aria-busy={load.state === 'loading' || refreshing}>
        <p class="muted small keys-help">{t('trKeysHelp')}</p>
        {load.state === 'loading' && <p class="muted">{t('trLoading')}</p>}
        {load.state === 'error' && (
          <p class="field-error" role="alert">
            {t('trLoadFailed', load.message)}
          </p>
        )}
        {snapshot && ix && (
          <>
            <InstancesPanel instances={snapshot.instances} snapshot={snapshot} />
            {lastAction && (
              <p class="notice" data-testid="last-action">
                {lastAction}
              </p>
            )}
            <PageBatches mine={mine} batches={batches} onUndo={(b) => setMine((list) => [...list, b])} />
            <section class="card-section" aria-labelledby="reports-h">
              <h2 id="reports-h">{t('trReportsTitle', formatNumber(snapshot.reports.length))}</h2>
              {snapshot.reportGroups.length === 0 && snapshot.reportSingles.length === 0 ? (
                <p class="empty">{t('trNoReports')}</p>
              ) : (
                <>
                  {snapshot.reportGroups.map((g) => (
                    <ReportGroupCard key={g.id} group={g} reports={ix.reports} origins={origins} st={st} />
                  ))}
                  {snapshot.reportSingles.length > 0 && (
                    <div class="singles" data-testid="report-singles">
                      <h3>{t('trSinglesTitle', formatNumber(snapshot.reportSingles.length))}</h3>
                      <p class="muted small">{t('trSinglesHelp')}</p>
                      <ReportTable
                        keys={snapshot.reportSingles}
                        reports={ix.reports}
                        origins={origins}
                        st={st}
                        caption={t('trSinglesTitle', formatNumber(snapshot.reportSingles.length))}
                      />
                    </div>
                  )}
                </>
              )}
            </section>
            <section class="card-section" aria-labelledby="signups-h">
              <h2 id="signups-h">{t('trSignupsTitle', formatNumber(snapshot.signups.length))}</h2>
              {snapshot.signups.length === 0 ? (
                <p class="empty">{t('trNoSignups')}</p>
              ) : (
                <>
                  {snapshot.signupGroups.map((g) => (
                    <SignupGroupCard key={g.id} group={g} signups={ix.signups} st={st} />
                  ))}
                  {snapshot.signupSingles.length > 0 && (
                    <div class="singles" data-testid="signup-singles">
                      <h3>{t('trSignupSinglesTitle', formatNumber(snapshot.signupSingles.length))}</h3>
                      <SignupTable
                        keys={snapshot.signupSingles}
                        signups={ix.signups}
                        st={st}
                        caption={t('trSignupSinglesTitle', formatNumber(snapshot.signupSingles.length))}
                      />
                    </div>
                  )}
                </>
              )}
            </section>
          </>
        )}
      </main>
      {sel && selected.size > 0 && (
        <div class="selection-bar" role="region" aria-label={t('trSelectionBar')}>
          <span data-testid="selection-summary">
            {t(
              'trSelectionSummary',
              formatNumber(sel.reports.length),
              formatNumber(sel.accounts),
              formatNumber(sel.signups.length),
              formatNumber(sel.instances),
            )}
          </span>
          <span class="spacer" />
          {sel.reports.length > 0 &&
            REPORT_BAR.map((a) => (
              <button
                key={a}
                type="button"
                class={a === 'suspend' ? 'primary' : ''}
                onClick={() =>
                  act(
                    a,
                    open(
                      sel.reports.map((r) => r.key),
                      queued,
                      settled,
                    ),
                  )
                }
              >
                {t(ACTION_LABEL[a])}
              </button>
            ))}
          {sel.signups.length > 0 &&
            SIGNUP_BAR.map((a) => (
              <button
                key={a}
                type="button"
                class={a === 'reject' ? 'primary' : ''}
                onClick={() =>
                  act(
                    a,
                    open(
                      sel.signups.map((s) => s.key),
                      queued,
                      settled,
                    ),
                  )
                }
              >
                {t(ACTION_LABEL[a])}
              </button>
            ))}
          <button type="button" class="link" onClick={() => setSelected(new Set())}>
            {t('trClearSelection')}
          </button>
        </div>
      )}
      {dialog && dialogItems && snapshot && (
        <ActionDialog
          action={dialog.action}
          reports={dialogItems.reports}
          signups={dialogItems.signups}
          allReports={snapshot.reports}
          allSignups={snapshot.signups}
          onClose={() => setDialog(null)}
          onDone={(started, message) => {
            setMine((list) => [...list, ...started]);
            const covered = new Set(started.flatMap((b) => b.covers));
            setSelected((s) => new Set([...s].filter((k) => !covered.has(k))));
            setDialog(null);
            setStatus(message);
            setLastAction(message);
          }}
        />
      )}
    </div>
  );
}

function InstancesPanel(props: { instances: InstanceTriage[]; snapshot: TriageSnapshot }) {
  const s = props.snapshot;
  return (
    <section class="card-section" aria-labelledby="inst-h">
      <h2 id="inst-h">{t('trInstancesTitle')}</h2>
      {props.instances.length === 0 ? (
        <p class="empty">{t('trNoInstances')}</p>
      ) : (
        <ul class="triage-instances">
          {props.instances.map((i) => (
            <li key={i.domain} data-instance={i.domain} data-status={i.status}>
              <strong>{i.domain}</strong> <span class={`badge platform ${i.platform}`}>{i.platform}</span>{' '}
              {i.status === 'no-login' ? (
                <span class="muted">
                  {t('trNoLogin')} <a href={browser.runtime.getURL('/options.html')}>{t('trOpenOptions')}</a>
                </span>
              ) : (
                <span>
                  {i.account && <>{t('trAs', i.account)} · </>}
                  {t('trInstanceCounts', formatNumber(i.reports))}
                  {i.signups !== null && <> · {t('trInstanceSignups', formatNumber(i.signups))}</>}
                  <span class="muted small">
                    {' '}
                    · {t('trInstanceRequests', formatNumber(i.requests), (i.ms / 1000).toFixed(1))}
                  </span>
                </span>
              )}
              {i.message && i.status !== 'no-login' && (
                <p class={i.status === 'error' ? 'field-error small' : 'notice small'}>{i.message}</p>
              )}
              {i.refused.length > 0 && (
                <details class="small">
                  <summary>{t('trRefused', formatNumber(i.refused.length))}</summary>
                  <ul>
                    {i.refused.map((r, j) => (
                      <li key={j}>{r}</li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="muted small" data-testid="triage-timings">
        {t('trTimings', formatNumber(s.timings.fetchMs), formatNumber(s.timings.groupMs))}
      </p>
    </section>
  );
}
