import { useState } from 'preact/hooks';
import type { BatchProgress } from '../../core/queue/types';
import { send } from '../../messaging/client';
import { kindName } from '../components/Batches';
import { formatNumber, formatRelative } from '../components/format';
import { t as ui, type MessageKey } from '../i18n';
import { isActive, type PageBatch } from './model';
import { t } from './text';

/**
 * The batches this page started, live from the action queue's pushes: progress, Pause / Resume /
 * Cancel while at work, failures, and Undo once finished where the API allows it (an undo is a new
 * batch, listed here too).
 */
export function PageBatches(props: {
  mine: readonly PageBatch[];
  batches: readonly BatchProgress[];
  onUndo(b: PageBatch): void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const byId = new Map(props.batches.map((b) => [b.batchId, b]));
  const shown = props.mine.map((m) => ({ m, b: byId.get(m.batchId) })).reverse();
  if (!shown.length) return null;

  async function run(id: string, what: () => Promise<{ ok: boolean; message?: string }>) {
    setBusy(id);
    try {
      const r = await what();
      setProblem(r.ok ? null : (r.message ?? null));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card-section" aria-labelledby="batches-h">
      <h2 id="batches-h">{t('trBatchesTitle')}</h2>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <ul class="batches">
        {shown.map(({ m, b }) => {
          if (!b)
            return (
              <li key={m.batchId} data-batch={m.batchId} class="batch">
                <span class="muted">{t('trBatchUnknown', m.instance)}</span>
              </li>
            );
          const name = `${kindName(b.kind)} · ${b.instance}`;
          const pct = b.total ? Math.round(((b.done + b.failed) / b.total) * 100) : 100;
          return (
            <li key={b.batchId} data-batch={b.batchId} data-state={b.state} class={`batch ${b.state}`}>
              <div class="row">
                <strong>{name}</strong>
                <span class={`badge state ${b.state}`}>{ui(`batch_${b.state}` as MessageKey)}</span>
                {b.undoOf && <span class="muted small">{t('trUndoOf')}</span>}
                <span class="spacer" />
                {isActive(b) &&
                  (b.state === 'paused' ? (
                    <button
                      type="button"
                      disabled={busy === b.batchId}
                      aria-label={ui('batchResumeNamed', name)}
                      onClick={() =>
                        void run(b.batchId, () =>
                          send({ type: 'ui:batchControl', req: { batchId: b.batchId, op: 'resume' } }),
                        )
                      }
                    >
                      {ui('batchResume')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={busy === b.batchId}
                      aria-label={ui('batchPauseNamed', name)}
                      onClick={() =>
                        void run(b.batchId, () =>
                          send({ type: 'ui:batchControl', req: { batchId: b.batchId, op: 'pause' } }),
                        )
                      }
                    >
                      {ui('batchPause')}
                    </button>
                  ))}
                {isActive(b) && (
                  <button
                    type="button"
                    class="danger"
                    disabled={busy === b.batchId}
                    aria-label={ui('queueCancelNamed', name)}
                    onClick={() =>
                      void run(b.batchId, () =>
                        send({ type: 'ui:batchControl', req: { batchId: b.batchId, op: 'cancel' } }),
                      )
                    }
                  >
                    {ui('queueCancel')}
                  </button>
                )}
                {b.undoable && (
                  <button
                    type="button"
                    disabled={busy === b.batchId}
                    aria-label={ui('queueUndoNamed', name)}
                    onClick={() =>
                      void run(b.batchId, async () => {
                        const r = await send({ type: 'ui:undoBatch', req: { batchId: b.batchId } });
                        if (r.ok) props.onUndo({ batchId: r.batchId, instance: b.instance, covers: [], accts: {} });
                        return r;
                      })
                    }
                  >
                    {ui('queueUndo')}
                  </button>
                )}
              </div>
              <progress max={b.total || 1} value={b.done + b.failed} aria-label={ui('batchProgressOf', name)} />
              <div class="muted small">
                {ui('batchCounts', formatNumber(b.done), formatNumber(b.total), formatNumber(b.failed), pct)}
                {b.waitUntil && b.state === 'waiting' ? ` · ${ui('batchWaiting', formatRelative(b.waitUntil))}` : ''}
              </div>
              {b.failures.length > 0 && (
                <details class="small">
                  <summary>{ui('queueFailures', formatNumber(b.failures.length))}</summary>
                  <ul class="failures">
                    {b.failures.slice(0, 100).map((f, i) => (
                      <li key={i}>
                        {f.acct && <code>{f.acct}</code>} {f.message}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
