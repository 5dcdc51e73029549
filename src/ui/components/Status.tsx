/** A live status line: screen readers announce it, tests read it (role=status). */
export type StatusState =
  | { kind: 'idle' }
  | { kind: 'busy'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'done'; message: string };

export const IDLE: StatusState = { kind: 'idle' };

export function Status(props: { state: StatusState; id?: string }) {
  const s = props.state;
  return (
    <p role="status" aria-live="polite" id={props.id} class={`status ${s.kind}`}>
      {s.kind !== 'idle' && s.message}
    </p>
  );
}
