import type { Preset } from '../../../../shared/presets'
import { getApi } from '../../api'
import type { PresetsKit } from './kit'

/** A delete that can still be undone (until the toast goes or another delete replaces it). */
export interface PendingUndo {
  preset: Preset
  /** Where it was in the list. */
  index: number
  /** It ran when the app opens; undo makes it the default again. */
  wasDefault: boolean
  wasActive: boolean
}

export interface UndoData {
  pendingUndo: PendingUndo | null
}

export interface UndoActions {
  /** Deletes at once; `undoDelete` puts it back where it was. */
  remove: (id: string) => Promise<boolean>
  undoDelete: () => Promise<boolean>
  dismissUndo: () => void
}

/** Delete, and its undo: what was deleted is kept here so main can put it back where it was. */
export function undoActions({ set, get, serial, mutate, find, notFound }: PresetsKit): UndoActions {
  return {
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
  }
}
