import { createCore, type Core, type CoreOptions } from '../../src/main/core'
import { RecordingShell, ScriptedDialogs } from './desktop-doubles'
import { MemoryKeychain } from './memory-keychain'
import { TEST_WORKERS } from './workers'

/** The real main-process core for a test: stand-in keychain, dialogs and shell unless the test gives its own. */
export function createTestCore(options: Partial<CoreOptions> & { userDataDir: string }): Core {
  return createCore({
    appInfo: { name: 'Opt-Out Desk', version: 'test' },
    keychain: new MemoryKeychain(),
    dialogs: new ScriptedDialogs(),
    shell: new RecordingShell(),
    log: () => undefined,
    workers: TEST_WORKERS,
    ...options,
  })
}
