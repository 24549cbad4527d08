import { beforeEach, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import type { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, nativeTheme, protocol, session } from 'electron'
import { registerIpc } from '../../../src/main/app/ipc-bridge'
import { createMainWindow, WINDOW_BACKGROUND } from '../../../src/main/app/main-window'
import { registerAppScheme } from '../../../src/main/app/protocol'
import { denyAllPermissions, hardenWebContents } from '../../../src/main/app/security'
import { API_METHODS, ipcContract } from '../../../src/shared/contract'

beforeEach(() => {
  vi.clearAllMocks()
})

describe('main window', () => {
  it('is sandboxed, context-isolated, without Node, and loads the given app URL', () => {
    const window = createMainWindow('app://opt-out-desk/index.html') as unknown as {
      options: { webPreferences: Record<string, unknown> }
      loadURL: ReturnType<typeof vi.fn>
    }
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(String(window.options.webPreferences['preload'])).toMatch(/preload[/\\]index\.js$/)
    expect(window.loadURL).toHaveBeenCalledWith('app://opt-out-desk/index.html')
    expect(BrowserWindow.getAllWindows()).toContain(window)
  })

  it('fills with the page colour of the system theme before the page paints, and follows a change', () => {
    const tokens = readFileSync(join(__dirname, '../../../src/renderer/src/styles/tokens.css'), 'utf8')
    const pageColours = [...tokens.matchAll(/--bg:\s*(#[0-9a-f]+);/gi)].map((match) => match[1])
    // The same colours as the stylesheet's light and dark --bg, so nothing flashes between the two.
    expect(pageColours).toEqual([WINDOW_BACKGROUND.light, WINDOW_BACKGROUND.dark])

    const theme = nativeTheme as unknown as EventEmitter & { shouldUseDarkColors: boolean }
    theme.shouldUseDarkColors = true
    try {
      const window = createMainWindow('app://opt-out-desk/index.html') as unknown as {
        options: { backgroundColor: string }
        setBackgroundColor: ReturnType<typeof vi.fn>
      }
      expect(window.options.backgroundColor).toBe(WINDOW_BACKGROUND.dark)
      theme.shouldUseDarkColors = false
      theme.emit('updated')
      expect(window.setBackgroundColor).toHaveBeenLastCalledWith(WINDOW_BACKGROUND.light)
    } finally {
      theme.shouldUseDarkColors = false
      theme.removeAllListeners('updated')
    }
  })
})

describe('IPC registration', () => {
  it('registers every contract channel once and passes the sender frame to the dispatcher', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, data: null }))
    registerIpc(dispatch)
    const handle = vi.mocked(ipcMain.handle)
    expect(handle.mock.calls.map(([channel]) => channel).sort()).toEqual(
      API_METHODS.map((method) => ipcContract[method].channel).sort(),
    )
    const searchCall = handle.mock.calls.find(([channel]) => channel === 'search:run')
    const listener = searchCall?.[1] as (event: unknown, payload: unknown) => Promise<unknown>
    const mainFrame = { url: 'app://opt-out-desk/index.html' }
    await listener({ senderFrame: mainFrame, sender: { mainFrame } }, { requestId: 'x' })
    expect(dispatch).toHaveBeenCalledWith(
      'search',
      { requestId: 'x' },
      { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true },
    )
    const subFrame = { url: 'app://opt-out-desk/index.html' }
    await listener({ senderFrame: subFrame, sender: { mainFrame } }, {})
    expect(dispatch).toHaveBeenLastCalledWith('search', {}, expect.objectContaining({ isMainFrame: false }))
  })
})

describe('security hardening', () => {
  it('denies new windows, foreign navigation and webviews on every web contents', () => {
    hardenWebContents((url) => url.startsWith('app://opt-out-desk/'))
    const appListeners = vi.mocked(app.on).mock.calls as unknown as [string, unknown][]
    const onCreated = appListeners.find(([name]) => name === 'web-contents-created')?.[1] as (
      event: unknown,
      contents: unknown,
    ) => void
    const listeners = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>()
    const contents = {
      setWindowOpenHandler: vi.fn(),
      on: vi.fn((name: string, listener: (event: { preventDefault: () => void }, url?: string) => void) =>
        listeners.set(name, listener),
      ),
    }
    onCreated({}, contents)
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as () => unknown
    expect(openHandler()).toEqual({ action: 'deny' })

    const away = { preventDefault: vi.fn() }
    listeners.get('will-navigate')?.(away, 'https://evil.example/')
    expect(away.preventDefault).toHaveBeenCalled()
    const inside = { preventDefault: vi.fn() }
    listeners.get('will-navigate')?.(inside, 'app://opt-out-desk/index.html')
    expect(inside.preventDefault).not.toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    listeners.get('will-attach-webview')?.(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('refuses every permission request and check', () => {
    denyAllPermissions()
    const request = vi.mocked(session.defaultSession.setPermissionRequestHandler).mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void
    const callback = vi.fn()
    request({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    const check = vi.mocked(session.defaultSession.setPermissionCheckHandler).mock
      .calls[0]?.[0] as () => boolean
    expect(check()).toBe(false)
  })

  it('registers app:// as a secure standard scheme', () => {
    registerAppScheme()
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
  })
})
