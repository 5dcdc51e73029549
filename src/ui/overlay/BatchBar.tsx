/**
 * The floating batch bar: what is flagged and selected on the page, selection helpers, the actions,
 * then a preview (whom, how many posts, which instance, the comment, the queue's plan), the
 * progress live from the action queue, and a summary with Undo where the API allows it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionKind, BatchPlan, BatchProgress } from '../../core/queue/types';
import { BATCH_LIMITS } from '../../core/queue/types';
import type { BatchChoices, OverlayController, PreparedBatch } from './controller';
import type { OverlayModel, OverlaySnapshot } from './model';
import { CONFIRM, STATE_LABEL, TITLE, actionLabel, formatDuration, limitText, t, visible } from './text';
import { trusted, trustedShown } from './trusted';

/**
 * The model's state, at most every 100 ms: posts stream in many times a second, and the bar is
 * not read faster than that.
 */
function useSnapshot(model: OverlayModel): OverlaySnapshot {
  const [snap, setSnap] = useState(() => model.snapshot());
  useEffect(() => {
    setSnap(model.snapshot());
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = model.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setSnap(model.snapshot());
      }, 100);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [model]);
  return snap;
}

/** Kinds whose buttons warn (red): they take an account or notes away from everyone. */
const DANGER: ReadonlySet<ActionKind> = new Set<ActionKind>(['suspend', 'limit', 'delete_note']);

const MUTE_DURATIONS: [number, Parameters<typeof t>[0]][] = [
  [0, 'ovDurIndefinite'],
  [21_600, 'ovDur6h'],
  [86_400, 'ovDur1d'],
  [604_800, 'ovDur7d'],
];

interface Dialog {
  batch: PreparedBatch;
  choices: BatchChoices;
  plan: BatchPlan | null;
  phase: 'preview' | 'sending' | 'progress';
  batchId: string | null;
  error: string | null;
}

const accountsOf = (keys: Iterable<string>, snap: OverlaySnapshot) =>
  new Set([...keys].map((k) => snap.flagged.get(k)?.acct).filter(Boolean)).size;

export interface BatchBarProps {
  model: OverlayModel;
  controller: OverlayController;
}

