import { defineConfig } from '@playwright/test'
import type { Target } from './test/e2e/fixtures'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/harness/chromium'

export default defineConfig<{ target: Target }>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Screenshots for people to look at go to test-results/screenshots; Playwright empties its own folder each run.
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 120_000,
  // What a user would wait for (a search, presets loading) can take seconds on a loaded 2-core CI
  // machine; 5 s (Playwright's default) failed there while the app was still working.
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', use: { target: 'chromium' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
})
