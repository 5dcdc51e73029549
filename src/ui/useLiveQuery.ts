import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Dexie live queries for Preact: the component re-renders whenever the tables the query read
 * change, in this page or any other context of the extension (the background writing verdicts,
 * another options tab). Popup and options read the store directly this way: it lives in the
 * extension's own origin, like them.
 *
 *   const waves = useLiveQuery(() => recentWaves(), [], []);
 */
export interface LiveQueryState<T> {
  value: T;
  error: unknown;
  /** False until the first result arrived. */
  loaded: boolean;
}

export function useLiveQueryState<T, I = undefined>(
  querier: () => Promise<T> | T,
  deps: readonly unknown[],
  initial: I,
): LiveQueryState<T | I> {
  const [state, setState] = useState<LiveQueryState<T | I>>({ value: initial, error: null, loaded: false });
  useEffect(() => {
    const sub = liveQuery(querier).subscribe({
      next: (value) => setState({ value, error: null, loaded: true }),
      // Keep the last value: a failed refresh should not blank the page.
      error: (error: unknown) => setState((s) => ({ ...s, error, loaded: true })),
    });
    return () => sub.unsubscribe();
    // The caller lists what the query depends on, as with useEffect.
  }, deps);
  return state;
}

/** The query's latest result (`initial` until the first one arrives). */
export function useLiveQuery<T, I = undefined>(
  querier: () => Promise<T> | T,
  deps: readonly unknown[] = [],
  initial?: I,
): T | I {
  return useLiveQueryState(querier, deps, initial as I).value;
}
