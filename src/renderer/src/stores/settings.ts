import { create } from 'zustand'
import type { AppInfo, Settings } from '../../../shared/contract'
import type { AppError } from '../../../shared/result'
import {
  DEFAULT_SNAPSHOT_MAX_AGE_HOURS,
  MAX_SNAPSHOT_MAX_AGE_HOURS,
  MIN_SNAPSHOT_MAX_AGE_HOURS,
} from '../../../shared/scrub'
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
  /** Hours after which a scrub snapshot is called old, as the user is editing it (issue 14). */
  snapshotMaxAgeDraft: string
  /** Main's validation message for that field. */
  snapshotMaxAgeError: string | null
}

export interface SettingsActions {
  load: () => Promise<void>
  /** Asks main for the app's name, version and platform, once. */
  loadAppInfo: () => Promise<void>
  setApiBaseDraft: (value: string) => void
  setConcurrencyDraft: (value: number) => void
  setSnapshotMaxAgeDraft: (value: string) => void
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
    snapshotMaxAgeDraft: String(DEFAULT_SNAPSHOT_MAX_AGE_HOURS),
    snapshotMaxAgeError: null,
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
        snapshotMaxAgeDraft: String(settings.data.snapshotMaxAgeHours),
        snapshotMaxAgeError: null,
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
  setSnapshotMaxAgeDraft: (value) => set({ snapshotMaxAgeDraft: value, snapshotMaxAgeError: null }),

  save: async () => {
    const { apiBaseDraft, concurrencyDraft, snapshotMaxAgeDraft } = get()
    const snapshotMaxAgeHours = Number(snapshotMaxAgeDraft.trim())
    if (
      !/^\d+$/.test(snapshotMaxAgeDraft.trim()) ||
      snapshotMaxAgeHours < MIN_SNAPSHOT_MAX_AGE_HOURS ||
      snapshotMaxAgeHours > MAX_SNAPSHOT_MAX_AGE_HOURS
    ) {
      set({
        snapshotMaxAgeError: `Use a whole number of hours from ${MIN_SNAPSHOT_MAX_AGE_HOURS} to ${MAX_SNAPSHOT_MAX_AGE_HOURS}.`,
      })
      return false
    }
    set({ saving: true, error: null, apiBaseError: null, snapshotMaxAgeError: null })
    const result = await call(() =>
      getApi().saveSettings({
        apiBase: apiBaseDraft.trim(),
        exportConcurrency: concurrencyDraft,
        // Sent only when edited: main keeps the stored value otherwise.
        ...(snapshotMaxAgeHours === get().settings?.snapshotMaxAgeHours ? {} : { snapshotMaxAgeHours }),
      }),
    )
    if (result.ok) {
      set({
        saving: false,
        settings: result.data,
        apiBaseDraft: result.data.apiBase,
        concurrencyDraft: result.data.exportConcurrency,
        snapshotMaxAgeDraft: String(result.data.snapshotMaxAgeHours),
      })
      return true
    }
    const { error } = result
    if (error.kind === 'validation' && error.fieldErrors['apiBase']) {
      set({ saving: false, apiBaseError: error.fieldErrors['apiBase'] })
    } else if (error.kind === 'validation' && error.fieldErrors['snapshotMaxAgeHours']) {
      set({ saving: false, snapshotMaxAgeError: error.fieldErrors['snapshotMaxAgeHours'] })
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
      snapshotMaxAgeDraft: String(settings?.snapshotMaxAgeHours ?? DEFAULT_SNAPSHOT_MAX_AGE_HOURS),
      snapshotMaxAgeError: null,
      error: null,
      apiBaseError: null,
    })
  },
}))

export function resetSettingsStore(): void {
  useSettingsStore.setState(initialSettingsData())
}
