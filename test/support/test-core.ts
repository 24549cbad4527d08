import { createCore, type Core, type CoreOptions } from '../../src/main/core'
import type { EventSink } from '../../src/main/ipc/events'
import type { EventName, Events } from '../../src/shared/contract'
import { RecordingClipboard, RecordingShell, ScriptedDialogs } from './desktop-doubles'
import { MemoryKeychain } from './memory-keychain'
import { TEST_WORKERS } from './workers'

/** Records every event main pushes, as the window would receive it. */
export class EventRecorder {
  readonly events: { [E in EventName]: { event: E; payload: Events[E] } }[EventName][] = []
  readonly sink: EventSink = (event, payload) => {
    this.events.push({ event, payload } as (typeof this.events)[number])
  }
}

/** The real main-process core for a test: stand-in keychain, dialogs, shell and event recorder unless the test gives its own. */
export function createTestCore(options: Partial<CoreOptions> & { userDataDir: string }): Core {
  return createCore({
    appInfo: { name: 'Opt-Out Desk', version: 'test' },
    keychain: new MemoryKeychain(),
    dialogs: new ScriptedDialogs(),
    shell: new RecordingShell(),
    clipboard: new RecordingClipboard(),
    log: () => undefined,
    events: new EventRecorder().sink,
    workers: TEST_WORKERS,
    ...options,
  })
}
