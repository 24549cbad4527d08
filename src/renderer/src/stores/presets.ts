import { create } from 'zustand'
import {
  validatePresetName,
  type ImportPreview,
  type Preset,
  type PresetsSnapshot,
} from '../../../shared/presets'
import type { AppError, Result } from '../../../shared/result'
import { createSerialQueue } from '../../../shared/serial'
import { EMPTY_FILTERS } from '../../../shared/filters'
import { getApi } from '../api'
import { call, internalError } from '../lib/call'
import { countOf } from '../lib/format'
import { presetFilters, sameFilters } from '../lib/presets'
import { useSearchStore } from './search'

/**
 * Saved filter presets. Main owns the list (storage, validation, files); this
 * store is a cache of main's latest `PresetsSnapshot` — every change replaces
 * it whole — plus the view state around it: which preset is active, the undo
 * of a delete, messages, and an import waiting for confirmation.
 */

export type PresetsStatus = 'idle' | 'loading' | 'ready' | 'failed'

/** A delete that can still be undone (until the toast goes or another delete replaces it). */
export interface PendingUndo {
  preset: Preset
  /** Where it was in the list. */
  index: number
  /** It ran when the app opens; undo makes it the default again. */
  wasDefault: boolean
  wasActive: boolean
}

/** A short confirmation shown as a toast; `id` changes with every message so the toast restarts its timer. */
export interface PresetsNotice {
  id: number
  message: string
}

/** What a dialog needs back from "Save as preset" or "Rename": main's message for the name, or another failure. */
export type NameOutcome = { ok: true } | { ok: false; nameError: string | null; error: AppError | null }

export interface PresetsData {
  status: PresetsStatus
  /** Main's latest answer; null until the first load succeeds. */
  snapshot: PresetsSnapshot | null
  /** The preset last applied, saved or updated: highlighted, and compared with the form. */
  activePresetId: string | null
  /** True while any call about presets is running. */
  busy: boolean
  /** The last failure of a list action (never clears the list). */
  error: AppError | null
  /** What failed, e.g. `“Weekly” was not deleted`; shown above `error.message`. */
  errorTitle: string | null
  /** `snapshot.problem`, until dismissed; the same problem is not shown twice. */
  problem: string | null
  /** The last problem text shown, so a repeat in later snapshots stays quiet. */
  problemSeen: string | null
  pendingUndo: PendingUndo | null
  notice: PresetsNotice | null
  /** What an import would do, waiting for "Import N presets" or Cancel. */
  importPreview: ImportPreview | null
  importing: boolean
  /** Why confirming the import failed (shown in the import dialog). */
  importError: AppError | null
  /** The default preset has had its one run for this app start. */
  defaultApplied: boolean
  /** The presets section is folded away (its header stays). */
  collapsed: boolean
}

export interface PresetsActions {
  /** Asks main for the list. Resolves true when it answered. */
  load: () => Promise<boolean>
  /**
   * Loads the list and, the first time per app start, runs the default preset
   * (only while the search is untouched: nothing the user started is replaced).
   */
  start: () => Promise<void>
  /** Fills the form with the preset's filters and page size and searches from page 1. */
  apply: (id: string) => Promise<void>
  /** Saves the form's filters and page size under `name`; the new preset becomes the active one. */
  create: (name: string) => Promise<NameOutcome>
  rename: (id: string, name: string) => Promise<NameOutcome>
  /** Stores the form's filters and page size in the preset, which becomes the active one. */
  updateFromCurrent: (id: string) => Promise<boolean>
  /** Resolves the copy's id, or null when it failed. */
  duplicate: (id: string) => Promise<string | null>
  /** Deletes at once; `undoDelete` puts it back where it was. */
  remove: (id: string) => Promise<boolean>
  undoDelete: () => Promise<boolean>
  dismissUndo: () => void
  /** Moves to `toIndex` in the list as it is after the preset is taken out (main's rule). */
  move: (id: string, toIndex: number) => Promise<boolean>
  /** One place up (-1) or down (+1), worked out when the call runs, so quick repeats add up. */
  moveBy: (id: string, delta: -1 | 1) => Promise<boolean>
  /** The preset that runs when the app opens; null for none. */
  setDefault: (id: string | null) => Promise<boolean>
  exportAll: () => Promise<void>
  /** Main asks for a file and answers with what would be imported; the dialog shows it. */
  startImport: () => Promise<void>
  confirmImport: () => Promise<boolean>
  cancelImport: () => void
  /** Shows a failure that happened outside a call (e.g. the filters cannot be saved as they are). */
  showError: (title: string, error: AppError) => void
  dismissError: () => void
  dismissProblem: () => void
  dismissNotice: () => void
  setCollapsed: (collapsed: boolean) => void
}

