import type { ComponentChildren } from 'preact';

/**
 * An on/off switch: a real checkbox (keyboard: Space toggles, Tab moves), announced as a switch,
 * with its label as its accessible name.
 */
export function Switch(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ComponentChildren;
  /** The accessible name when the visible label is not enough (e.g. "Enable rule X"). */
  ariaLabel?: string;
  disabled?: boolean;
  hideLabel?: boolean;
}) {
  return (
    <label class={`switch${props.disabled ? ' disabled' : ''}`}>
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-label={props.ariaLabel}
        aria-checked={props.checked}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
      <span class="track" aria-hidden="true" />
      <span class={props.hideLabel ? 'visually-hidden' : ''}>{props.label}</span>
    </label>
  );
}
