import { join } from 'node:path'
import { workerEntriesIn } from '../../src/main/workers/entries'
import { REPO_ROOT } from './built-app'

/**
 * The app's worker threads built for the unit tests (by test/support/build-workers.ts, the
 * vitest global setup): plain CommonJS, packages left as requires, as electron-vite builds them.
 */
export const TEST_WORKERS_DIR = join(REPO_ROOT, 'node_modules/.cache/opt-out-desk/workers')
export const TEST_WORKERS = workerEntriesIn(TEST_WORKERS_DIR)
