import { beforeEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow, dialog } from 'electron'
import { createFileDialogs } from '../../../src/main/app/file-dialogs'

/** Finding 9: GTK's save dialog replaces a file silently unless told to confirm. */

beforeEach(() => {
  vi.clearAllMocks()
  Object.assign(BrowserWindow, { getFocusedWindow: vi.fn(() => null) })
  vi.mocked(BrowserWindow.getAllWindows).mockReturnValue([])
})

describe('save dialogs', () => {
  it('ask before overwriting on Linux too (showOverwriteConfirmation), for reports and presets', async () => {
    vi.mocked(dialog.showSaveDialog).mockResolvedValue({ canceled: true, filePath: '' })
    const dialogs = createFileDialogs()
    await dialogs.chooseReportPath('r.csv', '/tmp', 'csv')
    await dialogs.chooseExportPath('presets.json')
    const calls = vi.mocked(dialog.showSaveDialog).mock.calls
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      const options = call.at(-1) as { properties?: string[] }
      expect(options.properties).toContain('showOverwriteConfirmation')
    }
  })

  it('asks before replacing a CSV report file, and takes only "Replace" as yes', async () => {
    const dialogs = createFileDialogs()
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    expect(await dialogs.confirmReplace('l.report.json')).toBe(true)
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    expect(await dialogs.confirmReplace('l.report.json')).toBe(false)
    const options = vi.mocked(dialog.showMessageBox).mock.calls[0]?.at(-1) as {
      message: string
      cancelId: number
    }
    expect(options.message).toContain('l.report.json')
    expect(options.cancelId).toBe(1)
  })
})
