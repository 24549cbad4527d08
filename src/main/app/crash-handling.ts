import type { BrowserWindow, MessageBoxOptions } from 'electron'
import type { Log } from '../lib/log'

export interface ErrorDialogs {
  /** A modal message; resolves to the index of the button chosen. */
  showMessage(options: MessageBoxOptions): Promise<number>
  openLogsFolder(): void
}

/** Text of an unknown thrown value for the log: the stack when there is one (createLog redacts it). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`
  try {
    return `non-error value: ${JSON.stringify(error)}`
  } catch {
    return `non-error value: ${String(error)}`
  }
}

/**
 * An uncaught exception or unhandled rejection in main is logged in full and told to the user once
 * per run (never its raw text), with a way to the log. The process keeps running: a running export
 * or an open report is worth more than a clean restart, and a second failure is only logged.
 */
export function handleMainProcessErrors(
  processLike: Pick<NodeJS.Process, 'on'>,
  { log, dialogs }: { log: Log; dialogs: ErrorDialogs },
): void {
  let told = false
  const report = (kind: string, error: unknown) => {
    log(`${kind} in main: ${describeError(error)}`)
    if (told) return
    told = true
    void dialogs
      .showMessage({
        type: 'error',
        title: 'Opt-Out Desk',
        message: 'Opt-Out Desk ran into an unexpected problem.',
        detail:
          'The app is still running, but if something looks wrong, save your work and restart it. ' +
          'The details are in the log file; please send it to your IT contact.',
        buttons: ['Open logs folder', 'Close'],
        defaultId: 1,
        cancelId: 1,
      })
      .then((button) => {
        if (button === 0) dialogs.openLogsFolder()
      })
      .catch((error: unknown) => log(`Could not show the error dialog: ${describeError(error)}`))
  }
  processLike.on('uncaughtException', (error) => report('Uncaught exception', error))
  processLike.on('unhandledRejection', (reason) => report('Unhandled rejection', reason))
}

/** More crashes than this within RELOAD_WINDOW_MS and the window is left as it is, with a message. */
const MAX_RELOADS = 3
const RELOAD_WINDOW_MS = 60_000

/**
 * A renderer that crashes is logged and reloaded; one that hangs is logged and the user chooses to
 * reload or wait. Exports and report reading run in main, so they carry on either way.
 */
export function superviseRenderer(
  window: BrowserWindow,
  { log, dialogs, now = Date.now }: { log: Log; dialogs: ErrorDialogs; now?: () => number },
): void {
  const reloads: number[] = []
  // Set while the user's "Reload" of a hung window kills its renderer: that exit is expected.
  let killingHungRenderer = false
  const exportsNote = 'An export that was running carries on and appears in the Reports list when it is done.'

  window.webContents.on('render-process-gone', (_event, details) => {
    log(`Window's renderer gone: ${details.reason} (exit code ${details.exitCode})`)
    if (killingHungRenderer) {
      killingHungRenderer = false
      return
    }
    if (details.reason === 'clean-exit' || window.isDestroyed()) return
    const recent = reloads.filter((time) => now() - time < RELOAD_WINDOW_MS)
    reloads.splice(0, reloads.length, ...recent)
    if (recent.length >= MAX_RELOADS) {
      log('Renderer crashed repeatedly; not reloading again')
      void dialogs
        .showMessage({
          type: 'error',
          title: 'Opt-Out Desk',
          message: 'The window keeps stopping, so it was not reloaded again.',
          detail: `Quit and restart Opt-Out Desk. ${exportsNote}`,
          buttons: ['Open logs folder', 'Close'],
          defaultId: 1,
          cancelId: 1,
        })
        .then((button) => button === 0 && dialogs.openLogsFolder())
      return
    }
    reloads.push(now())
    window.webContents.reload()
    void dialogs.showMessage({
      type: 'warning',
      title: 'Opt-Out Desk',
      message: 'The window stopped unexpectedly and was reloaded.',
      detail: `Run your search again. ${exportsNote}`,
      buttons: ['OK'],
    })
  })

  window.on('unresponsive', () => {
    log('Window unresponsive')
    void dialogs
      .showMessage({
        type: 'warning',
        title: 'Opt-Out Desk',
        message: 'The window is not responding.',
        detail: `Reload it, or wait a little longer. ${exportsNote}`,
        buttons: ['Reload', 'Wait'],
        defaultId: 0,
        cancelId: 1,
      })
      .then((button) => {
        if (button !== 0 || window.isDestroyed()) return
        log('Reloading the unresponsive window')
        killingHungRenderer = true
        window.webContents.forcefullyCrashRenderer()
        window.webContents.reload()
      })
  })

  window.on('responsive', () => log('Window responsive again'))
}
