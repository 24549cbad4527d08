import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// A harness limit, not a speed check: jsdom renders of the grid and whole screens can take
// several seconds on a busy 2-core CI machine, and a timeout there says nothing about the app.
const testTimeout = 30_000

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          environment: 'node',
          testTimeout,
          include: [
            'test/main/**/*.test.ts',
            'test/shared/**/*.test.ts',
            'test/preload/**/*.test.ts',
            'test/packaging/**/*.test.ts',
            // Tests of the test tooling sit beside it.
            'test/support/**/*.test.ts',
          ],
          setupFiles: ['test/main/setup-electron-mock.ts'],
          // The worker threads the main-process services start, built once for the run.
          globalSetup: ['test/support/build-workers.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          // Renderer tests run on the real main process: exports written by worker threads included.
          testTimeout: 3 * testTimeout,
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
          // The renderer tests run on the real main handlers, whose exports and report opening use these workers.
          globalSetup: ['test/support/build-workers.ts'],
        },
      },
    ],
  },
})
