import { vi } from 'vitest'
import { EventEmitter } from 'node:events'

export const app = {
  getPath: vi.fn(() => '/tmp/opt-out-desk-test'),
  getVersion: vi.fn(() => '0.0.0-test'),
  getName: vi.fn(() => 'Opt-Out Desk'),
  isPackaged: false,
  requestSingleInstanceLock: vi.fn(() => true),
  on: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  quit: vi.fn(),
}
export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() }
type RendererListener = (event: unknown, ...args: unknown[]) => void
const rendererListeners = new Map<string, Set<RendererListener>>()
export const ipcRenderer = {
  invoke: vi.fn(),
  on: vi.fn((channel: string, listener: RendererListener) => {
    const listeners = rendererListeners.get(channel) ?? new Set()
    rendererListeners.set(channel, listeners)
    listeners.add(listener)
    return ipcRenderer
  }),
  removeListener: vi.fn((channel: string, listener: RendererListener) => {
    rendererListeners.get(channel)?.delete(listener)
    return ipcRenderer
  }),
  /** Test hook: delivers what main's `webContents.send(channel, payload)` would, with an event object. */
  deliver(channel: string, event: unknown, payload: unknown): void {
    for (const listener of [...(rendererListeners.get(channel) ?? [])]) listener(event, payload)
  },
  listenerCount: (channel: string) => rendererListeners.get(channel)?.size ?? 0,
}
export const contextBridge = { exposeInMainWorld: vi.fn() }
export const webUtils = { getPathForFile: vi.fn((file: { name: string }) => `/dropped/${file.name}`) }
export const shell = { openExternal: vi.fn(), showItemInFolder: vi.fn(), openPath: vi.fn() }
export const clipboard = { writeText: vi.fn() }
export const dialog = { showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn() }
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() }
export const session = {
  defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
}
export const net = { fetch: vi.fn() }
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
}
export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false })
export class BrowserWindow {
  static instances: BrowserWindow[] = []
  static getAllWindows = vi.fn(() => BrowserWindow.instances)
  readonly once = vi.fn()
  readonly show = vi.fn()
  readonly loadURL = vi.fn(() => Promise.resolve())
  readonly isDestroyed = vi.fn(() => false)
  readonly setBackgroundColor = vi.fn()
  constructor(readonly options: Record<string, unknown>) {
    BrowserWindow.instances.push(this)
  }
}
export default {
  app,
  ipcMain,
  ipcRenderer,
  contextBridge,
  webUtils,
  shell,
  clipboard,
  dialog,
  protocol,
  session,
  net,
  Menu,
  BrowserWindow,
  nativeTheme,
}
