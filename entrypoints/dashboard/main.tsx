import { render } from 'preact';
import { Dashboard } from '../../src/ui/dashboard/Dashboard';
import { t } from '../../src/ui/i18n';
import '../../src/ui/page.css';

document.title = `${t('dashboardTitle')} · ${t('extName')}`;
document.documentElement.lang = t('langCode');
render(<Dashboard />, document.getElementById('app')!);
