import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { AuditLog } from './AuditLog';
import { Backup } from './Backup';
import { Instances } from './Instances';
import { Lists } from './lists/Lists';
import { Rules } from './rules/Rules';

/**
 * The options page: one page, sections in the order a volunteer sets Breakwater up (instances,
 * rules, shared lists, backup), with a navigation bar to jump between them and to the dashboard.
 */
export function Options() {
  return (
    <div class="page">
      <header class="topbar">
        <h1>
          <img src="/icon/48.png" alt="" width={24} height={24} /> {t('extName')}
        </h1>
        <nav aria-label={t('optionsNav')}>
          <a href="#instances">{t('instancesTitle')}</a>
          <a href="#rules">{t('rulesTitle')}</a>
          <a href="#lists">{t('listsTitle')}</a>
          <a href="#backup">{t('backupTitle')}</a>
          <a href="#audit">{t('auditTitle')}</a>
          <a href={browser.runtime.getURL('/dashboard.html')} class="to-dashboard">
            {t('openDashboard')}
          </a>
        </nav>
      </header>
      <main>
        <Instances />
        <Rules />
        <Lists />
        <Backup />
        <AuditLog />
      </main>
    </div>
  );
}
