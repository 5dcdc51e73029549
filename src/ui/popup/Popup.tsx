import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { CurrentTab } from './CurrentTab';
import { QueuePanel } from './QueuePanel';

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
        <button
          type="button"
          class="link"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/triage.html') })}
        >
          {t('openTriage')}
        </button>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupSettings')}
        </button>
      </header>
      <CurrentTab />
      <QueuePanel />
    </main>
  );
}
