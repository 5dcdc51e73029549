import { render } from 'preact';
import { t } from '../../src/ui/i18n';
import { Options } from '../../src/ui/options/Options';
import '../../src/ui/page.css';

document.title = `${t('optionsTitle')} · ${t('extName')}`;
document.documentElement.lang = t('langCode');
render(<Options />, document.getElementById('app')!);
