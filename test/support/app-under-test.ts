import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../../src/main/core'
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatcher'
import type { EventSink } from '../../src/main/ipc/events'
import { createSenderCheck } from '../../src/main/ipc/trusted-sender'
import { createLog } from '../../src/main/lib/log'
import type { SecretsProvider } from '../../src/main/lib/redact'
import type { WorkerEntries } from '../../src/main/workers/entries'
import { RecordingClipboard, RecordingShell, ScriptedDialogs } from './desktop-doubles'
import { MemoryKeychain } from './memory-keychain'

/**
 * The main process as a window sees it, built from the real `createCore` with stand-ins for what
 * only a desktop has (keychain, dialogs, shell): the end-to-end fixture and the renderer tests both
 * call the dispatcher this returns, so their calls pass the same sender check, validation and
 * handlers as the app's.
 */
export interface AppUnderTest {
  core: Core
  dispatch: Dispatch
  userDataDir: string
  keychain: MemoryKeychain
  dialogs: ScriptedDialogs
  shell: RecordingShell
  /** What the window's Copy actions put on the clipboard. */
  clipboard: RecordingClipboard
  /** Everything main logged. */
  logLines: string[]
}

export interface AppUnderTestOptions {
  userDataDir: string
  /** The origins the dispatcher trusts (the page the renderer is served from). */
  trustedOrigins: readonly string[]
  /** Where main's events go, after the core has swept them for tokens. */
  events: EventSink
  workers: WorkerEntries
  version: string
  keychain?: MemoryKeychain
}

export function createAppUnderTest(options: AppUnderTestOptions): AppUnderTest {
  const logLines: string[] = []
  // As in src/main/index.ts: the log exists before the session, and asks it for the tokens on every line.
  let secrets: SecretsProvider = () => []
  const log = createLog((line) => logLines.push(line), { secrets: () => secrets() })
  const keychain = options.keychain ?? new MemoryKeychain()
  const dialogs = new ScriptedDialogs()
  const shell = new RecordingShell()
  const clipboard = new RecordingClipboard()
  const core = createCore({
    appInfo: { name: 'Opt-Out Desk', version: options.version },
    userDataDir: options.userDataDir,
    keychain,
    dialogs,
    shell,
    clipboard,
    log,
    events: options.events,
    workers: options.workers,
  })
  secrets = core.secrets
  const dispatch = createDispatcher(core.handlers, {
    isTrustedSender: createSenderCheck(options.trustedOrigins),
    log,
    secrets: core.secrets,
  })
  return { core, dispatch, userDataDir: options.userDataDir, keychain, dialogs, shell, clipboard, logLines }
}

/** A fresh user-data folder whose settings point at `apiBase`, as a user who set the API address would have. */
export async function createProfile(apiBase: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, apiBase }))
  return dir
}

// A job's last write can land while the folder is being removed (ENOTEMPTY): rm retries those.
export const removeProfile = (dir: string): Promise<void> =>
  rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
