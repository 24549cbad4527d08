import { validatePresetName } from '../../../../shared/presets'
import type { AppError } from '../../../../shared/result'
import { getApi } from '../../api'
import { call, internalError } from '../../lib/call'
import type { PresetsKit } from './kit'
import { currentForm, FIX_FILTERS_FIRST } from './search-link'

/** What a dialog needs back from "Save as preset" or "Rename": main's message for the name, or another failure. */
export type NameOutcome = { ok: true } | { ok: false; nameError: string | null; error: AppError | null }

export interface ListChangesActions {
  /** Saves the form's filters and page size under `name`; the new preset becomes the active one. */
  create: (name: string) => Promise<NameOutcome>
  rename: (id: string, name: string) => Promise<NameOutcome>
  /** Stores the form's filters and page size in the preset, which becomes the active one. */
  updateFromCurrent: (id: string) => Promise<boolean>
  /** Resolves the copy's id, or null when it failed. */
  duplicate: (id: string) => Promise<string | null>
  /** Moves to `toIndex` in the list as it is after the preset is taken out (main's rule). */
  move: (id: string, toIndex: number) => Promise<boolean>
  /** One place up (-1) or down (+1), worked out when the call runs, so quick repeats add up. */
  moveBy: (id: string, delta: -1 | 1) => Promise<boolean>
  /** The preset that runs when the app opens; null for none. */
  setDefault: (id: string | null) => Promise<boolean>
}

function nameOutcome(error: AppError): NameOutcome {
  if (error.kind === 'validation' && error.fieldErrors['name']) {
    return { ok: false, nameError: error.fieldErrors['name'], error: null }
  }
  return { ok: false, nameError: null, error }
}

/** Changes to the list other than delete and undo (see undo.ts): each asks main and adopts its answer. */
export function listChangesActions(kit: PresetsKit): ListChangesActions {
  const { set, get, serial, adopt, mutate, find, quoted, notify } = kit

  const idsNow = () => new Set((get().snapshot?.presets ?? []).map((p) => p.id))
  const otherNames = (exceptId: string | null) =>
    (get().snapshot?.presets ?? []).filter((p) => p.id !== exceptId).map((p) => p.name)

  async function moveTo(id: string, target: number): Promise<boolean> {
    return (
      (await mutate(`${quoted(id)} was not moved`, () => getApi().movePreset({ id, toIndex: target }))) !==
      null
    )
  }

  return {
    create: async (name) => {
      const valid = validatePresetName(name, otherNames(null))
      if ('error' in valid) return { ok: false, nameError: valid.error, error: null }
      const form = currentForm()
      if (!form) return { ok: false, nameError: null, error: internalError(FIX_FILTERS_FIRST) }
      return serial(async () => {
        const before = idsNow()
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
        const before = idsNow()
        const snapshot = await mutate(`${quoted(id)} was not duplicated`, () =>
          getApi().duplicatePreset({ id }),
        )
        const copy = snapshot?.presets.find((p) => !before.has(p.id))
        if (!copy) return null
        notify(`Duplicated as “${copy.name}”.`)
        return copy.id
      }),

    move: (id, toIndex) =>
      serial(async () => {
        const found = find(id)
        if (!found) return false
        const count = get().snapshot?.presets.length ?? 0
        const target = Math.max(0, Math.min(toIndex, count - 1))
        if (target === found.index) return true
        return moveTo(id, target)
      }),

    moveBy: (id, delta) =>
      serial(async () => {
        const found = find(id)
        if (!found) return false
        const count = get().snapshot?.presets.length ?? 0
        const target = found.index + delta
        if (target < 0 || target >= count) return false
        return moveTo(id, target)
      }),

    setDefault: (id) =>
      serial(
        async () =>
          (await mutate('The preset that runs when the app opens was not changed', () =>
            getApi().setDefaultPreset({ id }),
          )) !== null,
      ),
  }
}
