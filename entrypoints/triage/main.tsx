import { render } from 'preact';
import { t } from '../../src/ui/i18n';
import { Triage } from '../../src/ui/triage/Triage';
import '../../src/ui/page.css';
import '../../src/ui/triage/triage.css';

document.title = `${t('trTitle')} · ${t('extName')}`;
document.documentElement.lang = t('langCode');
render(<Triage />, document.getElementById('app')!);
