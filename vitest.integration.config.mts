import { defineConfig } from 'vitest/config'

// Runs against a real OS keychain; scripts/test-all.mjs starts it under a private
// D-Bus session with an unlocked gnome-keyring so no real user keychain is touched.
export default defineConfig({
  test: {
    name: 'integration',
    environment: 'node',
    include: ['test/integration/**/*.test.ts'],
    // A keychain that is not there answers only after libsecret's D-Bus timeouts: seconds on a loaded machine.
    testTimeout: 30_000,
  },
})
