/**
 * Only a real user's event inside Breakwater's own UI may change anything: the page can call
 * `.click()` or dispatch events on elements of an open shadow root, but such events are not
 * trusted. Every handler that selects, decides or acts goes through `trusted`.
 */
export function trusted<E extends Event>(fn: (e: E) => void): (e: E) => void {
  return (e: E) => {
    if (!e.isTrusted) {
      e.preventDefault();
      return;
    }
    fn(e);
  };
}
