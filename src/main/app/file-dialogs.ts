import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  type MessageBoxOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron'
import type { SaveDialog } from '../services/export-jobs/export-jobs'
import type { FileDialogs } from '../services/presets/presets-service'
import type { OpenReportDialog } from '../services/report-viewer/report-viewer'
import type { OpenSendListDialog } from '../services/send-list/send-lists'

const JSON_FILTER = { name: 'Opt-Out Desk presets', extensions: ['json'] }
const REPORT_FILTERS = {
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  csv: { name: 'CSV (comma-separated values)', extensions: ['csv'] },
}

/** Native save/open dialogs, attached to the app window so they are modal to it. */
export function createFileDialogs(): FileDialogs & SaveDialog & OpenReportDialog & OpenSendListDialog {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  // Modal to the window when there is one; a dialog with no window still answers (e.g. during quit).
  const save = (options: SaveDialogOptions) => {
    const window = parent()
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options)
  }
  const open = (options: OpenDialogOptions) => {
    const window = parent()
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)
  }
  const ask = (options: MessageBoxOptions) => {
    const window = parent()
    return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options)
  }
  return {
    async chooseReportPath(suggestedFileName, folder, format) {
      const options = {
        title: 'Save the report',
        defaultPath: join(folder ?? app.getPath('documents'), suggestedFileName),
        filters: [REPORT_FILTERS[format]],
        // Windows and macOS always ask before replacing a file; GTK's dialog only when told to.
        properties: ['showOverwriteConfirmation' as const],
      }
      const result = await save(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async confirmReplace(fileName) {
      const options = {
        type: 'question' as const,
        title: 'Replace the report file?',
        message: `${fileName} already exists in that folder.`,
        detail:
          'A CSV export writes its report (filters, row count and hash) into this file beside it. ' +
          'Replace it with the new report?',
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
      }
      const result = await ask(options)
      return result.response === 0
    },
    async chooseReportToOpen(folder) {
      const options = {
        title: 'Open a report',
        defaultPath: folder ?? app.getPath('documents'),
        properties: ['openFile' as const],
        filters: [
          { name: 'Reports (Excel or CSV)', extensions: ['xlsx', 'csv'] },
          REPORT_FILTERS.xlsx,
          REPORT_FILTERS.csv,
        ],
      }
      const result = await open(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseSendList(folder) {
      const options = {
        title: 'Choose a send list',
        defaultPath: folder ?? app.getPath('documents'),
        properties: ['openFile' as const],
        filters: [
          { name: 'Send lists (Excel or CSV)', extensions: ['xlsx', 'csv'] },
          REPORT_FILTERS.xlsx,
          REPORT_FILTERS.csv,
        ],
      }
      const result = await open(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseExportPath(suggestedName) {
      const options = {
        title: 'Export presets',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [JSON_FILTER],
        properties: ['showOverwriteConfirmation' as const],
      }
      const result = await save(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async chooseImportPath() {
      const options = {
        title: 'Import presets',
        properties: ['openFile' as const],
        filters: [JSON_FILTER, { name: 'All files', extensions: ['*'] }],
      }
      const result = await open(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}
