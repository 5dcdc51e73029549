import { installPageObserver } from '../src/content/observer-main';

/**
 * The main-world observer, built to `/page-observer.js` and registered at runtime for the added
 * instances with `world: 'MAIN'`, `runAt: 'document_start'` (src/background/instances.ts). No
 * extension API exists in the main world, and none is imported here.
 */
export default defineUnlistedScript(() => {
  installPageObserver(window);
});
