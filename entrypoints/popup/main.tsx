import { render } from 'preact';
import { t } from '../../src/ui/i18n';
import { Popup } from '../../src/ui/popup/Popup';
import '../../src/ui/page.css';

document.documentElement.lang = t('langCode');
render(<Popup />, document.getElementById('app')!);
