import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { API_METHODS, CHANNELS } from '../shared/channels'
import type { DroppedFiles, OptOutDeskApi } from '../shared/contract'

/**
 * The renderer's only door to main: one named function per contract entry.
 * Never exposes ipcRenderer, the event object or any Node value.
 */
const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (request?: unknown) => ipcRenderer.invoke(CHANNELS[method], request)]),
) as OptOutDeskApi

/**
 * A sandboxed page cannot see where a dropped file lives; Electron tells the
 * preload. Only the path string crosses, and main still decides whether to read it.
 */
const files: DroppedFiles = {
  pathOf: (file) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('api', api)
contextBridge.exposeInMainWorld('files', files)
