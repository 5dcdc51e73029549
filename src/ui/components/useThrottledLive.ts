import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A heavy query kept current without running it on every write: a cheap live query (`probe`)
 * watches the tables, and the heavy `load` runs again at most every `minMs` after they change.
 * While timelines stream, the background writes posts several times a second; the dashboard's
 * figures need not follow each write.
 */
export function useThrottledLive<T>(probe: () => Promise<unknown>, load: () => Promise<T>, minMs = 2_000): T | null {
  const [value, setValue] = useState<T | null>(null);
  const last = useRef(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let again = false;
    let stopped = false;
    const run = async () => {
      timer = null;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const v = await load();
        if (!stopped) setValue(v);
      } catch (e) {
        console.error('Breakwater: dashboard query', e);
      } finally {
        running = false;
        last.current = Date.now();
        if (again && !stopped) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer !== null || stopped) return;
      timer = setTimeout(() => void run(), Math.max(0, minMs - (Date.now() - last.current)));
    };
    const sub = liveQuery(probe).subscribe({ next: schedule, error: schedule });
    return () => {
      stopped = true;
      sub.unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return value;
}
