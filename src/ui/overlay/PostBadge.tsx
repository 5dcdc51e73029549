/**
 * What a flagged post shows, in its own shadow root: the verdict badge (its reasons on hover and
 * keyboard focus; pressing it pins them with a "Not spam" button), the fresh-account chip, and the
 * "Select post" checkbox. Rendered by the page runtime whenever the verdict or selection changes.
 */
import { useState } from 'preact/hooks';
import type { Verdict } from '../../core/model';
import { freshLabel, reasonText, sortedReasons, verdictLabel, t } from './text';
import { trusted, trustedShown } from './trusted';

export interface PostBadgeProps {
  verdict: Verdict;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onNotSpam: () => void;
  onFocusWave: () => void;
}

export function PostBadge({ verdict, selected, onSelect, onNotSpam, onFocusWave }: PostBadgeProps) {
  const [open, setOpen] = useState(false);
  const label = verdictLabel(verdict);
  const fresh = freshLabel(verdict);
  const reasons = sortedReasons(verdict);
  const toggle = trusted((e: MouseEvent) => {
    e.preventDefault();
    setOpen(!open);
    onFocusWave();
  });
  const close = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) setOpen(false);
  };
  return (
    <div class="post" onKeyDown={close}>
      {label && (
        <button
          type="button"
          class={`badge ${verdict.verdict}`}
          aria-expanded={open}
          aria-describedby="bw-reasons"
          onClick={toggle}
          onMouseEnter={trusted(onFocusWave)}
        >
          {label}
        </button>
      )}
      {fresh &&
        (label ? (
          <span class="badge fresh" aria-hidden="true">
            {fresh}
          </span>
        ) : (
          <button type="button" class="badge fresh" aria-expanded={open} aria-describedby="bw-reasons" onClick={toggle}>
            {fresh}
          </button>
        ))}
      {label && fresh && <span class="sr">{fresh}</span>}
      <div id="bw-reasons" role="tooltip" class={open ? 'tip open' : 'tip'}>
        <h2>{t('ovReasonsTitle')}</h2>
        <ul>
          {reasons.map((r) => (
            <li key={r.code}>{reasonText(r)}</li>
          ))}
        </ul>
        {open && (
          <div class="row">
            <button type="button" class="btn small" onClick={trustedShown(() => (setOpen(false), onNotSpam()))}>
              {t('ovNotSpam')}
            </button>
          </div>
        )}
      </div>
      <label class="select">
        <input
          type="checkbox"
          checked={selected}
          aria-label={t('ovSelectPost')}
          onClick={trusted((e: MouseEvent) => onSelect((e.currentTarget as HTMLInputElement).checked))}
        />
        <span aria-hidden="true">{t('ovSelectPost')}</span>
      </label>
    </div>
  );
}
