import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/app/csp'
import { appPlatform } from '../../../src/main/lib/app-platform'
import { API_METHODS, ipcContract } from '../../../src/shared/contract'
import { ensureBuiltApp } from '../../support/built-app'
import { runBuiltMain, type MenuItem, type SmokeRecord, type SmokeRun } from './composition-root/run-smoke'

// The composition root (src/main/index.ts) as it ships: the BUILT out/main/index.js, loaded in a
// plain Node child process with a recording stand-in for `electron` (and keytar), so what is proven
// is the bundle electron-builder packages, not the sources.
const root = resolve(__dirname, '../../..')
const builtMain = join(root, 'out/main/index.js')
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version

const allItems = (items: MenuItem[]): MenuItem[] =>
  items.flatMap((item) => [item, ...allItems(item.submenu ?? [])])

let development: SmokeRun
let packaged: SmokeRun

beforeAll(() => {
  ensureBuiltApp()
  development = runBuiltMain(builtMain, { isPackaged: false, version })
  packaged = runBuiltMain(builtMain, { isPackaged: true, version })
}, 420_000)

describe('built main process (out/main/index.js) with a stand-in electron', () => {
  it('takes the single-instance lock and registers the app scheme as privileged before ready', () => {
    const { order, singleInstanceLockRequested, privilegedSchemes } = packaged.record
    expect(singleInstanceLockRequested).toBe(true)
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0)
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('app.ready'))
    expect(privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
  })

  it('serves the renderer over app:// with the CSP header and refuses paths outside it', () => {
    const [index, ...escapes] = packaged.record.protocol
    expect(index).toEqual({ url: 'app://opt-out-desk/index.html', status: 200, csp: CONTENT_SECURITY_POLICY })
    expect(escapes.length).toBeGreaterThanOrEqual(4)
    for (const escape of escapes) expect(escape, escape.url).toMatchObject({ status: 404 })
  })

  it('registers every contract channel with ipcMain.handle, and no other IPC listener', () => {
    const { ipcHandleChannels, ipcOnChannels } = packaged.record
    expect([...ipcHandleChannels].sort()).toEqual(
      API_METHODS.map((method) => ipcContract[method].channel).sort(),
    )
    expect(ipcOnChannels).toEqual([])
  })

  it('answers a call from its own frame through the dispatcher and refuses one from elsewhere', () => {
    expect(packaged.record.appInfo).toEqual({
      ok: true,
      data: { name: 'Opt-Out Desk', version, platform: appPlatform(process.platform) },
    })
    expect(packaged.record.foreignCall).toMatchObject({ ok: false, error: { kind: 'internal' } })
  })

  it('opens one sandboxed, context-isolated window without Node on the app origin', () => {
    const { webPreferences, loadedUrls } = packaged.record.window
    expect(webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(webPreferences).not.toHaveProperty('nodeIntegrationInSubFrames', true)
    expect(String(webPreferences['preload'])).toBe(join(root, 'out/preload/index.js'))
    expect(loadedUrls).toEqual(['app://opt-out-desk/index.html'])
  })

  it('denies new windows, navigation away, webviews and every permission', () => {
    expect(packaged.record.webContents).toEqual({
      windowOpen: { action: 'deny' },
      navigateAwayPrevented: true,
      navigateInsidePrevented: false,
      redirectAwayPrevented: true,
      webviewPrevented: true,
    })
    expect(packaged.record.permissions).toEqual({ requestGranted: false, checkGranted: false })
  })

  it('installs a menu without Reload or Developer Tools when packaged, with them in development', () => {
    const roles = (record: SmokeRecord) => allItems(record.menu).map((item) => item.role)
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(roles(packaged.record)).not.toContain(role)
      expect(roles(development.record)).toContain(role)
    }
    // The template's full contents are the menu unit test's; here: it is the app's menu, installed.
    expect(roles(packaged.record)).toEqual(expect.arrayContaining(['copy', 'paste', 'windowMenu', 'help']))
    const labels = allItems(packaged.record.menu).map((item) => item.label)
    expect(labels).toEqual(expect.arrayContaining(['About Opt-Out Desk', 'Open logs folder']))
  })

  it("shows in About the version the app writes into every report's metadata", () => {
    expect(packaged.record.about?.detail).toContain(`Version ${version}`)
    expect(packaged.record.about?.detail).toMatch(/Electron .+\nChrome .+/)
    expect(packaged.record.openedPaths).toContain(packaged.record.paths['logs'])
  })

  it('reloads a crashed renderer with a message, and tells the user once about errors in main', () => {
    const { afterRendererCrash, messageBoxes } = packaged.record
    expect(afterRendererCrash.reloads).toBe(1)
    expect(messageBoxes.map((box) => box.message)).toEqual([
      'Opt-Out Desk', // About
      'The window stopped unexpectedly and was reloaded.',
      'Opt-Out Desk ran into an unexpected problem.', // once, for an exception and a rejection
    ])
    expect(messageBoxes[2]?.buttons).toContain('Open logs folder')
    expect(JSON.stringify(messageBoxes)).not.toContain(packaged.record.logFile.token)
  })

  it('writes a redacted log file in the logs folder, and to stderr only in development', () => {
    const { logFile, paths } = packaged.record
    expect(logFile.path).toBe(join(paths['logs'] ?? '', 'main.log'))
    expect(logFile.text).toContain(`Opt-Out Desk ${version} starting`)
    expect(logFile.text).toContain("Window's renderer gone: crashed")
    expect(logFile.text).toContain(
      'Uncaught exception in main: Error: request to https://api.example/?auth_token=[redacted]',
    )
    expect(logFile.text).toContain('Unhandled rejection in main')
    expect(logFile.text).not.toContain(logFile.token)
    expect(packaged.stderr).not.toContain('[opt-out-desk]')
    expect(development.stderr).toContain('Uncaught exception in main')
    expect(development.stderr).not.toContain(logFile.token)
  })
})
