import { useEffect, useState } from 'preact/hooks';
import { send } from '../../messaging/client';
import { db } from '../../storage/db';
import { watchHealth, type StorageHealth } from '../../storage/health';
import { useLiveQuery } from '../useLiveQuery';

/**
 * Backup and storage: export everything to one JSON file, import one back (merging), and the
 * store's state (full or not, how much it holds), live. A minimal section: the options page's full
 * design and the Japanese text belong to issue 8 (the strings move to public/_locales then).
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
    setStatus({ kind: 'busy', what: 'Exporting...' });
    try {
      const res = await send({ type: 'ui:exportBackup' });
      if (!res.ok) return setStatus({ kind: 'error', message: res.message });
      const url = URL.createObjectURL(new Blob([res.json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = res.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus({ kind: 'done', message: `Saved ${res.filename}.` });
    } catch (e) {
      setStatus({ kind: 'error', message: String(e) });
    }
  }

  async function onImport(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setStatus({ kind: 'busy', what: `Importing ${file.name}...` });
    try {
      const res = await send({ type: 'ui:importBackup', text: await file.text() });
      if (!res.ok) return setStatus({ kind: 'error', message: res.message });
      const added = Object.values(res.counts).reduce((n, c) => n + c.added + c.updated, 0);
      const skipped = res.skipped.length ? ` Skipped: ${res.skipped.join('; ')}.` : '';
      setStatus({
        kind: 'done',
        message: `Imported ${added} entries; ${res.taught} decisions taught again.${skipped}`,
      });
    } catch (err) {
      setStatus({ kind: 'error', message: String(err) });
    }
  }

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Backup</h2>
      <p class="muted">
        Rules, subscriptions, your decisions, the audit log and settings, in one JSON file. Login tokens are never
        included.
      </p>
      <div class="row">
        <button type="button" onClick={() => void onExport()} disabled={status.kind === 'busy'}>
          Export backup
        </button>
        <label>
          Import backup{' '}
          <input
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
        class={`status ${health?.state === 'full' ? 'error' : ''}`}
        data-storage={health?.state}
      >
        {health?.state === 'full' ? health.message : 'Storage: working.'}
        {counts &&
          ` Holds ${counts.posts} posts seen, ${counts.waves} waves, ${counts.decisions} decisions, ${counts.audit} audit entries.`}
      </p>
    </section>
  );
}
