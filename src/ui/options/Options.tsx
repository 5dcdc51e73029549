import { Instances } from './Instances';
import { Backup } from './Backup';
import { t } from '../i18n';

export function Options() {
  return (
    <main>
      <h1>{t('extName')}</h1>
      <Instances />
      <Backup />
    </main>
  );
}
