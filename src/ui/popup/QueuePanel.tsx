import { useState } from 'preact/hooks';
import type { BatchProgress } from '../../core/queue/types';
import { send } from '../../messaging/client';
import { kindName, useBatches } from '../components/Batches';
import { formatNumber, formatRelative } from '../components/format';
import { t, type MessageKey } from '../i18n';

/**
 * The action queue in the popup: batches at work (queued, running, waiting for a server's limit,
 * paused) with Pause / Resume / Cancel, live from the background's `bg:batchProgress` pushes; and
 * the batches finished in the last day with their failures and, where the API allows, Undo.
 * Strings: locales/<lang>/queue.json (the kind and state names are the dashboard's).
 */

const ACTIVE = new Set<BatchProgress['state']>(['queued', 'running', 'waiting', 'paused']);
const RECENT_MS = 24 * 3_600_000;

function nameOf(b: BatchProgress): string {
  return `${kindName(b.kind)} · ${b.instance}`;
}

function Counts({ b }: { b: BatchProgress }) {
  const pct = b.total ? Math.round(((b.done + b.failed) / b.total) * 100) : 100;
  return (
    <div class="muted small">
      {t('batchCounts', formatNumber(b.done), formatNumber(b.total), formatNumber(b.failed), pct)}
      {b.waitUntil && b.state === 'waiting' ? ` · ${t('batchWaiting', formatRelative(b.waitUntil))}` : ''}
      {b.etaMs && ACTIVE.has(b.state) && b.state !== 'paused'
        ? ` · ${t('batchEta', formatRelative(Date.now() + b.etaMs))}`
        : ''}
    </div>
  );
}

function Failures({ b }: { b: BatchProgress }) {
  const paused = b.failures.filter((f) => !f.acct && f.message.startsWith('Paused: '));
  const failed = b.failures.filter((f) => f.acct);
  return (
    <>
      {paused.map((f) => (
        <p class="small warn" role="status">
          {t('queuePausedBecause', f.message.slice('Paused: '.length))}
        </p>
      ))}
      {failed.length > 0 && (
        <details class="small">
          <summary>{t('queueFailures', formatNumber(b.failed))}</summary>
          <ul class="failures">
            {failed.map((f) => (
              <li key={f.acct}>
                <code>{f.acct}</code> {f.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

export function QueuePanel() {
  const batches = useBatches(20);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  async function run(b: BatchProgress, what: () => Promise<{ ok: boolean; message?: string }>) {
    setBusy(b.batchId);
    try {
      const r = await what();
      setNote(r.ok ? null : t('queueProblem', r.message ?? ''));
    } catch (e) {
      setNote(t('queueProblem', String(e)));
    } finally {
      setBusy(null);
    }
  }
  const control = (b: BatchProgress, op: 'pause' | 'resume' | 'cancel') =>
    run(b, () => send({ type: 'ui:batchControl', req: { batchId: b.batchId, op } }));
  const undo = (b: BatchProgress) =>
    run(b, async () => {
      const r = await send({ type: 'ui:undoBatch', req: { batchId: b.batchId } });
      if (r.ok) setNote(t('queueUndoQueued'));
      return r.ok ? { ok: true } : r;
    });

  const list = batches ?? [];
  const active = list.filter((b) => ACTIVE.has(b.state));
  const recent = list.filter((b) => !ACTIVE.has(b.state) && Date.now() - b.createdAt < RECENT_MS).slice(0, 5);
  if (!active.length && !recent.length && !note) return null;
  return (
    <>
      {active.length > 0 && (
        <section class="current" aria-label={t('queueTitle')} data-testid="popup-batches">
          <strong>{t('queueTitle')}</strong>
          <ul class="batches">
            {active.map((b) => {
              const name = nameOf(b);
              const sure = confirm === b.batchId;
              return (
                <li key={b.batchId} data-batch={b.batchId} data-state={b.state} class={`batch ${b.state}`}>
                  <div class="row">
                    <strong>{name}</strong>
                    <span class={`badge state ${b.state}`}>{t(`batch_${b.state}` as MessageKey)}</span>
                    <span class="spacer" />
                    {b.state === 'paused' ? (
                      <button
                        type="button"
                        disabled={busy === b.batchId}
                        onClick={() => void control(b, 'resume')}
                        aria-label={t('batchResumeNamed', name)}
                      >
                        {t('batchResume')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        disabled={busy === b.batchId}
                        onClick={() => void control(b, 'pause')}
                        aria-label={t('batchPauseNamed', name)}
                      >
                        {t('batchPause')}
                      </button>
                    )}
                    <button
                      type="button"
                      class={sure ? 'danger' : ''}
                      disabled={busy === b.batchId}
                      onClick={() => {
                        if (!sure) return setConfirm(b.batchId);
                        setConfirm(null);
                        void control(b, 'cancel');
                      }}
                      aria-label={sure ? t('queueCancelSureNamed', name) : t('queueCancelNamed', name)}
                    >
                      {sure ? t('queueCancelSure') : t('queueCancel')}
                    </button>
                  </div>
                  <progress max={b.total || 1} value={b.done + b.failed} aria-label={t('batchProgressOf', name)} />
                  <Counts b={b} />
                  <Failures b={b} />
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {recent.length > 0 && (
        <section class="current" aria-label={t('queueRecent')} data-testid="popup-finished">
          <strong>{t('queueRecent')}</strong>
          <ul class="batches">
            {recent.map((b) => {
              const name = nameOf(b);
              return (
                <li key={b.batchId} data-batch={b.batchId} data-state={b.state} class={`batch ${b.state}`}>
                  <div class="row">
                    <strong>{name}</strong>
                    <span class={`badge state ${b.state}`}>{t(`batch_${b.state}` as MessageKey)}</span>
                    <span class="muted small">{formatRelative(b.createdAt)}</span>
                    <span class="spacer" />
                    {b.undoable && (
                      <button
                        type="button"
                        disabled={busy === b.batchId}
                        onClick={() => void undo(b)}
                        aria-label={t('queueUndoNamed', name)}
                      >
                        {t('queueUndo')}
                      </button>
                    )}
                  </div>
                  <Counts b={b} />
                  <Failures b={b} />
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {note && (
        <p class="small" role="status">
          {note}
        </p>
      )}
    </>
  );
}
