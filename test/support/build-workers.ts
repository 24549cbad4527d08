import { join } from 'node:path'
import { bundleNodeEntries } from './bundle-node-entries'
import { WORKER_SOURCES } from '../../src/main/workers/entries'
import { REPO_ROOT } from './built-app'

/** vitest global setup: builds the worker entries once per run, where test/support/workers.ts finds them. */
export default async function setup(): Promise<void> {
  const entries = Object.fromEntries(
    Object.entries(WORKER_SOURCES).map(([name, source]) => [name, join(REPO_ROOT, source)]),
  )
  await bundleNodeEntries(entries, 'workers')
}
