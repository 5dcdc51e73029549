import { useEffect, useRef, useState } from 'preact/hooks';
import { parseOptionalNumber } from './signals';

/**
 * A number field that keeps what is typed ("0." on the way to "0.5") and reports only numbers:
 * `undefined` when emptied (the default applies), nothing while the text is not a number. The
 * field is marked invalid (and says so to assistive technology) while it holds one.
 */
export function NumberInput(props: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
  placeholder?: string;
  ariaLabel: string;
  id?: string;
  class?: string;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(props.value === undefined ? '' : String(props.value));
  }, [props.value]);
  const n = parseOptionalNumber(text);
  const invalid =
    n === null ||
    (n !== undefined && ((props.min !== undefined && n < props.min) || (props.max !== undefined && n > props.max)));
  return (
    <input
      type="text"
      inputMode="decimal"
      id={props.id}
      class={`${props.class ?? 'narrow'}${invalid ? ' invalid' : ''}`}
      aria-label={props.ariaLabel}
      aria-invalid={invalid}
      placeholder={props.placeholder}
      value={text}
      onFocus={() => (focused.current = true)}
      onBlur={() => {
        focused.current = false;
        if (!invalid) setText(props.value === undefined ? '' : String(props.value));
      }}
      onInput={(e) => {
        const raw = (e.target as HTMLInputElement).value;
        setText(raw);
        const v = parseOptionalNumber(raw);
        if (v !== null) props.onChange(v);
      }}
    />
  );
}
