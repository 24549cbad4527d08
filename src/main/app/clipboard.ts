import { clipboard } from 'electron'
import type { ClipboardWriter } from '../services/clipboard/clipboard-service'

/** Only ever given text the window chose to copy, after the contract's check. */
export const electronClipboard: ClipboardWriter = {
  writeText: (text) => clipboard.writeText(text),
}
