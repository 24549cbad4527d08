// A stand-in for the `electron` module (and keytar) that records what the built main process does
// with it, for the composition-root smoke test. Only what src/main uses exists; anything else the
// app touched would throw, so a new Electron call shows up as a failure here, not a silent pass.
import { EventEmitter } from 'node:events'
import { join } from 'node:path'

/**
 * @param {{ home: string, isPackaged: boolean, version: string }} options
 */
export function createStandIns({ home, isPackaged, version }) {
  const record = {
    /** Ordered names of the calls that matter for ordering (scheme registration vs ready). */
    order: [],
    singleInstanceLockRequested: false,
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ipcHandle: new Map(),
    ipcOn: [],
    windows: [],
    menu: null,
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    messageBoxes: [],
    errorBoxes: [],
    openedPaths: [],
    openedUrls: [],
    clipboard: [],
    paths: {},
  }
  let ready = false
  let resolveReady
  const readyPromise = new Promise((resolve) => (resolveReady = resolve))

  const app = Object.assign(new EventEmitter(), {
    isPackaged,
    getVersion: () => version,
    getName: () => 'Opt-Out Desk',
    getPath(name) {
      record.paths[name] ??= join(home, name)
      return record.paths[name]
    },
    setPath(name, path) {
      record.paths[name] = path
    },
    setAppLogsPath(path) {
      record.paths.logs = path
    },
    requestSingleInstanceLock() {
      record.order.push('app.requestSingleInstanceLock')
      record.singleInstanceLockRequested = true
      return true
    },
    quit: () => record.order.push('app.quit'),
    isReady: () => ready,
    whenReady: () => readyPromise,
  })

  class WebContents extends EventEmitter {
    reloads = 0
    forcefullyCrashRenderer() {}
    reload() {
      this.reloads += 1
    }
  }

  class BrowserWindow extends EventEmitter {
    static all = []
    static getAllWindows = () => BrowserWindow.all
    static getFocusedWindow = () => BrowserWindow.all[0] ?? null
    webContents = new WebContents()
    loadedUrls = []
    constructor(options) {
      super()
      this.options = options
      BrowserWindow.all.push(this)
      record.windows.push(this)
    }
    loadURL(url) {
      this.loadedUrls.push(url)
      return Promise.resolve()
    }
    show() {}
    setBackgroundColor() {}
    focus() {}
    restore() {}
    isMinimized = () => false
    isDestroyed = () => false
  }

  const electron = {
    app,
    BrowserWindow,
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
    protocol: {
      registerSchemesAsPrivileged(schemes) {
        record.order.push('protocol.registerSchemesAsPrivileged')
        record.privilegedSchemes.push(...schemes)
      },
      handle(scheme, handler) {
        record.protocolHandlers.set(scheme, handler)
      },
    },
    ipcMain: {
      handle(channel, listener) {
        if (record.ipcHandle.has(channel)) throw new Error(`ipcMain.handle called twice for ${channel}`)
        record.ipcHandle.set(channel, listener)
      },
      on(channel) {
        record.ipcOn.push(channel)
      },
      removeHandler() {},
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler) => (record.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler) => (record.permissionCheckHandler = handler),
      },
    },
    Menu: {
      buildFromTemplate: (template) => ({ template }),
      setApplicationMenu: (menu) => (record.menu = menu),
    },
    dialog: {
      showMessageBox(...args) {
        record.messageBoxes.push(args.at(-1))
        return Promise.resolve({ response: 1 })
      },
      showErrorBox: (title, content) => record.errorBoxes.push({ title, content }),
      showSaveDialog: () => Promise.resolve({ canceled: true }),
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    },
    clipboard: {
      writeText: (text) => record.clipboard.push(text),
    },
    shell: {
      openPath: (path) => (record.openedPaths.push(path), Promise.resolve('')),
      openExternal: (url) => (record.openedUrls.push(url), Promise.resolve()),
      showItemInFolder: (path) => record.openedPaths.push(path),
    },
  }

  const secrets = new Map()
  const keytar = {
    getPassword: async (service, account) => secrets.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void secrets.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => secrets.delete(`${service}/${account}`),
  }

  return {
    electron,
    keytar,
    record,
    becomeReady() {
      record.order.push('app.ready')
      ready = true
      app.emit('ready')
      resolveReady()
    },
  }
}
