import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../src/main/core'
import type { WorkerEntries } from '../src/main/workers/entries'
import { RecordingClipboard, RecordingShell, ScriptedDialogs } from '../test/support/desktop-doubles'
import { MemoryKeychain } from '../test/support/memory-keychain'
import { TEST_WORKERS } from '../test/support/workers'

/** The app's main-process core on a throwaway profile pointed at `apiBase`, as the benchmarks use it. */
export async function startBenchCore(
  apiBase: string,
  /** The worker threads; the default is where test/support/build-workers.ts builds them. */
  workers: WorkerEntries = TEST_WORKERS,
): Promise<{ core: Core; dispose(): Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-'))
  await writeFile(join(userDataDir, 'settings.json'), JSON.stringify({ version: 1, apiBase }))
  const core = createCore({
    appInfo: { name: 'Opt-Out Desk', version: 'bench' },
    userDataDir,
    dialogs: new ScriptedDialogs(),
    shell: new RecordingShell(),
    clipboard: new RecordingClipboard(),
    keychain: new MemoryKeychain(),
    log: () => undefined,
    events: () => undefined,
    workers,
  })
  return {
    core,
    async dispose() {
      await core.dispose()
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}
