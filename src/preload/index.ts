import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { API_METHODS, CHANNELS, EVENT_CHANNELS, type EventName } from '../shared/channels'
import type { DroppedFiles, OptOutDeskApi, OptOutDeskRequests, Subscribe } from '../shared/contract'

/**
 * The renderer's only door to main: one named function per contract entry,
 * and `on` for main's events. Never exposes ipcRenderer, the event object or
 * any Node value.
 */
const requests = Object.fromEntries(
  API_METHODS.map((method) => [method, (request?: unknown) => ipcRenderer.invoke(CHANNELS[method], request)]),
) as OptOutDeskRequests

const on: Subscribe = (event, listener) => {
  if (!Object.hasOwn(EVENT_CHANNELS, event))
    throw new Error(`Opt-Out Desk has no event named ${String(event)}.`)
  const channel = EVENT_CHANNELS[event as EventName]
  // The listener gets the payload alone: the IPC event object (and its sender) stays here.
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

const api: OptOutDeskApi = { ...requests, on }

/**
 * A sandboxed page cannot see where a dropped file lives; Electron tells the
 * preload. Only the path string crosses, and main still decides whether to read it.
 */
const files: DroppedFiles = {
  pathOf: (file) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('api', api)
contextBridge.exposeInMainWorld('files', files)
