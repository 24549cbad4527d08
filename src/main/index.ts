import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import keytar from 'keytar'
import { installAppMenu } from './app/app-menu'
import { handleMainProcessErrors, superviseRenderer } from './app/crash-handling'
import { electronClipboard } from './app/clipboard'
import { createErrorDialogs, openReadme, showAbout } from './app/desktop-dialogs'
import { createFileDialogs } from './app/file-dialogs'
import { createLogFile } from './app/log-file'
import { createMainWindow } from './app/main-window'
import { electronShellActions } from './app/shell-actions'
import { registerIpc } from './app/ipc-bridge'
import { sendToWindow } from './app/window-events'
import { registerAppScheme, serveRenderer } from './app/protocol'
import { APP_ORIGIN } from './app/renderer-assets'
import { denyAllPermissions, hardenWebContents } from './app/security'
import { createCore } from './core'
import { createDispatcher } from './ipc/dispatcher'
import { createSenderCheck } from './ipc/trusted-sender'
import { createLog } from './lib/log'
import type { SecretsProvider } from './lib/redact'

// End-to-end runs inside Electron point the app at a throwaway profile and keychain entry.
const testUserData = app.isPackaged ? undefined : process.env['OPTOUT_DESK_USER_DATA']
const testKeychainService = app.isPackaged ? undefined : process.env['OPTOUT_DESK_KEYCHAIN_SERVICE']
if (testUserData) {
  app.setPath('userData', testUserData)
  app.setAppLogsPath(join(testUserData, 'logs'))
}

// The log goes to a rotating file in the app's logs folder (the only log an installed app has),
// and to stderr as well when running from a clone. createLog redacts tokens before either sees a line.
const logsDir = app.getPath('logs')
const writeLogFile = createLogFile(logsDir)
// The log exists before the session does; it asks for the current tokens on every line.
let secrets: SecretsProvider = () => []
const log = createLog(
  (line) => {
    writeLogFile(line)
    if (!app.isPackaged) process.stderr.write(`${line}\n`)
  },
  { secrets: () => secrets() },
)
const errorDialogs = createErrorDialogs(logsDir)
handleMainProcessErrors(process, { log, dialogs: errorDialogs })

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
  log(
    `Opt-Out Desk ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'}, ` +
      `${app.isPackaged ? 'installed' : 'development'}, ${process.platform} ${process.arch})`,
  )
  registerAppScheme()
  hardenWebContents(isAppUrl)

  const core = createCore({
    // The same version About shows, written into every report's metadata.
    appInfo: { name: 'Opt-Out Desk', version: app.getVersion() },
    userDataDir: app.getPath('userData'),
    keychain: keytar,
    dialogs: createFileDialogs(),
    shell: electronShellActions,
    clipboard: electronClipboard,
    keychainService: testKeychainService,
    log,
    // Jobs outlive a reload or a new window: each event goes to whichever app window is open now.
    events: (event, payload) => {
      sendToWindow(mainWindow, isAppUrl, event, payload)
    },
  })
  secrets = core.secrets

  let mainWindow: BrowserWindow | undefined
  const openWindow = () => {
    mainWindow = createMainWindow(rendererUrl)
    superviseRenderer(mainWindow, { log, dialogs: errorDialogs })
  }

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
    installAppMenu({
      isMac: process.platform === 'darwin',
      isPackaged: app.isPackaged,
      actions: { showAbout, openLogsFolder: errorDialogs.openLogsFolder, openReadme },
    })
    serveRenderer(join(__dirname, '../renderer'))
    registerIpc(createDispatcher(core.handlers, { isTrustedSender, log, secrets: core.secrets }))
    openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
  })
}
