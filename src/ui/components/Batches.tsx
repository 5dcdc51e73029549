import { useEffect, useState } from 'preact/hooks';
import type { BatchProgress } from '../../core/queue/types';
import { send } from '../../messaging/client';
import { onBackgroundMessage } from '../../messaging/listen';
import { t, type MessageKey } from '../i18n';
import { formatNumber, formatRelative } from './format';

/**
 * The action queue's batches, live: the list the background keeps (`ui:listBatches`), updated by
 * its `bg:batchProgress` pushes, each with its progress and a Pause / Resume button
 * (`ui:batchControl`). Empty while the queue does not answer.
 */
export function useBatches(limit = 20): BatchProgress[] | null {
  const [batches, setBatches] = useState<BatchProgress[] | null>(null);
  useEffect(() => {
    let stopped = false;
    send({ type: 'ui:listBatches', req: { limit } })
      .then((list) => !stopped && setBatches(list))
      .catch(() => !stopped && setBatches([]));
    const remove = onBackgroundMessage({
      'bg:batchProgress': ({ progress }) =>
        setBatches((list) => {
          const rest = (list ?? []).filter((b) => b.batchId !== progress.batchId);
          return [progress, ...rest].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
        }),
    });
    return () => {
      stopped = true;
      remove();
    };
  }, [limit]);
  return batches;
}

const ACTIVE = new Set(['queued', 'running', 'waiting', 'paused']);

export function kindName(kind: string): string {
  const text = t(`kind_${kind}` as MessageKey);
  return text.startsWith('kind_') ? kind : text;
}

function stateName(state: BatchProgress['state']): string {
  return t(`batch_${state}` as MessageKey);
}

export function Batches(props: { batches: BatchProgress[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  async function control(b: BatchProgress, op: 'pause' | 'resume') {
    setBusy(b.batchId);
    try {
      await send({ type: 'ui:batchControl', req: { batchId: b.batchId, op } });
    } finally {
      setBusy(null);
    }
  }
  if (!props.batches.length) return <p class="empty">{t('noBatches')}</p>;
  return (
    <ul class="batches">
      {props.batches.map((b) => {
        const pct = b.total ? Math.round(((b.done + b.failed) / b.total) * 100) : 100;
        const name = `${kindName(b.kind)} · ${b.instance}`;
        return (
          <li key={b.batchId} data-batch={b.batchId} data-state={b.state} class={`batch ${b.state}`}>
            <div class="row">
              <strong>{name}</strong>
              <span class={`badge state ${b.state}`}>{stateName(b.state)}</span>
              <span class="muted small">{formatRelative(b.createdAt)}</span>
              <span class="spacer" />
              {ACTIVE.has(b.state) &&
                (b.state === 'paused' ? (
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
                ))}
            </div>
            <progress max={b.total || 1} value={b.done + b.failed} aria-label={t('batchProgressOf', name)} />
            <div class="muted small">
              {t('batchCounts', formatNumber(b.done), formatNumber(b.total), formatNumber(b.failed), pct)}
              {b.waitUntil && b.state === 'waiting' ? ` · ${t('batchWaiting', formatRelative(b.waitUntil))}` : ''}
              {b.etaMs && ACTIVE.has(b.state) ? ` · ${t('batchEta', formatRelative(Date.now() + b.etaMs))}` : ''}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
