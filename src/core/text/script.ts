/** Which writing system a text is mostly in (for shingling and the language signal). */

/** Han, Hiragana, Katakana, Hangul and CJK punctuation: scripts written without spaces. */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) || // Hiragana, Katakana
    (code >= 0x3400 && code <= 0x4dbf) || // CJK Extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK Unified
    (code >= 0xac00 && code <= 0xd7af) || // Hangul syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK compatibility
    (code >= 0x3000 && code <= 0x303f) || // CJK punctuation
    (code >= 0xff66 && code <= 0xff9f) // half-width Katakana
  );
}

export type ScriptGuess = 'cjk' | 'latin' | 'cyrillic' | 'other' | 'none';

/**
 * The dominant script of a text, by letter count. `masked`: a comparison text, whose `⟨url⟩`
 * placeholders are not counted (`@` never is).
 */
export function dominantScript(text: string, masked = false): ScriptGuess {
  let cjk = 0;
  let latin = 0;
  let cyr = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) continue; // astral: emoji and rare scripts, not counted
    if (masked && c === 0x27e8 && text.startsWith('url\u27e9', i + 1)) {
      i += 4;
      continue;
    }
    if (isCjk(c)) cjk++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if (c >= 0x400 && c <= 0x4ff) cyr++;
    else if (c >= 0x370 && c !== 0x27e8 && c !== 0x27e9 && !(c >= 0x2000 && c <= 0x2bff) && c < 0x1f000) other++;
  }
  const total = cjk + latin + cyr + other;
  if (total === 0) return 'none';
  // Japanese and Chinese carry fewer characters per word: weigh them up. Ties go to the first.
  let best: ScriptGuess = 'cjk';
  let most = cjk * 2;
  if (latin > most) {
    best = 'latin';
    most = latin;
  }
  if (cyr > most) {
    best = 'cyrillic';
    most = cyr;
  }
  if (other > most) best = 'other';
  return best;
}
