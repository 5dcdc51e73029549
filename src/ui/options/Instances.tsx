import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../../messaging/client';
import { candidateOrigins, normalizeDomain } from '../../platforms/nodeinfo';
import type { InstanceRow } from '../../storage/db';
import { listInstances } from '../../storage/instances';
import { tokenSources } from '../../storage/tokens';
import { Status, IDLE, type StatusState } from '../components/Status';
import { t } from '../i18n';
import { useLiveQuery } from '../useLiveQuery';
import { InstanceCard } from './InstanceCard';
import { addErrorMessage } from './messages';

/**
 * Instances: add one by its domain (the server is asked what it is, the browser for permission for
 * that domain only), see what was found and how the user is logged in there, sign in as moderator,
 * tune detection per instance, pause, remove. The list is read from the store live, so a login the
 * content script reports, or an instance added from the popup, shows at once.
 */
export type TokenInfo = Awaited<ReturnType<typeof tokenSources>>;

export function Instances() {
  const [domain, setDomain] = useState('');
  const [status, setStatus] = useState<StatusState>(IDLE);
  const list = useLiveQuery(() => listInstances(), [], [] as InstanceRow[]);
  const tokens = useLiveQuery(
    async () =>
      Object.fromEntries(await Promise.all(list.map(async (i) => [i.domain, await tokenSources(i.domain)] as const))),
    [list.map((i) => i.domain).join(' ')],
    {} as Record<string, TokenInfo>,
  );

  async function onAdd(e: Event) {
    e.preventDefault();
    let normalized: string;
    try {
      normalized = normalizeDomain(domain);
    } catch {
      setStatus({ kind: 'error', message: addErrorMessage('invalid-domain', domain.trim()) });
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
    setStatus({ kind: 'busy', message: t('addingInstance') });
    try {
      const res = await send({ type: 'ui:addInstance', domain: normalized });
      if (res.ok) {
        const i = res.instance;
        setStatus({ kind: 'done', message: t('instanceAdded', i.domain, i.software, i.version) });
        setDomain('');
      } else {
        setStatus({ kind: 'error', message: addErrorMessage(res.code, normalized, res.message) });
      }
    } catch (err) {
      setStatus({ kind: 'error', message: String(err) });
    }
  }

  return (
    <section id="instances" aria-labelledby="instances-h" class="card-section">
      <h2 id="instances-h">{t('instancesTitle')}</h2>
      <p class="muted">{t('instancesIntro')}</p>
      <form onSubmit={onAdd} class="row add-instance">
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
        <button type="submit" class="primary" disabled={status.kind === 'busy'}>
          {t('addInstance')}
        </button>
      </form>
      <Status state={status} />
      {list.length === 0 ? (
        <p class="empty">{t('noInstances')}</p>
      ) : (
        <ul class="instances" aria-label={t('instancesTitle')}>
          {list.map((row) => (
            <InstanceCard key={row.domain} row={row} tokens={tokens[row.domain] ?? []} />
          ))}
        </ul>
      )}
    </section>
  );
}
