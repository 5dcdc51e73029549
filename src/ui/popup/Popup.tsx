import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../../messaging/client';
import type { InstanceRow } from '../../storage/db';
import { t } from '../i18n';

export function Popup() {
  const [list, setList] = useState<InstanceRow[] | null>(null);
  useEffect(() => void send({ type: 'ui:listInstances' }).then(setList), []);
  return (
    <main style={{ minWidth: '280px' }}>
      <h1 style={{ fontSize: '16px' }}>{t('extName')}</h1>
      {list && <p>{t('popupInstanceCount', list.length)}</p>}
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </main>
  );
}
