import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/** The project's lint rules that keep IPC typed: raw channels stay in the preload and sendToWindow. */
describe('lint rules for IPC', () => {
  const eslint = new ESLint({ cwd: process.cwd() })
  const messagesFor = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath })).flatMap((result) =>
      result.messages.map((message) => message.message),
    )
  const SEND = [
    "import type { BrowserWindow } from 'electron'",
    'export function push(window: BrowserWindow): void {',
    "  window.webContents.send('jobs:changed', {})",
    '}',
    '',
  ].join('\n')

  it('refuses webContents.send anywhere but sendToWindow', async () => {
    expect(await messagesFor(SEND, 'src/main/services/export-jobs/push.ts')).toContain(
      'Send events with sendToWindow (src/main/app/window-events.ts), never webContents.send.',
    )
    expect(await messagesFor(SEND, 'src/main/app/window-events.ts')).toEqual([])
  })

  it('still keeps ipcRenderer in the preload only', async () => {
    const code = "import { ipcRenderer } from 'electron'\nexport const leak = ipcRenderer\n"
    expect(await messagesFor(code, 'src/main/app/window-events.ts')).toContain(
      'ipcRenderer belongs in src/preload only; use window.api.',
    )
  })
})
