// Layer boundaries are lint errors (after Dark Reader's eslint.config.js): see README "Architecture".
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ['error', { patterns: [{ group: patterns, message, allowTypeImports: true }] }];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'coverage/**', 'test/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The pure core: plain data in, plain data out; runs and is tested in Node.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          '**/platforms/**',
          '**/storage/**',
          '**/content/**',
          '**/ui/**',
          '**/messaging/**',
          '**/background/**',
          'dexie',
          'dexie/*',
          'preact',
          'preact/*',
          'wxt',
          'wxt/*',
          'webextension-polyfill',
          '#imports',
          'node:*',
        ],
        'src/core is pure: no browser, DOM, Dexie, Preact, fetch or platform code (architecture.md).',
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'fetch',
        'browser',
        'chrome',
        'indexedDB',
        'localStorage',
        'sessionStorage',
        'navigator',
        'XMLHttpRequest',
        'WebSocket',
        'location',
      ],
    },
  },
  {
    // Platform adapters: selectors and API JSON, nothing of the extension's own storage or UI.
    files: ['src/platforms/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        ['**/storage/**', '**/content/**', '**/ui/**', '**/background/**', 'dexie', 'dexie/*', 'preact', 'preact/*'],
        'src/platforms may use only src/core: the storage, UI and runtimes sit above it.',
      ),
    },
  },
  {
    // The page runtime: never the database (it would belong to the website), never the background.
    files: [
      'src/content/**/*.{ts,tsx}',
      'entrypoints/content*.ts',
      'entrypoints/*.content.ts',
      'entrypoints/page-*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        ['**/storage/**', '**/background/**', 'dexie', 'dexie/*', '**/ui/options/**', '**/ui/popup/**'],
        'Content scripts reach the database only through messages to the background (architecture.md, 2).',
      ),
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        ['**/content/**', '**/background/**'],
        'The UI talks to the background through messages and reads the store; it does not import runtimes.',
      ),
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        ['**/content/**', '**/ui/**', '**/background/**', 'preact', 'preact/*'],
        'src/storage is the data layer: it does not know the runtimes or the UI.',
      ),
    },
  },
);
