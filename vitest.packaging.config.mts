import { defineConfig } from 'vitest/config'

// The packaging check (test/packaging/*.check.ts): electron-builder builds the unpacked app and the
// result is inspected. Separate from the unit tests because it needs the built app and takes a minute.
export default defineConfig({
  test: {
    name: 'packaging',
    environment: 'node',
    include: ['test/packaging/**/*.check.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
})
