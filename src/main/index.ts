import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import keytar from 'keytar'
import { createFileDialogs } from './app/file-dialogs'
import { createMainWindow } from './app/main-window'
import { electronShellActions } from './app/shell-actions'
import { registerIpc } from './app/ipc-bridge'
import { registerAppScheme, serveRenderer } from './app/protocol'
import { APP_ORIGIN } from './app/renderer-assets'
import { denyAllPermissions, hardenWebContents } from './app/security'
import { createCore } from './core'
import { createDispatcher } from './ipc/dispatcher'
import { createSenderCheck } from './ipc/trusted-sender'
import { createLog } from './lib/log'
import type { SecretsProvider } from './lib/redact'

// The log exists before the session does; it asks for the current tokens on every line.
let secrets: SecretsProvider = () => []
const log = createLog(undefined, { secrets: () => secrets() })

// End-to-end runs inside Electron point the app at a throwaway profile and keychain entry.
const testUserData = app.isPackaged ? undefined : process.env['OPTOUT_DESK_USER_DATA']
const testKeychainService = app.isPackaged ? undefined : process.env['OPTOUT_DESK_KEYCHAIN_SERVICE']
if (testUserData) app.setPath('userData', testUserData)

// In development electron-vite serves the renderer with hot reload; a built app
// serves it from its own app:// origin.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
const rendererUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`
const trustedOrigins = devServerUrl ? [APP_ORIGIN, devServerUrl] : [APP_ORIGIN]
const isTrustedSender = createSenderCheck(trustedOrigins)
const isAppUrl = (url: string): boolean => isTrustedSender({ frameUrl: url, isMainFrame: true })

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  hardenWebContents(isAppUrl)

  const core = createCore({
    appInfo: { name: 'Opt-Out Desk', version: app.getVersion() },
    userDataDir: app.getPath('userData'),
    keychain: keytar,
    dialogs: createFileDialogs(),
    shell: electronShellActions,
    keychainService: testKeychainService,
    log,
  })
  secrets = core.secrets

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('will-quit', () => {
    void core.dispose()
  })

  void app.whenReady().then(() => {
    denyAllPermissions()
    serveRenderer(join(__dirname, '../renderer'))
    registerIpc(createDispatcher(core.handlers, { isTrustedSender, log, secrets: core.secrets }))
    createMainWindow(rendererUrl)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(rendererUrl)
    })
  })
}
