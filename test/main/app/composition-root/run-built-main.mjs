// Child process of the composition-root smoke test: loads the BUILT main process (out/main/index.js)
// with stand-ins for `electron` and keytar, plays an app start and a few events, and writes what
// happened as JSON to the file named by SMOKE_RECORD. Usage: node run-built-main.mjs <out/main/index.js>
import Module, { createRequire } from 'node:module'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate as tick } from 'node:timers/promises'
import { createStandIns } from './stand-in-electron.mjs'

const [mainPath] = process.argv.slice(2)
const home = process.env.SMOKE_HOME
const isPackaged = process.env.SMOKE_PACKAGED === '1'
const version = process.env.SMOKE_VERSION
const TOKEN = 'f3a9c2e1d4b5a6978877665544332211'

const { electron, keytar, record, becomeReady } = createStandIns({ home, isPackaged, version })

// Module._resolveFilename sends `electron` and `keytar` to virtual files whose exports are the
// stand-ins; every other require (zod, exceljs, electron-log…) loads the real package.
const virtual = { electron: join(home, 'virtual-electron.js'), keytar: join(home, 'virtual-keytar.js') }
const exportsOf = { [virtual.electron]: electron, [virtual.keytar]: keytar }
for (const [path, value] of Object.entries(exportsOf)) {
  const stub = new Module(path)
  stub.filename = path
  stub.loaded = true
  stub.exports = value
  Module._cache[path] = stub
}
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return virtual[request] ?? resolveFilename.call(this, request, ...rest)
}

// The app installs its own uncaughtException handler, which would swallow a failure of this script:
// every step below reports its own error into the record instead.
try {
  await run()
} catch (error) {
  writeFileSync(process.env.SMOKE_RECORD, JSON.stringify({ runnerError: String(error?.stack ?? error) }))
}
process.exit(0)

async function run() {
  createRequire(import.meta.url)(mainPath)
  record.order.push('main loaded')
  becomeReady()
  for (let i = 0; i < 5; i += 1) await tick()

  const result = {
    order: record.order,
    singleInstanceLockRequested: record.singleInstanceLockRequested,
    privilegedSchemes: record.privilegedSchemes,
    protocolSchemes: [...record.protocolHandlers.keys()],
    ipcHandleChannels: [...record.ipcHandle.keys()],
    ipcOnChannels: record.ipcOn,
    paths: record.paths,
  }

  // The renderer's files through the app:// handler, and attempts to leave its folder.
  const serve = record.protocolHandlers.get('app')
  const fetchApp = async (url) => {
    const response = await serve({ url, method: 'GET' })
    return { url, status: response.status, csp: response.headers.get('content-security-policy') }
  }
  result.protocol = await Promise.all(
    [
      'app://opt-out-desk/index.html',
      'app://opt-out-desk/..%2f..%2fpackage.json',
      'app://opt-out-desk/%2e%2e/%2e%2e/package.json',
      'app://opt-out-desk/..%5c..%5cpackage.json',
      'app://opt-out-desk/../main/index.js',
      'app://other-host/index.html',
    ].map(fetchApp),
  )

  // Windows and the handlers every web contents gets.
  const [window] = record.windows
  result.window = { webPreferences: window?.options.webPreferences, loadedUrls: window?.loadedUrls }
  const contents = Object.assign(new (await import('node:events')).EventEmitter(), {
    setWindowOpenHandler(handler) {
      this.windowOpenHandler = handler
    },
  })
  electron.app.emit('web-contents-created', {}, contents)
  const navigate = (name, url) => {
    let prevented = false
    contents.emit(name, { preventDefault: () => (prevented = true) }, url)
    return prevented
  }
  result.webContents = {
    windowOpen: contents.windowOpenHandler?.({ url: 'https://example.com/' }),
    navigateAwayPrevented: navigate('will-navigate', 'https://example.com/'),
    navigateInsidePrevented: navigate('will-navigate', 'app://opt-out-desk/index.html'),
    redirectAwayPrevented: navigate('will-redirect', 'https://example.com/'),
    webviewPrevented: navigate('will-attach-webview', undefined),
  }
  let granted = null
  record.permissionRequestHandler?.(contents, 'media', (allowed) => (granted = allowed))
  result.permissions = {
    requestGranted: granted,
    checkGranted: record.permissionCheckHandler?.(contents, 'notifications', 'app://opt-out-desk', {}),
  }

  // The menu as data, and its About and logs items used.
  const strip = (items) =>
    items.map(({ label, role, type, submenu }) => ({
      label,
      role,
      type,
      ...(submenu ? { submenu: strip(submenu) } : {}),
    }))
  const template = record.menu?.template ?? []
  result.menu = strip(template)
  const findItem = (items, label) =>
    items
      .flatMap((item) => [item, ...(item.submenu ? [findItem(item.submenu, label)] : [])])
      .find((item) => item?.label === label)
  const boxesBefore = record.messageBoxes.length
  findItem(template, 'About Opt-Out Desk')?.click()
  result.about = record.messageBoxes[boxesBefore] ?? null
  findItem(template, 'Open logs folder')?.click()

  // One IPC call through the real dispatcher from the app's own frame, one from elsewhere.
  const mainFrame = { url: 'app://opt-out-desk/index.html' }
  const invoke = (channel, frame) =>
    record.ipcHandle.get(channel)({ senderFrame: frame, sender: { mainFrame } }, undefined)
  result.appInfo = await invoke('app:info', mainFrame).catch((error) => ({ thrown: String(error) }))
  result.foreignCall = await invoke('app:info', { url: 'https://example.com/' })

  // A renderer crash, then errors in main (twice: the user is told once).
  window?.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
  await tick()
  result.afterRendererCrash = { reloads: window?.webContents.reloads, messages: record.messageBoxes.length }
  process.emit(
    'uncaughtException',
    new Error(`request to https://api.example/?auth_token=${TOKEN}&x=1 failed`),
  )
  process.emit('unhandledRejection', new Error(`{"auth_token": "${TOKEN}"} rejected`), Promise.resolve())
  for (let i = 0; i < 5; i += 1) await tick()
  result.messageBoxes = record.messageBoxes.map(({ message, detail, buttons }) => ({
    message,
    detail,
    buttons,
  }))
  result.openedPaths = record.openedPaths

  const logFile = join(record.paths.logs ?? '', 'main.log')
  result.logFile = {
    path: logFile,
    text: existsSync(logFile) ? readFileSync(logFile, 'utf8') : null,
    token: TOKEN,
  }

  writeFileSync(process.env.SMOKE_RECORD, JSON.stringify(result, null, 2))
}
