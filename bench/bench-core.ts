import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../src/main/core'
import { RecordingShell, ScriptedDialogs } from '../test/support/desktop-doubles'
import { buildWorkers } from '../test/support/build-workers'
import { MemoryKeychain } from '../test/support/memory-keychain'
import { TEST_WORKERS } from '../test/support/workers'

/** The app's main-process core on a throwaway profile pointed at `apiBase`, as the benchmarks use it. */
export async function startBenchCore(apiBase: string): Promise<{ core: Core; dispose(): Promise<void> }> {
  await buildWorkers()
  const userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-'))
  await writeFile(join(userDataDir, 'settings.json'), JSON.stringify({ version: 1, apiBase }))
  const core = createCore({
    appInfo: { name: 'Opt-Out Desk', version: 'bench' },
    userDataDir,
    dialogs: new ScriptedDialogs(),
    shell: new RecordingShell(),
    keychain: new MemoryKeychain(),
    log: () => undefined,
    workers: TEST_WORKERS,
  })
  return {
    core,
    async dispose() {
      await core.dispose()
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}
