import { create } from 'zustand'
import type { AppInfo, Settings } from '../../../shared/contract'
import type { AppError } from '../../../shared/result'
import { DEFAULT_EXPORT_CONCURRENCY } from '../../../shared/settings'
import { getApi } from '../api'
import { call } from '../lib/call'

export interface SettingsData {
  /** The settings main has stored; null until loaded. */
  settings: Settings | null
  /** The API base as the user is editing it. */
  apiBaseDraft: string
  /** Pages an export fetches at once (1–6), as the user is editing it. */
  concurrencyDraft: number
  appInfo: AppInfo | null
  loading: boolean
  saving: boolean
  /** A failure that is not about a field (load failed, keychain, internal). */
  error: AppError | null
  /** Main's validation message for the API base field. */
  apiBaseError: string | null
}

export interface SettingsActions {
  load: () => Promise<void>
  /** Asks main for the app's name, version and platform, once. */
  loadAppInfo: () => Promise<void>
  setApiBaseDraft: (value: string) => void
  setConcurrencyDraft: (value: number) => void
  /** Saves the draft; resolves true when main accepted it. */
  save: () => Promise<boolean>
  /** Discards unsaved edits and messages. */
  reset: () => void
}

export type SettingsState = SettingsData & SettingsActions

export function initialSettingsData(): SettingsData {
  return {
    settings: null,
    apiBaseDraft: '',
    concurrencyDraft: DEFAULT_EXPORT_CONCURRENCY,
    appInfo: null,
    loading: false,
    saving: false,
    error: null,
    apiBaseError: null,
  }
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  ...initialSettingsData(),

  load: async () => {
    set({ loading: true, error: null, apiBaseError: null })
    const [settings] = await Promise.all([call(() => getApi().getSettings()), get().loadAppInfo()])
    if (settings.ok) {
      set({
        loading: false,
        settings: settings.data,
        apiBaseDraft: settings.data.apiBase,
        concurrencyDraft: settings.data.exportConcurrency,
      })
    } else {
      set({ loading: false, error: settings.error })
    }
  },

  loadAppInfo: async () => {
    if (get().appInfo) return
    const appInfo = await call(() => getApi().getAppInfo())
    if (appInfo.ok) set({ appInfo: appInfo.data })
  },

  setApiBaseDraft: (value) => set({ apiBaseDraft: value, apiBaseError: null }),
  setConcurrencyDraft: (value) => set({ concurrencyDraft: value }),

  save: async () => {
    set({ saving: true, error: null, apiBaseError: null })
    const { apiBaseDraft, concurrencyDraft } = get()
    const result = await call(() =>
      getApi().saveSettings({ apiBase: apiBaseDraft.trim(), exportConcurrency: concurrencyDraft }),
    )
    if (result.ok) {
      set({
        saving: false,
        settings: result.data,
        apiBaseDraft: result.data.apiBase,
        concurrencyDraft: result.data.exportConcurrency,
      })
      return true
    }
    const { error } = result
    if (error.kind === 'validation' && error.fieldErrors['apiBase']) {
      set({ saving: false, apiBaseError: error.fieldErrors['apiBase'] })
    } else {
      set({ saving: false, error })
    }
    return false
  },

  reset: () => {
    const { settings } = get()
    set({
      apiBaseDraft: settings?.apiBase ?? '',
      concurrencyDraft: settings?.exportConcurrency ?? DEFAULT_EXPORT_CONCURRENCY,
      error: null,
      apiBaseError: null,
    })
  },
}))

export function resetSettingsStore(): void {
  useSettingsStore.setState(initialSettingsData())
}
