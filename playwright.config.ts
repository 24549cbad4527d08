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
  timeout: 60_000,
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
