import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Runs run-built-main.mjs on a built main process (out/main/index.js, or the one inside a packaged
// app) in its own Node process, and returns what the stand-in electron recorded.
const runner = join(__dirname, 'run-built-main.mjs')

export interface MenuItem {
  label?: string
  role?: string
  type?: string
  submenu?: MenuItem[]
}

export interface SmokeRecord {
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

export interface SmokeRun {
  record: SmokeRecord
  stderr: string
}

export function runBuiltMain(
  builtMain: string,
  { isPackaged, version }: { isPackaged: boolean; version: string },
): SmokeRun {
  const home = mkdtempSync(join(tmpdir(), 'opt-out-desk-smoke-'))
  try {
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
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
