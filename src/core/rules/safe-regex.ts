/**
 * A checker that refuses regular expressions which can take more than about linear time in a
 * backtracking engine (JavaScript's), so a shared rule can never freeze the browser:
 *
 * - backreferences (`\1`, `\k<name>`) and lookarounds: not needed for spam rules, and they defeat
 *   any reasoning about cost;
 * - nested quantifiers (`(a+)+`, `(\w*\s?)*`, `(aa?)*`): exponential; a count above 10 counts as
 *   no bound (`(a|b){0,1000}` is `(a|b)*`);
 * - an alternation under repetition whose branches can start with the same character, or one of
 *   whose branches can be empty (`(a|ab)*`, `(\w|\d)+`, `(a|)*`): exponential;
 * - two unbounded quantifiers in a sequence that can match the same characters, unless something
 *   between them must match a character neither can (`\s*\s*`, `.*.*`, `\w+\d+`, `.+(a|b)a{2,}`;
 *   `\w+@\w+` is fine): polynomial, quadratic or worse.
 *
 * Inputs are also cut to MAX_INPUT characters before matching, which bounds what is left.
 * Character overlap is decided by testing each atom on a sample alphabet with the real RegExp.
 */
export const MAX_PATTERN = 500;
export const MAX_INPUT = 4000;
const ALLOWED_FLAGS = /^[imsu]*$/;

type Node =
  | { t: 'atom'; src: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'group'; body: Node }
  | { t: 'quant'; body: Node; min: number; max: number; src: string };

class Bad extends Error {}

/** Characters every atom is tried on to decide whether two atoms can match the same character. */
const SAMPLE: string[] = (() => {
  const s: string[] = [];
  for (let c = 0x20; c < 0x7f; c++) s.push(String.fromCharCode(c));
  s.push('\t', '\n', '\u00a0', '\u3000', 'é', 'ß', 'А', 'а', 'α', 'あ', 'ア', '漢', '한', '😀', '\u200b', '０', 'Ａ');
  return s;
})();

function parse(src: string): Node {
  let i = 0;
  function alt(): Node {
    const branches: Node[] = [seq()];
    while (src[i] === '|') {
      i++;
      branches.push(seq());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', branches };
  }
  function seq(): Node {
    const items: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      let node = atom();
      const q = quantifier();
      if (q) node = { t: 'quant', body: node, ...q };
      items.push(node);
    }
    return { t: 'seq', items };
  }
  function quantifier(): { min: number; max: number; src: string } | null {
    const start = i;
    const c = src[i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return null;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if ((Number.isFinite(max) && max > 1000) || min > 1000) throw new Bad(`repetition count above 1000 in "${m[0]}"`);
      i += m[0].length - 1;
    } else return null;
    i++;
    if (src[i] === '?' || src[i] === '+') i++; // lazy; possessive is a syntax error in JS anyway
    if (src[i] === '*' || src[i] === '+' || src[i] === '{' || (src[i] === '?' && src[i - 1] !== '?')) {
      if (src[i] === '{' && !/^\{\d+(,\d*)?\}/.test(src.slice(i))) return { min, max, src: src.slice(start, i) };
      throw new Bad(`quantifier applied twice at "${src.slice(start, i + 1)}"`);
    }
    return { min, max, src: src.slice(start, i) };
  }
  function atom(): Node {
    const start = i;
    const c = src[i]!;
    if (c === '(') {
      i++;
      if (src.startsWith('?=', i) || src.startsWith('?!', i) || src.startsWith('?<=', i) || src.startsWith('?<!', i)) {
        throw new Bad('lookarounds are not supported');
      }
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?<', i)) {
        const end = src.indexOf('>', i);
        if (end < 0) throw new Bad('unterminated group name');
        i = end + 1;
      }
      const body = alt();
      if (src[i] !== ')') throw new Bad('unbalanced parenthesis');
      i++;
      return { t: 'group', body };
    }
    if (c === '[') {
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      if (i >= src.length) throw new Bad('unterminated character class');
      i++;
      return { t: 'atom', src: src.slice(start, i) };
    }
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) throw new Bad('trailing backslash');
      if (/[1-9]/.test(d) || (d === 'k' && src[i + 2] === '<')) throw new Bad('backreferences are not allowed');
      if (d === 'u' && src[i + 2] === '{') {
        const end = src.indexOf('}', i);
        i = end < 0 ? i + 2 : end + 1;
      } else if (d === 'u') i += 6;
      else if (d === 'x') i += 4;
      else if ((d === 'p' || d === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i);
        i = end < 0 ? i + 2 : end + 1;
      } else if (d === 'c') i += 3;
      else i += 2;
      return { t: 'atom', src: src.slice(start, i) };
    }
    if (c === ')') throw new Bad('unbalanced parenthesis');
    if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d/.test(src.slice(i))))
      throw new Bad(`nothing to repeat at "${c}"`);
    i++;
    // A surrogate pair is one character.
    if (c >= '\ud800' && c <= '\udbff' && i < src.length) i++;
    return { t: 'atom', src: src.slice(start, i) };
  }
  const root = alt();
  if (i < src.length) throw new Bad('unbalanced parenthesis');
  return root;
}

