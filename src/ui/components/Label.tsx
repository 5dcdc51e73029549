import type { VerdictLabel } from '../../core/model';
import { t } from '../i18n';

/** A verdict as a coloured badge with its name (colour is never the only cue). */
export function VerdictBadge(props: { label: VerdictLabel }) {
  const text =
    props.label === 'spam' ? t('labelSpam') : props.label === 'suspicious' ? t('labelSuspicious') : t('labelOk');
  return <span class={`badge ${props.label}`}>{text}</span>;
}
