import { useState } from 'preact/hooks';
import { db } from '../../storage/db';
import { auditToCsv, auditToJson, searchAudit, type AuditQuery } from '../../storage/audit';
import type { AuditRow } from '../../storage/schema';
import { kindName } from '../components/Batches';
import { download, formatDateTime, formatNumber } from '../components/format';
import { t, type MessageKey } from '../i18n';
import { useLiveQuery } from '../useLiveQuery';

/**
 * The audit log (the action queue's, issue 5): every action Breakwater took or tried, searchable,
 * read from the store live (a new line appears while the queue works), exported as CSV or JSON.
 * Strings: locales/<lang>/queue.json.
 */

const SHOWN = 500;
type ResultFilter = '' | AuditRow['result'];

function responseText(r: AuditRow): string {
  const resp = r.response as { status?: number; excerpt?: string; error?: string } | null;
  const status = resp && typeof resp.status === 'number' && resp.status > 0 ? `HTTP ${resp.status}` : '';
  return [r.detail, status].filter(Boolean).join(' · ');
}

export function AuditLog() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<ResultFilter>('');
  const query: AuditQuery = { text, ...(result ? { result } : {}) };
  const rows = useLiveQuery(() => searchAudit({ ...query, limit: SHOWN }, db()), [text, result], null);

  async function exportAs(kind: 'csv' | 'json') {
    const all = await searchAudit({ ...query, limit: Number.MAX_SAFE_INTEGER }, db());
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (kind === 'csv') download(auditToCsv(all), `breakwater-audit-${stamp}.csv`, 'text/csv');
    else download(auditToJson(all), `breakwater-audit-${stamp}.json`);
  }

  return (
    <section id="audit" aria-labelledby="audit-h" class="card-section">
      <h2 id="audit-h">{t('auditTitle')}</h2>
      <p class="muted">{t('auditIntro')}</p>
      <div class="row">
        <input
          type="search"
          aria-label={t('auditSearch')}
          placeholder={t('auditSearchPlaceholder')}
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <select
          aria-label={t('auditResultFilter')}
          value={result}
          onChange={(e) => setResult((e.target as HTMLSelectElement).value as ResultFilter)}
        >
          <option value="">{t('auditResultAll')}</option>
          {(['ok', 'failed', 'undone'] as const).map((r) => (
            <option value={r}>{t(`auditResult_${r}` as MessageKey)}</option>
          ))}
        </select>
        <span class="spacer" />
        <button type="button" onClick={() => void exportAs('csv')}>
          {t('auditExportCsv')}
        </button>
        <button type="button" onClick={() => void exportAs('json')}>
          {t('auditExportJson')}
        </button>
      </div>
      {rows && rows.length === 0 && <p class="empty">{t('auditEmpty')}</p>}
      {rows && rows.length > 0 && (
        <>
          <p class="muted small" role="status">
            {t('auditShown', formatNumber(rows.length), formatNumber(SHOWN))}
          </p>
          <div class="table-wrap">
            <table class="audit" data-testid="audit-log">
              <thead>
                <tr>
                  <th scope="col">{t('auditWhen')}</th>
                  <th scope="col">{t('auditInstance')}</th>
                  <th scope="col">{t('auditActor')}</th>
                  <th scope="col">{t('auditKind')}</th>
                  <th scope="col">{t('auditTarget')}</th>
                  <th scope="col">{t('auditResult')}</th>
                  <th scope="col">{t('auditDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-result={r.result}>
                    <td>{formatDateTime(r.at)}</td>
                    <td>{r.instance}</td>
                    <td>{r.actor ?? ''}</td>
                    <td>{kindName(r.kind)}</td>
                    <td>
                      <code>{r.target}</code>
                    </td>
                    <td>
                      <span class={`badge result ${r.result}`}>{t(`auditResult_${r.result}` as MessageKey)}</span>
                    </td>
                    <td>{responseText(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