export function BatchBar({ model, controller }: BatchBarProps) {
  const snap = useSnapshot(model);
  const [min, setMin] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const dialogHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (dialog?.phase === 'preview') dialogHeading.current?.focus();
  }, [dialog?.phase, dialog?.batch]);
  // Signed in as moderator (pushed by the background): the sign-in notice is done.
  useEffect(() => {
    if (snap.access.moderatorToken) {
      setSigningIn(false);
      setNotice((n) => (n && !n.error ? null : n));
    }
  }, [snap.access.moderatorToken]);

  const flagged = snap.flagged.size;
  const selectedCount = snap.selected.size;
  if (!flagged && !selectedCount && !snap.batches.length && !dialog) return null;

  // A preview being filled in or sent holds the actions; a batch's progress does not.
  const busy = !!dialog && dialog.phase !== 'progress';
  const wave = snap.focusWave;
  const waveKeys = wave ? [...snap.flagged.values()].filter((p) => p.verdict.wave === wave).map((p) => p.key) : [];
  const waveInfo = wave ? snap.waves.get(wave) : undefined;
  const { access } = snap;
  const needsSignIn = access.moderator.length > 0 && !access.moderatorToken;

  const fail = (e: unknown) =>
    setNotice({ text: t('ovError', visible(e instanceof Error ? e.message : String(e))), error: true });

  const open = (kind: ActionKind) =>
    trustedShown(() => {
      setNotice(null);
      controller.prepare(kind).then((batch) => {
        if (!batch) {
          if (kind === 'resolve_report') setNotice({ text: t('mkNoOpenReports') });
          return;
        }
        const choices: BatchChoices = {
          comment: batch.defaultComment,
          forward: batch.remoteAccounts > 0,
          durationSeconds: 0,
          notifications: true,
          note: '',
        };
        setDialog({ batch, choices, plan: null, phase: 'preview', batchId: null, error: null });
        controller.plan(batch, choices).then(
          (plan) => setDialog((d) => (d && d.batch === batch ? { ...d, plan } : d)),
          (e) => setDialog((d) => (d && d.batch === batch ? { ...d, error: String(e) } : d)),
        );
      }, fail);
    });

  const setChoice = <K extends keyof BatchChoices>(key: K, value: BatchChoices[K]) =>
    setDialog((d) => (d ? { ...d, choices: { ...d.choices, [key]: value } } : d));

  const confirm = trustedShown(() => {
    if (!dialog || dialog.phase !== 'preview') return;
    const { batch, choices } = dialog;
    setDialog({ ...dialog, phase: 'sending', error: null });
    controller.enqueue(batch, choices).then(
      (res) => {
        if (res.ok) setDialog((d) => (d ? { ...d, phase: 'progress', batchId: res.batchId } : d));
        else setDialog((d) => (d ? { ...d, phase: 'preview', error: res.message } : d));
      },
      (e) => setDialog((d) => (d ? { ...d, phase: 'preview', error: String(e) } : d)),
    );
  });

  const signIn = trusted(() => {
    setSigningIn(true);
    controller.signInAsModerator().then(
      (r) => {
        setNotice(
          r.ok ? { text: t('ovSignInStarted') } : { text: t('ovError', visible(r.message ?? '')), error: true },
        );
        if (!r.ok) setSigningIn(false);
      },
      (e) => (setSigningIn(false), fail(e)),
    );
  });

  const notSpam = trustedShown(() => {
    const keys = [...snap.selected];
    controller.notSpam(keys).then((n) => setNotice({ text: t('ovNotSpamDone', n) }), fail);
  });

  if (min) {
    return (
      <section class="bar min" role="region" aria-label={t('ovBarName')} data-theme={snap.theme}>
        <button type="button" class="btn" data-bw-focus onClick={trusted(() => setMin(false))}>
          {t('ovExpand')} <span class="count-badge">{selectedCount || flagged}</span>
        </button>
      </section>
    );
  }

  const actionButton = (kind: ActionKind, disabled = false) => (
    <button
      type="button"
      class={DANGER.has(kind) ? 'btn danger' : 'btn'}
      disabled={disabled || !selectedCount || busy}
      onClick={open(kind)}
      key={kind}
    >
      {actionLabel(kind)}
    </button>
  );

  const batchShown = dialog?.phase === 'progress' ? dialog.batchId : null;
  const others = snap.batches.filter((b) => b.batchId !== batchShown).slice(0, 3);

  return (
    <section class="bar" role="region" aria-label={t('ovBarName')}>
      <header>
        <strong>{t('ovBarName')}</strong>
        <span class="spacer" />
        <button
          type="button"
          class="btn small"
          aria-label={t('ovMinimize')}
          title={t('ovMinimize')}
          onClick={trusted(() => setMin(true))}
        >
          –
        </button>
      </header>
      {wave && waveKeys.length > 0 && (
        <p class="summary" aria-live="polite">
          {t('ovWaveSummary', waveKeys.length, accountsOf(waveKeys, snap))}
          {waveInfo && waveInfo.size > waveKeys.length && (
            <span class="muted"> · {t('ovWaveSeen', waveInfo.size, Math.max(1, waveInfo.instances.length))}</span>
          )}
        </p>
      )}
      <p class="summary muted">{t('ovFlaggedSummary', flagged)}</p>
      <p class="summary" aria-live="polite">
        {selectedCount
          ? t('ovSelectedSummary', selectedCount, accountsOf(snap.selected, snap))
          : t('ovNothingSelected')}
      </p>
      <div class="row">
        <button
          type="button"
          class="btn"
          data-bw-focus
          disabled={!waveKeys.length}
          onClick={trusted(() => controller.selectWave(wave))}
        >
          {t('ovSelectWave')}
        </button>
        <button type="button" class="btn" disabled={!flagged} onClick={trusted(() => controller.selectAllFlagged())}>
          {t('ovSelectAllFlagged')}
        </button>
        <button
          type="button"
          class="btn"
          disabled={!selectedCount}
          onClick={trusted(() => controller.clearSelection())}
        >
          {t('ovClear')}
        </button>
      </div>
      <div role="group" aria-label={t('ovActions')} class="row">
        {access.user.map((k) => actionButton(k))}
        <button type="button" class="btn" disabled={!selectedCount || busy} onClick={notSpam}>
          {t('ovNotSpam')}
        </button>
      </div>
      {access.moderator.length > 0 && (
        <div role="group" aria-label={t('ovModeratorActions')}>
          <p class="group-label">
            {t('ovModeratorActions')}
            {access.moderatorAccount && !needsSignIn && <> · {t('ovModeratorAs', access.moderatorAccount)}</>}
          </p>
          <div class="row">
            {access.moderator.map((k) => actionButton(k, needsSignIn))}
            {needsSignIn && (
              <button type="button" class="btn primary" disabled={signingIn} onClick={signIn}>
                {t('ovSignInModerator')}
              </button>
            )}
          </div>
          {needsSignIn && <p class="muted">{t('ovSignInNeeded')}</p>}
        </div>
      )}
      {notice && (
        <p class={notice.error ? 'notice error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {dialog && (
        <Preview
          dialog={dialog}
          snap={snap}
          headingRef={dialogHeading}
          setChoice={setChoice}
          onConfirm={confirm}
          onClose={trusted(() => setDialog(null))}
          controller={controller}
          onUndone={(batchId) => setDialog((d) => (d ? { ...d, batchId } : d))}
          onError={fail}
        />
      )}
      {others.map((b) => (
        <BatchLine
          key={b.batchId}
          progress={b}
          controller={controller}
          onError={fail}
          undone={snap.batches.some((x) => x.undoOf === b.batchId)}
        />
      ))}
      <details>
        <summary>{t('ovShortcuts')}</summary>
        <ul>
          <li>{t('ovShortcutSelect')}</li>
          <li>{t('ovShortcutWave')}</li>
          <li>{t('ovShortcutAll')}</li>
          <li>{t('ovShortcutClear')}</li>
          <li>{t('ovShortcutBar')}</li>
        </ul>
      </details>
    </section>
  );
}

