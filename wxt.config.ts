import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * BREAKWATER_E2E=1 makes the test build: every domain under .test is pre-granted, so that
 * automated tests add an instance through the options page exactly as a user would, without
 * the permission prompt that headless Chromium cannot click (see ../shared/reference/toolchain.md, 5).
 */
const e2e = process.env.BREAKWATER_E2E === '1';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  outDirTemplate: e2e ? '{{browser}}-mv{{manifestVersion}}-e2e' : '{{browser}}-mv{{manifestVersion}}',
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings and tokens; scripting: content scripts registered per instance at runtime;
    // alarms: wakes the action queue after a rate-limit wait; activeTab: the popup reads the current tab.
    permissions: ['storage', 'scripting', 'alarms', 'activeTab', 'unlimitedStorage'],
    // Instances are added by the user one domain at a time; nothing is granted at install.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    host_permissions: e2e ? ['http://*.test/*', 'https://*.test/*'] : [],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 140 (the ESR): the first with data_collection_permissions, which addons.mozilla.org
            // requires (128 had scripting.registerContentScripts({ world: 'MAIN' }) already).
            gecko: {
              id: 'breakwater@breakwater-ext.org',
              strict_min_version: '140.0',
              // Nothing leaves the browser except calls to the user's own instances.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android has data_collection_permissions from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { minimum_chrome_version: '116' }),
  }),
  vite: () => ({
    plugins: [preact()],
    // Chrome refuses content scripts that are not valid UTF-8; Vite 8 writes Dexie's U+FFFF raw.
    build: { rolldownOptions: { output: { charset: 'ascii' } } },
  }),
});
