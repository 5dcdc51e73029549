import { dominantScript } from '../text/script';
import { reason, type Signal } from './types';

const CJK_RE = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const LETTER_RE = /[a-z\u0400-\u04ff]/;
const CJK_LANGS = new Set(['ja', 'zh', 'ko', 'yue', 'zh-cn', 'zh-tw', 'zh-hk']);
const LATIN_LANGS = new Set([
  'en',
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'pt',
  'sv',
  'da',
  'no',
  'nb',
  'fi',
  'pl',
  'cs',
  'tr',
  'id',
  'ca',
  'eu',
  'gl',
  'eo',
]);

/**
 * The declared language does not match the script the text is written in (a post tagged `en`
 * written in Japanese): bulk-posting tools send whatever the account's default is. Weak.
 */
export const language: Signal = {
  name: 'language',
  group: 'post',
  defaults: { enabled: true, weight: 0.05, threshold: 12 },
  thresholdMeaning: 'letters of text needed before the language is judged',
  evaluate({ post, cmp }, { weight, threshold }) {
    const lang = post.language?.toLowerCase() ?? null;
    if (!lang || cmp.length < threshold) return null;
    const base = lang.split('-')[0]!;
    // Fast exits: a Latin-language post without any CJK character, a CJK one without Latin letters.
    if (LATIN_LANGS.has(base) && !CJK_RE.test(cmp)) return null;
    if (CJK_LANGS.has(base) && !LETTER_RE.test(cmp)) return null;
    const script = dominantScript(cmp, true);
    const mismatch =
      (LATIN_LANGS.has(base) && script === 'cjk') ||
      (CJK_LANGS.has(base) && (script === 'latin' || script === 'cyrillic'));
    if (!mismatch) return null;
    return reason(
      'language',
      'post.languageMismatch',
      { language: lang, script },
      `Tagged as "${lang}" but written in ${script === 'cjk' ? 'CJK' : script} script`,
      weight,
    );
  },
};
