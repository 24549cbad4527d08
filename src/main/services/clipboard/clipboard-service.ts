import { fail, ok, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'

/** The system clipboard as main reaches it (Electron's `clipboard` in the app, a recorder in tests). */
export interface ClipboardWriter {
  writeText(text: string): void
}

export interface ClipboardService {
  copyText(text: string): Result<null>
}

/**
 * Copies text the window chose (a cell, rows, a phone number) to the system clipboard. It goes through
 * main because a sandboxed window's `navigator.clipboard` needs a permission the app refuses to every page.
 */
export function createClipboardService({
  clipboard,
  log,
}: {
  clipboard: ClipboardWriter
  log: Log
}): ClipboardService {
  return {
    copyText(text) {
      try {
        clipboard.writeText(text)
        return ok(null)
      } catch (error) {
        log(`Copy to the clipboard failed: ${error instanceof Error ? error.message : String(error)}`)
        return fail({
          kind: 'internal',
          message:
            'The text could not be copied to the clipboard. Try again, or select it and copy it by hand.',
        })
      }
    },
  }
}
