import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/app/csp'
import { API_METHODS, ipcContract } from '../../../src/shared/contract'
import { ensureBuiltApp } from '../../support/built-app'

// The composition root (src/main/index.ts) as it ships: the BUILT out/main/index.js, loaded in a
// plain Node child process with a recording stand-in for `electron` (and keytar), so what is proven
// is the bundle electron-builder packages, not the sources.
const root = resolve(__dirname, '../../..')
const builtMain = join(root, 'out/main/index.js')
const runner = join(__dirname, 'composition-root/run-built-main.mjs')
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
const homes: string[] = []

interface MenuItem {
  label?: string
  role?: string
  type?: string
  submenu?: MenuItem[]
}

interface SmokeRecord {
  runnerError?: string
  order: string[]
  singleInstanceLockRequested: boolean
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[]
  protocolSchemes: string[]
  ipcHandleChannels: string[]
  ipcOnChannels: string[]
  protocol: { url: string; status: number; csp: string | null }[]
  window: { webPreferences: Record<string, unknown>; loadedUrls: string[] }
  webContents: Record<string, unknown>
  permissions: { requestGranted: boolean | null; checkGranted: boolean | undefined }
  menu: MenuItem[]
  about: { detail: string } | null
  appInfo: unknown
  foreignCall: unknown
  afterRendererCrash: { reloads: number; messages: number }
  messageBoxes: { message: string; detail: string; buttons: string[] }[]
  openedPaths: string[]
  paths: Record<string, string>
  logFile: { path: string; text: string | null; token: string }
}

function runBuiltMain(isPackaged: boolean): { record: SmokeRecord; stderr: string } {
  const home = mkdtempSync(join(tmpdir(), 'opt-out-desk-smoke-'))
  homes.push(home)
  const recordPath = join(home, 'record.json')
  const child = spawnSync(process.execPath, [runner, builtMain], {
    env: {
      ...process.env,
      SMOKE_HOME: home,
      SMOKE_PACKAGED: isPackaged ? '1' : '0',
      SMOKE_VERSION: version,
      SMOKE_RECORD: recordPath,
      OPTOUT_DESK_USER_DATA: '',
      ELECTRON_RENDERER_URL: '',
    },
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (!existsSync(recordPath)) {
    throw new Error(`the built main process did not finish (exit ${child.status}):\n${child.stderr}`)
  }
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as SmokeRecord
  if (record.runnerError) throw new Error(`the smoke run failed: ${record.runnerError}`)
  return { record, stderr: child.stderr }
}

const allItems = (items: MenuItem[]): MenuItem[] =>
  items.flatMap((item) => [item, ...allItems(item.submenu ?? [])])

let development: { record: SmokeRecord; stderr: string }
let packaged: { record: SmokeRecord; stderr: string }

beforeAll(() => {
  ensureBuiltApp()
  development = runBuiltMain(false)
  packaged = runBuiltMain(true)
}, 420_000)

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true })
})

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
    expect(packaged.record.appInfo).toEqual({ ok: true, data: { name: 'Opt-Out Desk', version } })
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
    for (const role of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'zoomIn',
      'togglefullscreen',
      'help',
    ]) {
      expect(roles(packaged.record)).toContain(role)
    }
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
