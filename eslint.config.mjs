import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const NO_IPC_RENDERER = [
  {
    selector: "ImportSpecifier[imported.name='ipcRenderer']",
    message: 'ipcRenderer belongs in src/preload only; use window.api.',
  },
  {
    selector: "MemberExpression[property.name='ipcRenderer']",
    message: 'ipcRenderer belongs in src/preload only; use window.api.',
  },
]

// Main pushes events through the typed sendToWindow helper only (app origin check, contract types).
const SEND_TO_WINDOW_FILES = ['src/main/app/window-events.ts', 'test/main/app/window-events.test.ts']
const NO_WEBCONTENTS_SEND = [
  {
    selector: "MemberExpression[object.property.name='webContents'][property.name=/^send/]",
    message: 'Send events with sendToWindow (src/main/app/window-events.ts), never webContents.send.',
  },
  {
    selector: 'MemberExpression[object.name=/^(webContents|contents)$/][property.name=/^send/]',
    message: 'Send events with sendToWindow (src/main/app/window-events.ts), never webContents.send.',
  },
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only the preload may touch ipcRenderer: everything else goes through the typed facade.
    // (The preload's own tests check exactly that it forwards to ipcRenderer.)
    ignores: ['src/preload/**', 'test/preload/**', ...SEND_TO_WINDOW_FILES],
    rules: { 'no-restricted-syntax': ['error', ...NO_IPC_RENDERER, ...NO_WEBCONTENTS_SEND] },
  },
  {
    files: ['src/preload/**', 'test/preload/**'],
    rules: { 'no-restricted-syntax': ['error', ...NO_WEBCONTENTS_SEND] },
  },
  {
    files: SEND_TO_WINDOW_FILES,
    rules: { 'no-restricted-syntax': ['error', ...NO_IPC_RENDERER] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'fs', 'path', 'child_process'],
              message: 'The renderer has no Node: ask main through window.api.',
            },
            { group: ['**/main/**'], message: 'The renderer must not import main-process code.' },
          ],
        },
      ],
    },
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring pattern; `{}` means none.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
)
