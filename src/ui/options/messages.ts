import { t } from '../i18n';

/**
 * The background's errors as sentences in the browser's language. The background answers with a
 * stable code and an English message; the code picks the translation, the English message is kept
 * only for codes without one.
 */
export function addErrorMessage(code: string, domain: string, fallback = ''): string {
  switch (code) {
    case 'invalid-domain':
      return t('errInvalidDomain', domain);
    case 'unreachable':
      return t('errUnreachable', domain);
    case 'not-fediverse':
      return t('errNotFediverse', domain);
    case 'unsupported':
      return t('errUnsupported', domain);
    case 'permission-refused':
      return t('permissionRefused', domain);
    default:
      return fallback || code;
  }
}

export function listErrorMessage(code: string, fallback: string): string {
  switch (code) {
    case 'invalid-url':
      return `${t('errListUrl')} ${fallback}`;
    case 'duplicate':
      return t('errListDuplicate');
    case 'unreachable':
    case 'http':
      return `${t('errListFetch')} ${fallback}`;
    case 'too-large':
      return `${t('errListTooLarge')} ${fallback}`;
    case 'invalid':
      return `${t('errListInvalid')} ${fallback.replace(/^The list was refused: /, '')}`;
    default:
      return fallback;
  }
}
