import { join } from 'node:path'
import { WORKER_SOURCES } from '../../src/main/workers/entries'
import { REPO_ROOT } from './built-app'
import { bundleNodeEntries } from './bundle-node-entries'

/** Builds the app's worker entries with esbuild, where test/support/workers.ts (and the benchmarks) find them. */
export async function buildWorkers(): Promise<void> {
  const entries = Object.fromEntries(
    Object.entries(WORKER_SOURCES).map(([name, source]) => [name, join(REPO_ROOT, source)]),
  )
  await bundleNodeEntries(entries, 'workers')
}

/** vitest global setup: the workers, built once per run. */
export default buildWorkers
