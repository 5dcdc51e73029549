import { useEffect, useState } from 'preact/hooks';
import { send } from '../../messaging/client';
import { db } from '../../storage/db';
import { watchHealth, type StorageHealth } from '../../storage/health';
import { t } from '../i18n';
import { useLiveQuery } from '../useLiveQuery';

/**
 * Backup and storage: export everything to one JSON file, import one back (merging), and the
 * store's state (full or not, how much it holds), live. Its text is in locales/<lang>/options.json.
 */

type Status = { kind: 'idle' } | { kind: 'busy'; what: string } | { kind: 'error' | 'done'; message: string };

export function Backup() {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [health, setHealth] = useState<StorageHealth | null>(null);
  useEffect(() => watchHealth(setHealth), []);
  const counts = useLiveQuery(
    async () => {
      const d = db();
      const [posts, waves, decisions, audit] = await Promise.all([
        d.posts.count(),
        d.waves.count(),
        d.decisions.count(),
        d.audit.count(),
      ]);
      return { posts, waves, decisions, audit };
    },
    [],
    null,
  );

  async function onExport() {
    setStatus({ kind: 'busy', what: t('backupExporting') });
    try {
      const res = await send({ type: 'ui:exportBackup' });
      if (!res.ok) return setStatus({ kind: 'error', message: res.message });
      const url = URL.createObjectURL(new Blob([res.json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = res.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus({ kind: 'done', message: t('backupSaved', res.filename) });
    } catch (e) {
      setStatus({ kind: 'error', message: String(e) });
    }
  }

  async function onImport(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setStatus({ kind: 'busy', what: t('backupImporting', file.name) });
    try {
      const res = await send({ type: 'ui:importBackup', text: await file.text() });
      if (!res.ok) return setStatus({ kind: 'error', message: res.message });
      const added = Object.values(res.counts).reduce((n, c) => n + c.added + c.updated, 0);
      const skipped = res.skipped.length ? ` ${t('backupSkipped', res.skipped.join('; '))}` : '';
      setStatus({ kind: 'done', message: t('backupImported', added, res.taught) + skipped });
    } catch (err) {
      setStatus({ kind: 'error', message: String(err) });
    }
  }

  return (
    <section id="backup" aria-labelledby="backup-h" class="card-section">
      <h2 id="backup-h">{t('backupTitle')}</h2>
      <p class="muted">{t('backupIntro')}</p>
      <div class="row">
        <button type="button" onClick={() => void onExport()} disabled={status.kind === 'busy'}>
          {t('backupExport')}
        </button>
        <label class="button">
          {t('backupImport')}{' '}
          <input
            class="visually-hidden"
            type="file"
            accept="application/json,.json"
            onChange={(e) => void onImport(e)}
            disabled={status.kind === 'busy'}
          />
        </label>
      </div>
      <p role="status" aria-live="polite" class={`status ${status.kind === 'done' ? 'added' : status.kind}`}>
        {status.kind === 'busy' && status.what}
        {(status.kind === 'error' || status.kind === 'done') && status.message}
      </p>
      <p
        role="status"
        aria-live="polite"
        class={`status ${health && health.state !== 'ok' ? 'error' : ''}`}
        data-storage={health?.state}
      >
        {health && health.state !== 'ok' ? health.message : t('storageWorking')}
        {counts && ` ${t('storageHolds', counts.posts, counts.waves, counts.decisions, counts.audit)}`}
      </p>
    </section>
  );
}
