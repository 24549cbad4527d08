import { contextBridge, ipcRenderer } from 'electron'
import { API_METHODS, CHANNELS } from '../shared/channels'
import type { OptOutDeskApi } from '../shared/contract'

/**
 * The renderer's only door to main: one named function per contract entry.
 * Never exposes ipcRenderer, the event object or any Node value.
 */
const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (request?: unknown) => ipcRenderer.invoke(CHANNELS[method], request)]),
) as OptOutDeskApi

contextBridge.exposeInMainWorld('api', api)
