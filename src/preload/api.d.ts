import type { DroppedFiles, OptOutDeskApi } from '../shared/contract'

declare global {
  interface Window {
    api: OptOutDeskApi
    files: DroppedFiles
  }
}

export {}
