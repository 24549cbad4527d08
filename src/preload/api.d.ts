import type { OptOutDeskApi } from '../shared/contract'

declare global {
  interface Window {
    api: OptOutDeskApi
  }
}

export {}
