import { join } from 'node:path'
import { BrowserWindow, nativeTheme } from 'electron'

/**
 * The page colour (tokens.css --bg) in the light and dark themes: the window is filled with it before
 * the page paints and while it resizes or reloads, so a dark system sees no white flash.
 */
export const WINDOW_BACKGROUND = { light: '#f4f6f9', dark: '#111419' } as const

function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light
}

export function createMainWindow(rendererUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Opt-Out Desk',
    backgroundColor: windowBackground(),
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  // nativeTheme follows the system by default; the page's own colours follow it through CSS.
  const followTheme = () => {
    if (!window.isDestroyed()) window.setBackgroundColor(windowBackground())
  }
  nativeTheme.on('updated', followTheme)
  window.once('closed', () => nativeTheme.off('updated', followTheme))
  void window.loadURL(rendererUrl)
  return window
}
