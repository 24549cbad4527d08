import type { Preset, PresetsSnapshot } from '../../../../shared/presets'
import type { AppError, Result } from '../../../../shared/result'
import { getApi } from '../../api'
import { call, internalError } from '../../lib/call'
import type { PresetsKit } from './kit'
import type { PresetsData, PresetsState } from './state'

export type PresetsStatus = 'idle' | 'loading' | 'ready' | 'failed'

/**
 * Main owns the list (storage, validation, files); this part caches main's
 * latest `PresetsSnapshot` — every change replaces it whole — with which
 * preset is active and the last failure.
 */
export interface SnapshotData {
  status: PresetsStatus
  /** Main's latest answer; null until the first load succeeds. */
  snapshot: PresetsSnapshot | null
  /** The preset last applied, saved or updated: highlighted, and compared with the form. */
  activePresetId: string | null
  /** The last failure of a list action (never clears the list). */
  error: AppError | null
  /** What failed, e.g. `“Weekly” was not deleted`; shown above `error.message`. */
  errorTitle: string | null
  /** `snapshot.problem`, until dismissed; the same problem is not shown twice. */
  problem: string | null
  /** The last problem text shown, so a repeat in later snapshots stays quiet. */
  problemSeen: string | null
}

export interface SnapshotActions {
  /** Asks main for the list. Resolves true when it answered. */
  load: () => Promise<boolean>
  /** Shows a failure that happened outside a call (e.g. the filters cannot be saved as they are). */
  showError: (title: string, error: AppError) => void
  dismissError: () => void
  dismissProblem: () => void
}

export function initialSnapshotData(): SnapshotData {
  return {
    status: 'idle',
    snapshot: null,
    activePresetId: null,
    error: null,
    errorTitle: null,
    problem: null,
    problemSeen: null,
  }
}

type SnapshotKitParts = Pick<PresetsKit, 'adopt' | 'ask' | 'mutate' | 'find' | 'quoted' | 'notFound'>

/** Taking main's answers into the cache, and finding presets in it. */
export function snapshotKitParts(
  set: (patch: Partial<PresetsData>) => void,
  get: () => PresetsState,
): SnapshotKitParts {
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

  function find(id: string): { preset: Preset; index: number } | null {
    const presets = get().snapshot?.presets ?? []
    const index = presets.findIndex((preset) => preset.id === id)
    const preset = presets[index]
    return preset ? { preset, index } : null
  }

  async function ask<T>(title: string, request: () => Promise<Result<T>>): Promise<T | undefined> {
    set({ error: null, errorTitle: null })
    const result = await call(request)
    if (!result.ok) {
      set({ error: result.error, errorTitle: title })
      return undefined
    }
    return result.data
  }

  async function mutate(
    title: string,
    request: () => Promise<Result<PresetsSnapshot>>,
  ): Promise<PresetsSnapshot | null> {
    const snapshot = await ask(title, request)
    if (snapshot === undefined) return null
    adopt(snapshot)
    return snapshot
  }

  return {
    adopt,
    ask,
    mutate,
    find,
    quoted: (id) => {
      const found = find(id)
      return found ? `“${found.preset.name}”` : 'The preset'
    },
    notFound: () => internalError('That preset is no longer in the list.'),
  }
}

export function snapshotActions({ set, get, serial, adopt }: PresetsKit): SnapshotActions {
  return {
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

    showError: (title, error) => set({ errorTitle: title, error }),

    dismissError: () => set({ error: null, errorTitle: null }),

    dismissProblem: () => set({ problem: null }),
  }
}
