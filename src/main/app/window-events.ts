import type { BrowserWindow } from 'electron'
import { EVENT_CHANNELS, type EventName, type Events } from '../../shared/contract'

/**
 * Sends one of the contract's events to the app's own window: only while the
 * window is alive and shows a page of the app's origin (the same check the
 * IPC sender check makes), never to another page it may have been led to.
 * The only place in the app that calls `webContents.send` (a lint rule keeps
 * it so); the core sweeps every payload for tokens before it gets here.
 */
export function sendToWindow<E extends EventName>(
  window: BrowserWindow | undefined,
  isAppUrl: (url: string) => boolean,
  event: E,
  payload: Events[E],
): boolean {
  if (!window || window.isDestroyed()) return false
  const contents = window.webContents
  if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return false
  contents.send(EVENT_CHANNELS[event], payload)
  return true
}
