import type { AppInfo } from '../../shared/contract'
import { ok } from '../../shared/result'
import type { SearchService } from '../services/search/search-service'
import type { Session } from '../services/session/session'
import type { SettingsStore } from '../services/settings/settings-store'
import type { Handlers } from './dispatcher'

export interface HandlerDeps {
  appInfo: AppInfo
  session: Session
  settings: SettingsStore
  search: SearchService
}

/** Maps each contract entry to the service that answers it; no logic of its own. */
export function createHandlers({ appInfo, session, settings, search }: HandlerDeps): Handlers {
  return {
    getAppInfo: async () => ok(appInfo),
    getSessionStatus: () => session.status(),
    verifyAndSaveToken: ({ token }) => session.verifyAndSave(token),
    forgetToken: () => session.forget(),
    startDemo: () => session.startDemo(),
    stopDemo: () => session.stopDemo(),
    getSettings: async () => ok(await settings.get()),
    saveSettings: (update) => settings.save(update),
    search: (request) => search.run(request),
    cancelSearch: async ({ requestId }) => ok(search.cancel(requestId)),
  }
}
