import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PlatformKind } from '../../core/model';
import { send } from '../../messaging/client';
import { PENDING_ADD_KEY, type PendingAdd, type TabStats } from '../../messaging/options';
import { candidateOrigins } from '../../platforms/nodeinfo';
import { db, type InstanceRow } from '../../storage/db';
import { setInstanceSettings } from '../../storage/instances';
import { formatNumber } from '../components/format';
import { Switch } from '../components/Switch';
import { t } from '../i18n';
import { addErrorMessage } from '../options/messages';
import { loginText, roleText } from '../options/InstanceCard';
import { useLiveQuery } from '../useLiveQuery';
import { withoutLeadingMentions } from '../components/format';
import { currentTab, detectTab } from './tab';

type TabInfo =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'instance'; tabId: number; domain: string }
  | { kind: 'candidate'; tabId: number; host: string; platform: PlatformKind }
  | { kind: 'other'; host: string | null };

function hostOf(url: string | null): { host: string; origin: string } | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? { host: u.host, origin: u.origin } : null;
  } catch {
    return null;
  }
}

/** What the popup knows of the current tab: an added instance, one that could be added, or neither. */
function useTabInfo(): [TabInfo, () => void] {
  const [info, setInfo] = useState<TabInfo>({ kind: 'loading' });
  const [n, setN] = useState(0);
  useEffect(() => {
    void (async () => {
      const tab = await currentTab();
      if (!tab) return setInfo({ kind: 'none' });
      const where = hostOf(tab.url);
      if (where) {
        const row = await db().instances.get(where.host);
        if (row && row.origin === where.origin) return setInfo({ kind: 'instance', tabId: tab.id, domain: row.domain });
      }
      const platform = await detectTab(tab.id);
      // Without the tab's address (no permission), the page itself is asked: activeTab allows that after a click.
      const host = where?.host ?? (platform ? await pageHost(tab.id) : null);
      if (platform && host) return setInfo({ kind: 'candidate', tabId: tab.id, host, platform });
      setInfo({ kind: 'other', host: where?.host ?? null });
    })();
  }, [n]);
  return [info, () => setN((x) => x + 1)];
}

async function pageHost(tabId: number): Promise<string | null> {
  try {
    const [res] = await browser.scripting.executeScript({ target: { tabId }, func: () => location.host });
    return typeof res?.result === 'string' ? res.result : null;
  } catch {
    return null;
  }
}

export function CurrentTab() {
  const [info, again] = useTabInfo();
  const [added, setAdded] = useState<string | null>(null);
  if (info.kind === 'loading') return <section class="current" aria-busy="true" />;
  if (info.kind === 'instance')
    return (
      <>
        {added && (
          <p role="status" class="status done">
            {added}
          </p>
        )}
        <InstanceTab tabId={info.tabId} domain={info.domain} />
      </>
    );
  if (info.kind === 'candidate')
    return (
      <AddThis
        host={info.host}
        platform={info.platform}
        onAdded={(msg) => {
          setAdded(msg);
          again();
        }}
      />
    );
  return (
    <section class="current" aria-label={t('popupThisPage')}>
      <p class="muted">{info.kind === 'other' && info.host ? t('popupNotFedi', info.host) : t('popupNoTab')}</p>
    </section>
  );
}

