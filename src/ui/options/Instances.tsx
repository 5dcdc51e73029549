import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../../messaging/client';
import { normalizeDomain, candidateOrigins } from '../../platforms/nodeinfo';
import type { InstanceRow } from '../../storage/db';
import { t } from '../i18n';

type Status =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string } | { kind: 'added'; instance: InstanceRow };

export function Instances() {
  const [domain, setDomain] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [list, setList] = useState<InstanceRow[]>([]);

  const refresh = async () => setList(await send({ type: 'ui:listInstances' }));
  useEffect(() => void refresh(), []);

  async function onAdd(e: Event) {
    e.preventDefault();
    let normalized: string;
    try {
      normalized = normalizeDomain(domain);
    } catch (err) {
      setStatus({ kind: 'error', message: (err as Error).message });
      return;
    }
    // The permission request must come first, while the click still counts as a user gesture.
    const origins = candidateOrigins(normalized).map((o) => `${o}/*`);
    let granted: boolean;
    try {
      granted = await browser.permissions.request({ origins });
    } catch (err) {
      setStatus({ kind: 'error', message: String(err) });
      return;
    }
    if (!granted) {
      setStatus({ kind: 'error', message: t('permissionRefused', normalized) });
      return;
    }
    setStatus({ kind: 'busy' });
    const res = await send({ type: 'ui:addInstance', domain: normalized });
    if (res.ok) {
      setStatus({ kind: 'added', instance: res.instance });
      setDomain('');
    } else {
      setStatus({ kind: 'error', message: res.message });
    }
    await refresh();
  }

  async function onRemove(d: string) {
    await send({ type: 'ui:removeInstance', domain: d });
    await refresh();
  }

  return (
    <section aria-labelledby="instances-h">
      <h2 id="instances-h">{t('instancesTitle')}</h2>
      <form onSubmit={onAdd} class="row">
        <label for="instance-domain">{t('instanceDomain')}</label>
        <input
          id="instance-domain"
          name="domain"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="mastodon.social"
          value={domain}
          onInput={(e) => setDomain((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={status.kind === 'busy'}>
          {t('addInstance')}
        </button>
      </form>
      <p role="status" aria-live="polite" class={`status ${status.kind}`}>
        {status.kind === 'busy' && t('addingInstance')}
        {status.kind === 'error' && status.message}
        {status.kind === 'added' &&
          t('instanceAdded', status.instance.domain, status.instance.software, status.instance.version)}
      </p>
      <ul class="instances" aria-label={t('instancesTitle')}>
        {list.map((row) => (
          <li key={row.domain} data-domain={row.domain}>
            <strong>{row.domain}</strong>{' '}
            <span class="muted">
              {row.software} {row.version}
            </span>{' '}
            <button
              type="button"
              onClick={() => void onRemove(row.domain)}
              aria-label={t('removeInstanceNamed', row.domain)}
            >
              {t('removeInstance')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
