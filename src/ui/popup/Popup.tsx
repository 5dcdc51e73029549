import { browser } from 'wxt/browser';
import { Batches, useBatches } from '../components/Batches';
import { t } from '../i18n';
import { CurrentTab } from './CurrentTab';

/** Batches still at work (queued, running, waiting for a limit, paused), with Pause / Resume. */
function ActiveBatches() {
  const batches = useBatches(10);
  const active = (batches ?? []).filter((b) => b.state !== 'done' && b.state !== 'cancelled');
  if (!active.length) return null;
  return (
    <section class="current" aria-label={t('batchesTitle')} data-testid="popup-batches">
      <strong>{t('batchesTitle')}</strong>
      <Batches batches={active} />
    </section>
  );
}

/**
 * The popup: the current tab (its instance, login and role, what is flagged on the page, a switch
 * to pause Breakwater there, or one click to add it), the action queue, and the way to the options
 * page and the dashboard.
 */
export function Popup() {
  return (
    <main class="popup">
      <header class="row">
        <h1>
          <img src="/icon/32.png" alt="" width={18} height={18} /> {t('extName')}
        </h1>
        <span class="spacer" />
        <button
          type="button"
          class="link"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') })}
        >
          {t('openDashboard')}
        </button>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupSettings')}
        </button>
      </header>
      <CurrentTab />
      <ActiveBatches />
    </main>
  );
}
