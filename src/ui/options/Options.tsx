import { Instances } from './Instances';
import { t } from '../i18n';

export function Options() {
  return (
    <main>
      <h1>{t('extName')}</h1>
      <Instances />
    </main>
  );
}
