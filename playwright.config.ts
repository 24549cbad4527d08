import { defineConfig } from '@playwright/test'
import type { Target } from './test/e2e/fixtures'

const CHROMIUM = process.env['OPTOUT_DESK_CHROMIUM'] ?? '/usr/bin/chromium'

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
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', use: { target: 'chromium' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
})
