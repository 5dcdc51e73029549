import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { planTriage, type TriageAction } from '../../core/triage/actions';
import type { BatchPlan } from '../../core/queue/types';
import type { TriageReport, TriageSignup } from '../../core/triage/types';
import { send } from '../../messaging/client';
import { kindName } from '../components/Batches';
import { formatNumber } from '../components/format';
import { formatDuration } from '../overlay/text';
import type { PageBatch } from './model';
import { ACTION_HELP, ACTION_LABEL, groupReasonText, t } from './text';

/**
 * The preview of a triage decision, as a modal dialog: what the action queue will do per instance
 * (`ui:planBatch`: actions, what it skips and why, its warnings, how long the limits make it take),
 * what cannot be done here, the note for the moderation log, whether the decision teaches the
 * engine; then the batches are enqueued (`ui:enqueueBatch`, in order) and the posts taught
 * (`ui:decide`).
 */
export interface DialogProps {
  action: TriageAction;
  reports: TriageReport[];
  signups: TriageSignup[];
  allReports: readonly TriageReport[];
  allSignups: readonly TriageSignup[];
  onDone(batches: PageBatch[], message: string): void;
  onClose(): void;
}

type Preview = { ok: true; plan: BatchPlan } | { ok: false; message: string };

export function ActionDialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  const [teach, setTeach] = useState(true);
  const [previews, setPreviews] = useState<Preview[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const plan = useMemo(
    () =>
      planTriage({
        action: props.action,
        reports: props.reports,
        signups: props.signups,
        note: '',
        allReports: props.allReports,
        allSignups: props.allSignups,
      }),
    [props.action, props.reports, props.signups, props.allReports, props.allSignups],
  );
  const takesNote = props.action === 'suspend' || props.action === 'limit';

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    let stopped = false;
    Promise.all(
      plan.batches.map((b) =>
        send({ type: 'ui:planBatch', req: b.req })
          .then((p): Preview => ({ ok: true, plan: p }))
          .catch((e: unknown): Preview => ({ ok: false, message: e instanceof Error ? e.message : String(e) })),
      ),
    ).then((list) => !stopped && setPreviews(list));
    return () => {
      stopped = true;
    };
  }, [plan]);

  const actions = previews?.reduce((n, p) => n + (p.ok ? p.plan.actions.length : 0), 0) ?? 0;
  const instances = new Set(plan.batches.map((b) => b.req.instance)).size;
  const items = props.reports.length + props.signups.length;

  async function confirm() {
    setBusy(true);
    setError(null);
    const started: PageBatch[] = [];
    const problems: string[] = [];
    const accts: Record<string, string> = {};
    for (const r of props.reports) accts[r.key] = r.target.acct;
    for (const s of props.signups) accts[s.key] = s.acct;
    for (const b of plan.batches) {
      const req =
        takesNote && note.trim() && (b.req.kind === 'suspend' || b.req.kind === 'limit')
          ? { ...b.req, options: { ...b.req.options, note: note.trim() } }
          : b.req;
      try {
        const r = await send({ type: 'ui:enqueueBatch', req });
        if (r.ok)
          started.push({
            batchId: r.batchId,
            instance: req.instance,
            covers: b.covers,
            accts: Object.fromEntries(b.covers.map((k) => [k, accts[k] ?? ''])),
          });
        else problems.push(`${req.instance}: ${r.message}`);
      } catch (e) {
        problems.push(`${req.instance}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    let taught = 0;
    if (teach && plan.teach && started.length) {
      const at = Date.now();
      for (const post of plan.teach.posts) {
        try {
          const r = await send({
            type: 'ui:decide',
            decision: { kind: plan.teach.kind, postKey: post.key, at },
            post,
          });
          if (r.ok) taught++;
        } catch {
          // A post the background refuses is not taught; the actions stand.
        }
      }
    }
    setBusy(false);
    if (problems.length && !started.length) {
      setError(problems.join('\n'));
      return;
    }
    const parts = [t('trQueuedBatches', formatNumber(started.length), formatNumber(instances))];
    if (taught) parts.push(t(plan.teach?.kind === 'not-spam' ? 'trTaughtNotSpam' : 'trTaughtSpam', taught));
    if (problems.length) parts.push(t('trSomeRefused', problems.join('; ')));
    props.onDone(started, parts.join(' '));
  }

  const title = t('trDialogTitle', t(ACTION_LABEL[props.action]), formatNumber(items));
  return (
    <dialog
      ref={ref}
      class="action-dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-help"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) props.onClose();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <p id="dialog-help" class="muted">
        {t(ACTION_HELP[props.action])}
      </p>
      {!previews ? (
        <p role="status">{t('trPreparing')}</p>
      ) : (
        <ul class="previews" aria-label={t('trPreviewList')}>
          {plan.batches.map((b, i) => {
            const p = previews[i]!;
            return (
              <li key={i} data-kind={b.req.kind} data-instance={b.req.instance}>
                <strong>
                  {kindName(b.req.kind)} · {b.req.instance}
                </strong>{' '}
                {p.ok ? (
                  <>
                    <span data-count={p.plan.actions.length}>
                      {t('trPreviewActions', formatNumber(p.plan.actions.length))}
                    </span>
                    {p.plan.estimatedMs > 0 && (
                      <span class="muted"> · {t('trPreviewTime', formatDuration(p.plan.estimatedMs))}</span>
                    )}
                    {p.plan.skipped.length > 0 && (
                      <details class="small">
                        <summary>{t('trPreviewSkipped', formatNumber(p.plan.skipped.length))}</summary>
                        <ul>
                          {p.plan.skipped.slice(0, 50).map((s, j) => (
                            <li key={j}>
                              <code>{s.acct}</code> {s.reason}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                    {p.plan.warnings.map((w, j) => (
                      <p key={j} class="notice small">
                        {w}
                      </p>
                    ))}
                  </>
                ) : (
                  <p class="field-error">{p.message}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {plan.skipped.length > 0 && (
        <div class="notice small" data-testid="triage-skipped">
          {[...new Map(plan.skipped.map((s) => [groupReasonText(s.reason), s])).entries()].map(([text]) => (
            <p key={text}>
              {text} ({formatNumber(plan.skipped.filter((s) => groupReasonText(s.reason) === text).length)})
            </p>
          ))}
        </div>
      )}
      {plan.warnings.map((w) => (
        <p key={w.code + JSON.stringify(w.params)} class="notice small">
          {groupReasonText(w)}
        </p>
      ))}
      {takesNote && (
        <div class="field">
          <label for="triage-note">{t('trNote')}</label>
          <textarea
            id="triage-note"
            rows={2}
            maxLength={2000}
            value={note}
            aria-describedby="triage-note-help"
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          />
          <span id="triage-note-help" class="small muted">
            {t('trNoteHelp')}
          </span>
        </div>
      )}
      {plan.teach && (
        <label class="row">
          <input type="checkbox" checked={teach} onChange={(e) => setTeach((e.target as HTMLInputElement).checked)} />
          {t(plan.teach.kind === 'spam' ? 'trTeachSpam' : 'trTeachNotSpam', formatNumber(plan.teach.posts.length))}
        </label>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="row dialog-buttons">
        <span class="spacer" />
        <button type="button" disabled={busy} onClick={props.onClose}>
          {t('trCancel')}
        </button>
        <button
          type="button"
          class="primary"
          disabled={busy || !previews || actions === 0}
          onClick={() => void confirm()}
        >
          {busy ? t('trWorking') : t('trConfirm', t(ACTION_LABEL[props.action]), formatNumber(actions))}
        </button>
      </div>
    </dialog>
  );
}
