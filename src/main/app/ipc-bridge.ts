import { ipcMain } from 'electron'
import { API_METHODS, ipcContract } from '../../shared/contract'
import type { Dispatch } from '../ipc/dispatcher'

/** Connects every contract channel to the dispatcher; the only place ipcMain is used. */
export function registerIpc(dispatch: Dispatch): void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcContract[method].channel, (event, payload: unknown) =>
      dispatch(method, payload, {
        frameUrl: event.senderFrame?.url ?? '',
        isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
      }),
    )
  }
}
