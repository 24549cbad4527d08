import { EventEmitter } from 'node:events'
import type { BrowserWindow, MessageBoxOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import {
  describeError,
  handleMainProcessErrors,
  superviseRenderer,
} from '../../../src/main/app/crash-handling'

const flush = () => new Promise((resolve) => setImmediate(resolve))

function dialogs(response = 1) {
  const shown: MessageBoxOptions[] = []
  return {
    shown,
    showMessage: vi.fn(async (options: MessageBoxOptions) => {
      shown.push(options)
      return response
    }),
    openLogsFolder: vi.fn(),
  }
}

function fakeWindow() {
  const webContents = Object.assign(new EventEmitter(), { reload: vi.fn(), forcefullyCrashRenderer: vi.fn() })
  const window = Object.assign(new EventEmitter(), { webContents, isDestroyed: () => false })
  return { window, asWindow: window as unknown as BrowserWindow }
}

describe('errors in main', () => {
  it('logs every uncaught exception and rejection, and tells the user once', async () => {
    const processLike = new EventEmitter()
    const log = vi.fn()
    const errorDialogs = dialogs()
    handleMainProcessErrors(processLike as unknown as NodeJS.Process, { log, dialogs: errorDialogs })
    processLike.emit('uncaughtException', new Error('first failure'))
    processLike.emit('unhandledRejection', 'a plain string reason')
    processLike.emit('uncaughtException', new Error('third failure'))
    await flush()
    expect(log.mock.calls.map(([line]) => String(line).split('\n')[0])).toEqual([
      'Uncaught exception in main: Error: first failure',
      'Unhandled rejection in main: non-error value: "a plain string reason"',
      'Uncaught exception in main: Error: third failure',
    ])
    expect(errorDialogs.shown).toHaveLength(1)
    expect(errorDialogs.shown[0]?.buttons).toEqual(['Open logs folder', 'Close'])
    // The user sees what to do, never the raw exception text.
    expect(JSON.stringify(errorDialogs.shown[0])).not.toContain('first failure')
    expect(errorDialogs.openLogsFolder).not.toHaveBeenCalled()
  })

  it('opens the logs folder when the user asks', async () => {
    const processLike = new EventEmitter()
    const errorDialogs = dialogs(0)
    handleMainProcessErrors(processLike as unknown as NodeJS.Process, { log: vi.fn(), dialogs: errorDialogs })
    processLike.emit('uncaughtException', new Error('boom'))
    await flush()
    expect(errorDialogs.openLogsFolder).toHaveBeenCalledTimes(1)
  })

  it('describes any thrown value', () => {
    expect(describeError(new Error('x'))).toMatch(/^Error: x\n/)
    expect(describeError({ code: 7 })).toBe('non-error value: {"code":7}')
    const circular: Record<string, unknown> = {}
    circular['self'] = circular
    expect(describeError(circular)).toBe('non-error value: [object Object]')
  })
})

describe('renderer supervision', () => {
  it('reloads a crashed renderer and says so', async () => {
    const { window, asWindow } = fakeWindow()
    const log = vi.fn()
    const errorDialogs = dialogs()
    superviseRenderer(asWindow, { log, dialogs: errorDialogs })
    window.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 5 })
    await flush()
    expect(window.webContents.reload).toHaveBeenCalledTimes(1)
    expect(log).toHaveBeenCalledWith("Window's renderer gone: oom (exit code 5)")
    expect(errorDialogs.shown[0]?.message).toBe('The window stopped unexpectedly and was reloaded.')
    expect(errorDialogs.shown[0]?.detail).toContain('export that was running carries on')
  })

  it('does not reload after a clean exit', () => {
    const { window, asWindow } = fakeWindow()
    superviseRenderer(asWindow, { log: vi.fn(), dialogs: dialogs() })
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    expect(window.webContents.reload).not.toHaveBeenCalled()
  })

  it('stops reloading a renderer that keeps crashing, until a minute has passed', async () => {
    const { window, asWindow } = fakeWindow()
    let time = 0
    const errorDialogs = dialogs()
    superviseRenderer(asWindow, { log: vi.fn(), dialogs: errorDialogs, now: () => time })
    for (let crash = 0; crash < 4; crash += 1) {
      window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
      time += 1000
    }
    await flush()
    expect(window.webContents.reload).toHaveBeenCalledTimes(3)
    expect(errorDialogs.shown.at(-1)?.message).toBe(
      'The window keeps stopping, so it was not reloaded again.',
    )
    time += 60_000
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    expect(window.webContents.reload).toHaveBeenCalledTimes(4)
  })

  it('offers to reload a hung window; Reload kills and reloads it without a second message', async () => {
    const { window, asWindow } = fakeWindow()
    const log = vi.fn()
    const errorDialogs = dialogs(0)
    window.webContents.forcefullyCrashRenderer.mockImplementation(() =>
      window.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 }),
    )
    superviseRenderer(asWindow, { log, dialogs: errorDialogs })
    window.emit('unresponsive')
    await flush()
    expect(errorDialogs.shown.map((box) => box.message)).toEqual(['The window is not responding.'])
    expect(window.webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1)
    expect(window.webContents.reload).toHaveBeenCalledTimes(1)
    expect(log).toHaveBeenCalledWith('Window unresponsive')
  })

  it('leaves a hung window alone when the user chooses to wait', async () => {
    const { window, asWindow } = fakeWindow()
    superviseRenderer(asWindow, { log: vi.fn(), dialogs: dialogs(1) })
    window.emit('unresponsive')
    await flush()
    expect(window.webContents.reload).not.toHaveBeenCalled()
    expect(window.webContents.forcefullyCrashRenderer).not.toHaveBeenCalled()
  })
})