function toSource(n: Node): string {
  switch (n.t) {
    case 'atom':
      return n.src;
    case 'seq':
      return n.items.map(toSource).join('');
    case 'alt':
      return n.branches.map(toSource).join('|');
    case 'group':
      return `(?:${toSource(n.body)})`;
    case 'quant':
      return toSource(n.body) + n.src;
  }
}

function nullable(n: Node): boolean {
  switch (n.t) {
    case 'atom':
      return n.src === '^' || n.src === '$' || n.src === '\\b' || n.src === '\\B';
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.branches.some(nullable);
    case 'group':
      return nullable(n.body);
    case 'quant':
      return n.min === 0 || nullable(n.body);
  }
}

/**
 * A count above this is as bad as no bound: `\S{0,1000}\w{0,1000}` backtracks like `\S*\w*`
 * (ten seconds on 600 characters), `(a|b){0,1000}` like `(a|b)*`.
 */
const LARGE = 10;
const isLarge = (q: { max: number }) => q.max > LARGE;

/** Whether the node holds a quantifier whose count can vary (`?`, `*`, `{1,3}`...). */
function hasRepeat(n: Node): boolean {
  switch (n.t) {
    case 'atom':
      return false;
    case 'seq':
      return n.items.some(hasRepeat);
    case 'alt':
      return n.branches.some(hasRepeat);
    case 'group':
      return hasRepeat(n.body);
    case 'quant':
      return n.min !== n.max || hasRepeat(n.body);
  }
}

/** Whether the node holds a quantifier without a bound, or with a large one (see LARGE). */
function hasUnbounded(n: Node): boolean {
  switch (n.t) {
    case 'atom':
      return false;
    case 'seq':
      return n.items.some(hasUnbounded);
    case 'alt':
      return n.branches.some(hasUnbounded);
    case 'group':
      return hasUnbounded(n.body);
    case 'quant':
      return isLarge(n) || hasUnbounded(n.body);
  }
}

/** Which sample characters the node can start with (bitset over SAMPLE), using the real RegExp. */
function firstChars(n: Node, flags: string): boolean[] {
  const out = SAMPLE.map(() => false);
  const add = (node: Node): boolean => {
    // Returns whether `node` can be skipped (matches empty), so the next item's first chars count too.
    switch (node.t) {
      case 'atom': {
        if (nullable(node)) return true;
        let re: RegExp;
        try {
          re = new RegExp(`^(?:${node.src})$`, flags.replace('u', '') + 'u');
        } catch {
          re = new RegExp(`^(?:${node.src})$`, flags);
        }
        SAMPLE.forEach((ch, k) => {
          if (re.test(ch)) out[k] = true;
        });
        return false;
      }
      case 'seq':
        for (const it of node.items) if (!add(it)) return false;
        return true;
      case 'alt': {
        let any = false;
        for (const b of node.branches) if (add(b)) any = true;
        return any;
      }
      case 'group':
        return add(node.body);
      case 'quant':
        return add(node.body) || node.min === 0;
    }
  };
  add(n);
  return out;
}

/** All characters any part of the node can match (for adjacent-quantifier overlap). */
function anyChars(n: Node, flags: string): boolean[] {
  const out = SAMPLE.map(() => false);
  const walk = (node: Node) => {
    if (node.t === 'atom') firstChars(node, flags).forEach((v, k) => v && (out[k] = true));
    else if (node.t === 'seq') node.items.forEach(walk);
    else if (node.t === 'alt') node.branches.forEach(walk);
    else walk(node.body);
  };
  walk(n);
  return out;
}