export type PresetsState = PresetsData & PresetsActions

export function initialPresetsData(): PresetsData {
  return {
    status: 'idle',
    snapshot: null,
    activePresetId: null,
    busy: false,
    error: null,
    errorTitle: null,
    problem: null,
    problemSeen: null,
    pendingUndo: null,
    notice: null,
    importPreview: null,
    importing: false,
    importError: null,
    defaultApplied: false,
    collapsed: false,
  }
}

export const FIX_FILTERS_FIRST =
  'Fix the filters marked in red first: a preset keeps only filters that can be searched.'

// Calls about presets run one at a time, in the order the user asked for them,
// so each answer is newer than the last one and "move down" twice moves twice.
let enqueue = createSerialQueue()
let running = 0
let noticeId = 0

function notFound(): AppError {
  return internalError('That preset is no longer in the list.')
}

export const usePresetsStore = create<PresetsState>()((set, get) => {
  function serial<T>(work: () => Promise<T>): Promise<T> {
    return enqueue(async () => {
      running += 1
      set({ busy: true })
      try {
        return await work()
      } finally {
        running -= 1
        if (running === 0) set({ busy: false })
      }
    })
  }

  /** Takes main's snapshot as the new truth. */
  function adopt(snapshot: PresetsSnapshot): void {
    const { activePresetId, problemSeen } = get()
    const patch: Partial<PresetsData> = { snapshot, status: 'ready' }
    if (activePresetId !== null && !snapshot.presets.some((preset) => preset.id === activePresetId)) {
      patch.activePresetId = null
    }
    if (snapshot.problem !== null && snapshot.problem !== problemSeen) {
      patch.problem = snapshot.problem
      patch.problemSeen = snapshot.problem
    }
    set(patch)
  }

  function notify(message: string): void {
    noticeId += 1
    set({ notice: { id: noticeId, message } })
  }

  function find(id: string): { preset: Preset; index: number } | null {
    const presets = get().snapshot?.presets ?? []
    const index = presets.findIndex((preset) => preset.id === id)
    const preset = presets[index]
    return preset ? { preset, index } : null
  }

  /** `“Weekly”`, for messages about a preset. */
  function quoted(id: string): string {
    const found = find(id)
    return found ? `“${found.preset.name}”` : 'The preset'
  }

  function otherNames(exceptId: string | null): string[] {
    return (get().snapshot?.presets ?? []).filter((p) => p.id !== exceptId).map((p) => p.name)
  }

  /** Runs one mutation: on success the snapshot is replaced; on failure the list stays and the error shows. */
  async function mutate(
    title: string,
    request: () => Promise<Result<PresetsSnapshot>>,
  ): Promise<PresetsSnapshot | null> {
    set({ error: null, errorTitle: null })
    const result = await call(request)
    if (!result.ok) {
      set({ error: result.error, errorTitle: title })
      return null
    }
    adopt(result.data)
    return result.data
  }

  function nameOutcome(error: AppError): NameOutcome {
    if (error.kind === 'validation' && error.fieldErrors['name']) {
      return { ok: false, nameError: error.fieldErrors['name'], error: null }
    }
    return { ok: false, nameError: null, error }
  }

  /** The form as a preset would keep it, or null (and the errors shown) when a filter is invalid. */
  function currentForm() {
    const search = useSearchStore.getState()
    if (!search.revealErrors()) return null
    return { filters: presetFilters(search.filters), pageSize: search.pageSize }
  }

  return {
    ...initialPresetsData(),

    load: () => {
      // Shown at once, even while an earlier call about presets is still running.
      if (get().snapshot === null) set({ status: 'loading' })
      return serial(async () => {
        set({ error: null, errorTitle: null })
        const result = await call(() => getApi().listPresets())
        if (!result.ok) {
          set({
            error: result.error,
            errorTitle: 'The presets could not be loaded',
            status: get().snapshot === null ? 'failed' : 'ready',
          })
          return false
        }
        adopt(result.data)
        return true
      })
    },

    start: async () => {
      const loaded = await get().load()
      if (!loaded || get().defaultApplied) return
      set({ defaultApplied: true })
      const { snapshot } = get()
      const preset = snapshot?.presets.find((p) => p.id === snapshot.defaultId)
      if (!preset) return
      const search = useSearchStore.getState()
      const untouched =
        search.results === null &&
        !search.loading &&
        search.requestId === null &&
        sameFilters(search.filters, EMPTY_FILTERS)
      if (untouched) await get().apply(preset.id)
    },

    apply: async (id) => {
      const found = find(id)
      if (!found) {
        set({ error: notFound(), errorTitle: 'The preset was not applied' })
        return
      }
      set({ activePresetId: id, error: null, errorTitle: null })
      await useSearchStore.getState().applyPreset(found.preset.filters, found.preset.pageSize)
    },

    create: async (name) => {
      const valid = validatePresetName(name, otherNames(null))
      if ('error' in valid) return { ok: false, nameError: valid.error, error: null }
      const form = currentForm()
      if (!form) return { ok: false, nameError: null, error: internalError(FIX_FILTERS_FIRST) }
      return serial(async () => {
        const before = new Set((get().snapshot?.presets ?? []).map((p) => p.id))
        const result = await call(() => getApi().createPreset({ name: valid.name, ...form }))
        if (!result.ok) return nameOutcome(result.error)
        adopt(result.data)
        const added = result.data.presets.find((p) => !before.has(p.id))
        if (added) set({ activePresetId: added.id })
        notify(`Saved “${added?.name ?? valid.name}”.`)
        return { ok: true } as const
      })
    },

    rename: async (id, name) => {
      const valid = validatePresetName(name, otherNames(id))
      if ('error' in valid) return { ok: false, nameError: valid.error, error: null }
      return serial(async () => {
        const result = await call(() => getApi().renamePreset({ id, name: valid.name }))
        if (!result.ok) return nameOutcome(result.error)
        adopt(result.data)
        return { ok: true } as const
      })
    },

    updateFromCurrent: async (id) => {
      const form = currentForm()
      if (!form) {
        set({ error: internalError(FIX_FILTERS_FIRST), errorTitle: 'The preset was not updated' })
        return false
      }
      return serial(async () => {
        const snapshot = await mutate(`${quoted(id)} was not updated`, () =>
          getApi().updatePreset({ id, ...form }),
        )
        if (!snapshot) return false
        set({ activePresetId: id })
        const name = snapshot.presets.find((p) => p.id === id)?.name
        if (name) notify(`Updated “${name}” from the current filters.`)
        return true
      })
    },

    duplicate: (id) =>
      serial(async () => {
        const before = new Set((get().snapshot?.presets ?? []).map((p) => p.id))
        const snapshot = await mutate(`${quoted(id)} was not duplicated`, () =>
          getApi().duplicatePreset({ id }),
        )
        const copy = snapshot?.presets.find((p) => !before.has(p.id))
        if (!copy) return null
        notify(`Duplicated as “${copy.name}”.`)
        return copy.id
      }),

    remove: (id) =>
      serial(async () => {
        const found = find(id)
        if (!found) {
          set({ error: notFound(), errorTitle: 'The preset was not deleted' })
          return false
        }
        const { activePresetId, snapshot: before } = get()
        const snapshot = await mutate(`“${found.preset.name}” was not deleted`, () =>
          getApi().deletePreset({ id }),
        )
        if (!snapshot) return false
        set({
          pendingUndo: {
            preset: found.preset,
            index: found.index,
            wasDefault: before?.defaultId === id,
            wasActive: activePresetId === id,
          },
        })
        return true
      }),

    undoDelete: () =>
      serial(async () => {
        const undo = get().pendingUndo
        if (!undo) return false
        set({ pendingUndo: null })
        const before = new Set((get().snapshot?.presets ?? []).map((p) => p.id))
        const snapshot = await mutate(`“${undo.preset.name}” could not be restored`, () =>
          getApi().restorePreset({ preset: undo.preset, index: undo.index }),
        )
        if (!snapshot) {
          // Keep the chance to try again.
          set({ pendingUndo: undo })
          return false
        }
        // Main may give it a new id if the old one is taken again.
        const restored =
          snapshot.presets.find((p) => p.id === undo.preset.id) ??
          snapshot.presets.find((p) => !before.has(p.id))
        if (!restored) return true
        if (undo.wasActive) set({ activePresetId: restored.id })
        if (undo.wasDefault && snapshot.defaultId !== restored.id) {
          await mutate(`“${restored.name}” no longer runs when the app opens`, () =>
            getApi().setDefaultPreset({ id: restored.id }),
          )
        }
        return true
      }),

    dismissUndo: () => set({ pendingUndo: null }),

    move: (id, toIndex) =>
      serial(async () => {
        const found = find(id)
        if (!found) return false
        const count = get().snapshot?.presets.length ?? 0
        const target = Math.max(0, Math.min(toIndex, count - 1))
        if (target === found.index) return true
        return (
          (await mutate(`${quoted(id)} was not moved`, () =>
            getApi().movePreset({ id, toIndex: target }),
          )) !== null
        )
      }),

    moveBy: (id, delta) =>
      serial(async () => {
        const found = find(id)
        if (!found) return false
        const count = get().snapshot?.presets.length ?? 0
        const target = found.index + delta
        if (target < 0 || target >= count) return false
        return (
          (await mutate(`${quoted(id)} was not moved`, () =>
            getApi().movePreset({ id, toIndex: target }),
          )) !== null
        )
      }),

    setDefault: (id) =>
      serial(
        async () =>
          (await mutate('The preset that runs when the app opens was not changed', () =>
            getApi().setDefaultPreset({ id }),
          )) !== null,
      ),

    exportAll: () =>
      serial(async () => {
        set({ error: null, errorTitle: null })
        const result = await call(() => getApi().exportPresets())
        if (!result.ok) {
          set({ error: result.error, errorTitle: 'The presets were not exported' })
          return
        }
        if (result.data === null) return
        notify(`Exported ${countOf(result.data.count, 'preset')} to ${result.data.filePath}`)
      }),

    startImport: () =>
      serial(async () => {
        set({ error: null, errorTitle: null })
        const result = await call(() => getApi().previewPresetImport())
        if (!result.ok) {
          set({ error: result.error, errorTitle: 'Nothing was imported' })
          return
        }
        if (result.data === null) return
        set({ importPreview: result.data, importError: null, importing: false })
      }),

    confirmImport: () =>
      serial(async () => {
        const preview = get().importPreview
        if (!preview) return false
        set({ importing: true, importError: null })
        const result = await call(() => getApi().confirmPresetImport({ previewId: preview.previewId }))
        if (!result.ok) {
          set({ importing: false, importError: result.error })
          return false
        }
        adopt(result.data.snapshot)
        set({ importing: false, importPreview: null })
        const { added, skipped } = result.data
        notify(
          `Imported ${countOf(added, 'preset')} from ${preview.fileName}${skipped > 0 ? `; ${skipped} skipped` : ''}.`,
        )
        return true
      }),

    cancelImport: () => set({ importPreview: null, importError: null, importing: false }),

    showError: (title, error) => set({ errorTitle: title, error }),

    dismissError: () => set({ error: null, errorTitle: null }),

    dismissProblem: () => set({ problem: null }),

    dismissNotice: () => set({ notice: null }),

    setCollapsed: (collapsed) => set({ collapsed }),
  }
})

/** Puts the store back to its first state (tests, and nothing else). */
export function resetPresetsStore(): void {
  enqueue = createSerialQueue()
  running = 0
  usePresetsStore.setState(initialPresetsData())
}
