import { join } from 'node:path'
import { app, BrowserWindow, dialog } from 'electron'
import type { FileDialogs } from '../services/presets/presets-service'

const JSON_FILTER = { name: 'Opt-Out Desk presets', extensions: ['json'] }

/** Native save/open dialogs, attached to the app window so they are modal to it. */
export function createFileDialogs(): FileDialogs {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  return {
    async chooseExportPath(suggestedName) {
      const options = {
        title: 'Export presets',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [JSON_FILTER],
      }
      const window = parent()
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async chooseImportPath() {
      const options = {
        title: 'Import presets',
        properties: ['openFile' as const],
        filters: [JSON_FILTER, { name: 'All files', extensions: ['*'] }],
      }
      const window = parent()
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