function overlap(a: boolean[], b: boolean[]): boolean {
  return a.some((v, k) => v && b[k]);
}

function check(n: Node, flags: string): void {
  switch (n.t) {
    case 'atom':
      return;
    case 'group':
      return check(n.body, flags);
    case 'alt':
      return n.branches.forEach((b) => check(b, flags));
    case 'quant': {
      if (n.max > 1) {
        // Bounded inside bounded (`(\d{1,3}\.){3}`) stays small; anything unbounded does not.
        // Under a large repetition nothing may vary in length (`(aa?)*` split "aaaa" in every way,
        // minutes on 600 characters); under a small one nothing may be large (`(\d{1,3}\.){3}` is fine).
        if (isLarge(n) ? hasRepeat(n.body) : hasUnbounded(n.body)) {
          throw new Bad(`nested quantifier in "${toSource(n)}" can take exponential time`);
        }
        if (nullable(n.body)) throw new Bad(`repeated part of "${toSource(n)}" can match nothing`);
        const alts: Node[] = [];
        const findAlt = (x: Node) => {
          if (x.t === 'alt') alts.push(x);
          else if (x.t === 'group') findAlt(x.body);
          else if (x.t === 'seq' && x.items.length === 1) findAlt(x.items[0]!);
        };
        findAlt(n.body);
        for (const a of alts) {
          if (a.t !== 'alt') continue;
          if (a.branches.some(nullable)) throw new Bad(`empty alternative under repetition in "${toSource(n)}"`);
          const firsts = a.branches.map((b) => firstChars(b, flags));
          for (let x = 0; x < firsts.length; x++) {
            for (let y = x + 1; y < firsts.length; y++) {
              if (overlap(firsts[x]!, firsts[y]!)) {
                throw new Bad(`alternatives of "${toSource(n)}" overlap under repetition (exponential time)`);
              }
            }
          }
        }
      }
      return check(n.body, flags);
    }
    case 'seq': {
      n.items.forEach((it) => check(it, flags));
      // Two unbounded parts that can match the same characters, with nothing between them that
      // must match a character neither can (a separator, like the `@` of `\w+@\w+`): the engine
      // tries every way to share a run between them, quadratic or worse (`.+(a|b)a{2,}` took
      // seconds on 600 characters; only adjacent ones, `\s*\s*`, used to be refused).
      const items = n.items;
      const chars = items.map((it) => anyChars(it, flags));
      for (let i = 0; i < items.length; i++) {
        if (!hasUnbounded(items[i]!)) continue;
        for (let j = i + 1; j < items.length; j++) {
          if (!hasUnbounded(items[j]!)) continue;
          const shared = chars[i]!.map((v, k) => v && chars[j]![k]!);
          if (!shared.some(Boolean)) continue;
          let separated = false;
          for (let k = i + 1; k < j && !separated; k++) separated = !nullable(items[k]!) && !overlap(chars[k]!, shared);
          if (!separated) {
            const between = items
              .slice(i, j + 1)
              .map(toSource)
              .join('');
            throw new Bad(
              `"${toSource(items[i]!)}" and "${toSource(items[j]!)}" in "${between}" can match the same text (quadratic time)`,
            );
          }
        }
      }
      return;
    }
  }
}

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; error: string };

/** Compiles a rule's regular expression if it is safe, or says why not. */
export function compileSafeRegex(source: string, flags = ''): RegexCheck {
  if (typeof source !== 'string' || source.length === 0) return { ok: false, error: 'empty pattern' };
  if (source.length > MAX_PATTERN) return { ok: false, error: `pattern longer than ${MAX_PATTERN} characters` };
  if (!ALLOWED_FLAGS.test(flags)) return { ok: false, error: `flags "${flags}" not allowed (use i, m, s, u)` };
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags.includes('u') ? flags : flags + 'u');
  } catch (e) {
    return { ok: false, error: `invalid regular expression: ${(e as Error).message}` };
  }
  try {
    check(parse(source), regex.flags);
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, regex };
}

/** Tests a compiled safe regex on bounded input. */
export function safeTest(re: RegExp, input: string): boolean {
  return re.test(input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input);
}
