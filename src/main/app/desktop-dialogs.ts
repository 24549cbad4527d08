import { app, BrowserWindow, dialog, shell } from 'electron'
import { aboutDetail, PRODUCT_NAME, README_URL } from './app-menu'
import type { ErrorDialogs } from './crash-handling'

const parentWindow = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]

/** Message boxes for error reports, usable before the app is ready (then a plain error box). */
export function createErrorDialogs(logsDir: string): ErrorDialogs {
  return {
    async showMessage(options) {
      if (!app.isReady()) {
        dialog.showErrorBox(
          options.title ?? PRODUCT_NAME,
          [options.message, options.detail].filter(Boolean).join('\n\n'),
        )
        return options.cancelId ?? 0
      }
      const window = parentWindow()
      const { response } = window
        ? await dialog.showMessageBox(window, options)
        : await dialog.showMessageBox(options)
      return response
    },
    openLogsFolder: () => void shell.openPath(logsDir),
  }
}

export function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: `About ${PRODUCT_NAME}`,
    message: PRODUCT_NAME,
    detail: aboutDetail({
      version: app.getVersion(),
      electron: process.versions.electron ?? 'unknown',
      chrome: process.versions.chrome ?? 'unknown',
      node: process.versions.node,
    }),
    buttons: ['OK'],
  }
  const window = parentWindow()
  void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options))
}

/** Only ever this fixed https address; the renderer cannot ask for a URL to be opened. */
export function openReadme(): void {
  void shell.openExternal(README_URL)
}
