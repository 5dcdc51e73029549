import { runContent } from '../src/content';

// Registered at runtime for the instances the user added (src/background/instances.ts), never
// through the manifest: Breakwater may run on any of thousands of instance domains.
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main(ctx) {
    void runContent(ctx);
  },
});