function AddThis(props: { host: string; platform: PlatformKind; onAdded: (message: string) => void }) {
  const [msg, setMsg] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const name = props.platform === 'mastodon' ? 'Mastodon' : 'Misskey';
  async function onAdd() {
    // First, while the click still counts as a gesture: the permission for this domain only. The
    // add is remembered first (not awaited: nothing may come between the click and the request), so
    // the background finishes it if the browser's prompt closes the popup.
    const origins = candidateOrigins(props.host).map((o) => `${o}/*`);
    const pending: PendingAdd = { domain: props.host, origins, at: Date.now() };
    void browser.storage.session.set({ [PENDING_ADD_KEY]: pending }).catch(() => {});
    const granted = await browser.permissions.request({ origins }).catch(() => false);
    void browser.storage.session.remove(PENDING_ADD_KEY).catch(() => {});
    if (!granted) return setMsg({ error: true, text: t('permissionRefused', props.host) });
    setBusy(true);
    setMsg({ error: false, text: t('addingInstance') });
    const res = await send({ type: 'ui:addInstance', domain: props.host }).catch((e: unknown) => ({
      ok: false as const,
      code: 'error',
      message: String(e),
    }));
    setBusy(false);
    if (res.ok) {
      props.onAdded(t('instanceAdded', res.instance.domain, res.instance.software, res.instance.version));
    } else setMsg({ error: true, text: addErrorMessage(res.code, props.host, res.message) });
  }
  return (
    <section class="current candidate" aria-label={t('popupThisPage')}>
      <p>{t('popupCandidate', props.host, name)}</p>
      <button type="button" class="primary" onClick={() => void onAdd()} disabled={busy}>
        {t('popupAddThis', props.host)}
      </button>
      {msg && (
        <p role="status" class={`status ${msg.error ? 'error' : 'done'}`}>
          {msg.text}
        </p>
      )}
    </section>
  );
}

function InstanceTab(props: { tabId: number; domain: string }) {
  const row = useLiveQuery(
    () => db().instances.get(props.domain),
    [props.domain],
    undefined as InstanceRow | undefined,
  );
  const [stats, setStats] = useState<TabStats | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      send({ type: 'ui:tabStats', tabId: props.tabId })
        .then((s) => !stop && setStats(s))
        .catch(() => {});
    void load();
    // Posts keep arriving while the popup is open (streaming timelines).
    const id = setInterval(load, 2_000);
    return () => {
      stop = true;
      clearInterval(id);
    };
  }, [props.tabId]);
  if (!row) return <section class="current" aria-busy="true" />;
  const paused = !!row.settings.paused;
  return (
    <section class="current" aria-label={t('popupThisPage')} data-domain={row.domain}>
      <div class="row">
        <strong class="domain">{row.domain}</strong>
        <span class={`badge platform ${row.platform}`}>{row.platform === 'mastodon' ? 'Mastodon' : 'Misskey'}</span>
        <span class="muted small">{row.version}</span>
      </div>
      <p class="small" data-login={row.login.kind}>
        {loginText(row)}
        {row.role !== 'unknown' && ` · ${roleText(row.role)}`}
      </p>
      {paused ? (
        <p class="notice">{t('popupPaused')}</p>
      ) : (
        <div
          class="counts"
          data-testid="page-counts"
          data-posts={stats?.posts ?? ''}
          data-spam={stats?.spam ?? ''}
          data-suspicious={stats?.suspicious ?? ''}
          data-waves={stats?.waves.length ?? ''}
        >
          <div class="count spam">
            <span class="n">{stats ? formatNumber(stats.spam) : '…'}</span>
            <span class="label">{t('labelSpam')}</span>
          </div>
          <div class="count suspicious">
            <span class="n">{stats ? formatNumber(stats.suspicious) : '…'}</span>
            <span class="label">{t('labelSuspicious')}</span>
          </div>
          <div class="count waves">
            <span class="n">{stats ? formatNumber(stats.waves.length) : '…'}</span>
            <span class="label">{t('popupWaves')}</span>
          </div>
        </div>
      )}
      {stats && !paused && (
        <p class="muted small" role="status">
          {t('popupChecked', formatNumber(stats.posts))}
        </p>
      )}
      {stats && stats.waves.length > 0 && !paused && (
        <ul class="popup-waves" aria-label={t('popupWaves')}>
          {stats.waves.slice(0, 3).map((w) => (
            <li key={w.id}>
              <span class="badge spam">{t('popupWaveSize', w.size, w.accounts)}</span>{' '}
              <span class="sample">{withoutLeadingMentions(w.sampleText).slice(0, 90)}</span>
            </li>
          ))}
        </ul>
      )}
      <Switch
        checked={paused}
        onChange={(v) => void setInstanceSettings(row.domain, { ...row.settings, paused: v })}
        label={t('popupPauseHere')}
      />
    </section>
  );
}