interface PreviewProps {
  dialog: Dialog;
  snap: OverlaySnapshot;
  headingRef: { current: HTMLHeadingElement | null };
  setChoice: <K extends keyof BatchChoices>(key: K, value: BatchChoices[K]) => void;
  onConfirm: (e: Event) => void;
  onClose: (e: Event) => void;
  controller: OverlayController;
  onUndone: (batchId: string) => void;
  onError: (e: unknown) => void;
}

function Preview({
  dialog,
  snap,
  headingRef,
  setChoice,
  onConfirm,
  onClose,
  controller,
  onUndone,
  onError,
}: PreviewProps) {
  const { batch, choices, plan } = dialog;
  const n = batch.count ?? (batch.kind === 'domain_block' ? batch.rows.length : batch.targets.length);
  const titleKey = TITLE[batch.kind];
  const confirmKey = CONFIRM[batch.kind];
  const progress = dialog.batchId ? snap.batches.find((b) => b.batchId === dialog.batchId) : undefined;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && dialog.phase !== 'sending') onClose(e);
  };
  return (
    <div class="dialog" role="dialog" aria-modal="false" aria-labelledby="bw-dialog-title" onKeyDown={onKey}>
      <h2 id="bw-dialog-title" tabIndex={-1} ref={headingRef}>
        {titleKey ? t(titleKey, n, batch.instance) : `${actionLabel(batch.kind)} (${n})`}
      </h2>
      {dialog.phase !== 'progress' && (
        <>
          <div class="targets-wrap">
            <table class="targets">
              <thead>
                <tr>
                  <th scope="col">{batch.kind === 'domain_block' ? t('ovColDomain') : t('ovColAccount')}</th>
                  <th scope="col">{t('ovColPosts')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {batch.rows.map((r) => (
                  <tr key={r.label}>
                    <td>{visible(r.label)}</td>
                    <td class="num">{r.posts}</td>
                    <td class="muted">{r.remote ? t('ovRemote') : t('ovLocal')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {batch.kind === 'report' && (
            <>
              <label class="field" for="bw-comment">
                {t('ovComment')}
              </label>
              <textarea
                id="bw-comment"
                maxLength={BATCH_LIMITS.comment}
                value={choices.comment}
                onInput={trusted((e: Event) => setChoice('comment', (e.currentTarget as HTMLTextAreaElement).value))}
              />
              <p class="muted">{t('ovCommentCount', choices.comment.length, BATCH_LIMITS.comment)}</p>
              {batch.linksInText && <p class="muted">{t('mkReportLinks')}</p>}
              {batch.remoteAccounts > 0 && batch.forwardable !== false && (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={choices.forward}
                    onClick={trusted((e: MouseEvent) =>
                      setChoice('forward', (e.currentTarget as HTMLInputElement).checked),
                    )}
                  />
                  {t('ovForward', batch.remoteAccounts)}
                </label>
              )}
            </>
          )}
          {batch.kind === 'mute' && (
            <>
              <label class="field" for="bw-duration">
                {t('ovDuration')}
              </label>
              <select
                id="bw-duration"
                value={String(choices.durationSeconds)}
                onChange={trusted((e: Event) =>
                  setChoice('durationSeconds', Number((e.currentTarget as HTMLSelectElement).value)),
                )}
              >
                {MUTE_DURATIONS.map(([s, key]) => (
                  <option key={s} value={String(s)}>
                    {t(key)}
                  </option>
                ))}
              </select>
              <label class="check">
                <input
                  type="checkbox"
                  checked={choices.notifications}
                  onClick={trusted((e: MouseEvent) =>
                    setChoice('notifications', (e.currentTarget as HTMLInputElement).checked),
                  )}
                />
                {t('ovMuteNotifications')}
              </label>
            </>
          )}
          {batch.limit && <p class="muted">{limitText(batch.kind, batch.limit)}</p>}
          {(batch.noteField ?? (batch.kind === 'suspend' || batch.kind === 'limit')) && (
            <>
              {batch.linkedReports > 0 && <p class="muted">{t('ovLinkedReports', batch.linkedReports)}</p>}
              <label class="field" for="bw-note">
                {t('ovNote')}
              </label>
              <textarea
                id="bw-note"
                maxLength={BATCH_LIMITS.note}
                value={choices.note}
                onInput={trusted((e: Event) => setChoice('note', (e.currentTarget as HTMLTextAreaElement).value))}
              />
            </>
          )}
          <div role="status" class="muted">
            {!plan && !dialog.error && t('ovPlanning')}
            {plan && <PlanInfo plan={plan} moderatorToken={snap.access.moderatorToken} />}
          </div>
          {dialog.error && (
            <p class="notice error" role="alert">
              {t('ovError', visible(dialog.error))}
            </p>
          )}
          <div class="row">
            <button
              type="button"
              class={DANGER.has(batch.kind) ? 'btn primary danger' : 'btn primary'}
              disabled={dialog.phase === 'sending' || !plan || plan.actions.length === 0}
              onClick={onConfirm}
            >
              {confirmKey ? t(confirmKey, plan ? plan.actions.length : n) : actionLabel(batch.kind)}
            </button>
            <button type="button" class="btn" disabled={dialog.phase === 'sending'} onClick={onClose}>
              {t('ovCancel')}
            </button>
          </div>
        </>
      )}
      {dialog.phase === 'progress' && (
        <>
          {progress ? (
            <BatchLine
              progress={progress}
              controller={controller}
              onUndone={onUndone}
              onError={onError}
              undone={snap.batches.some((x) => x.undoOf === progress.batchId)}
            />
          ) : (
            <p class="muted">{t('ovStateQueued')}</p>
          )}
          <div class="row">
            <button type="button" class="btn" onClick={onClose}>
              {t('ovClose')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function PlanInfo({ plan, moderatorToken }: { plan: BatchPlan; moderatorToken: boolean }) {
  return (
    <>
      {/* The kind needs a moderator's token: a notice only while there is none. */}
      {plan.needsModeratorToken && !moderatorToken && <p class="notice error">{t('ovPlanNeedsModerator')}</p>}
      <p>{t('ovPlanEstimate', formatDuration(plan.estimatedMs))}</p>
      {/* A batch that takes minutes goes on without the page (the queue lives in the background). */}
      {plan.estimatedMs > 60_000 && <p>{t('mkCloseTab')}</p>}
      {plan.skipped.length > 0 && (
        <ul>
          {plan.skipped.map((s) => (
            <li key={s.acct}>{t('ovPlanSkipped', visible(s.acct), visible(s.reason))}</li>
          ))}
        </ul>
      )}
      {plan.warnings.map((w) => (
        <p key={w}>{visible(w)}</p>
      ))}
    </>
  );
}

interface BatchLineProps {
  progress: BatchProgress;
  controller: OverlayController;
  onUndone?: (batchId: string) => void;
  onError: (e: unknown) => void;
  /** An undo of this batch was queued already. */
  undone: boolean;
}

function BatchLine({ progress: p, controller, onUndone, onError, undone }: BatchLineProps) {
  const [undoing, setUndoing] = useState(false);
  const finished = p.state === 'done' || p.state === 'cancelled';
  const control = (op: 'pause' | 'resume' | 'cancel') =>
    trusted(() => {
      controller.control(p.batchId, op).then((r) => !r.ok && onError(r.message), onError);
    });
  const undo = trustedShown(() => {
    setUndoing(true);
    controller.undo(p.batchId).then(
      (r) => (r.ok ? onUndone?.(r.batchId) : (setUndoing(false), onError(r.message))),
      (e) => (setUndoing(false), onError(e)),
    );
  });
  const label = `${actionLabel(p.kind)}: ${t(STATE_LABEL[p.state])}`;
  return (
    <div class="batch" role="group" aria-label={label}>
      <div class="line">
        <strong class="grow">{label}</strong>
        {!finished && p.state !== 'paused' && (
          <button type="button" class="btn small" onClick={control('pause')}>
            {t('ovPause')}
          </button>
        )}
        {p.state === 'paused' && (
          <button type="button" class="btn small" onClick={control('resume')}>
            {t('ovResume')}
          </button>
        )}
        {!finished && (
          <button type="button" class="btn small" onClick={control('cancel')}>
            {t('ovCancelBatch')}
          </button>
        )}
        {finished && p.undoable && !p.undoOf && !undone && (
          <button type="button" class="btn small" disabled={undoing} onClick={undo}>
            {t('ovUndo')}
          </button>
        )}
      </div>
      <progress max={Math.max(1, p.total)} value={p.done + p.failed} aria-label={label} />
      <p class="muted" role="status">
        {t('ovProgress', p.done, p.total, p.failed)}
        {!finished && p.etaMs !== null && <> · {t('ovEta', formatDuration(p.etaMs))}</>}
        {p.state === 'waiting' && p.waitUntil !== null && (
          <> · {t('ovWaitingUntil', new Date(p.waitUntil).toLocaleTimeString())}</>
        )}
      </p>
      {p.failures.length > 0 && (
        <details>
          <summary>
            {t('ovFailures')} ({p.failures.length})
          </summary>
          <ul>
            {p.failures.slice(0, 50).map((f, i) => (
              <li key={i}>
                {visible(f.acct)}: {visible(f.message)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
