import { create } from 'zustand'
import { exportFileActions } from './export-file'
import { importWizardActions, initialImportWizardData } from './import-wizard'
import type { PresetsKit } from './kit'
import { listChangesActions } from './list-changes'
import { createBusyQueue } from './queue'
import { searchLinkActions } from './search-link'
import { initialSnapshotData, snapshotActions, snapshotKitParts } from './snapshot'
import type { PresetsData, PresetsState } from './state'
import { createNotifier } from './toasts'
import { undoActions } from './undo'

/**
 * Saved filter presets, as one store built from parts with one job each: the
 * snapshot of main's list (snapshot.ts), changes to it (list-changes.ts),
 * delete and undo (undo.ts), confirmations (toasts.ts), the import wizard and
 * the file export, and running presets in the search (search-link.ts). Every
 * call goes through one queue (queue.ts).
 */

export type { NameOutcome } from './list-changes'
export { FIX_FILTERS_FIRST } from './search-link'

export function initialPresetsData(): PresetsData {
  return {
    ...initialSnapshotData(),
    ...initialImportWizardData(),
    pendingUndo: null,
    notice: null,
    busy: false,
    defaultApplied: false,
    collapsed: false,
  }
}

const queue = createBusyQueue((busy) => usePresetsStore.setState({ busy }))
const notify = createNotifier((notice) => usePresetsStore.setState({ notice }))

export const usePresetsStore = create<PresetsState>()((set, get) => {
  const kit: PresetsKit = {
    set,
    get,
    serial: queue.run,
    notify,
    ...snapshotKitParts(set, get),
  }
  return {
    ...initialPresetsData(),
    ...snapshotActions(kit),
    ...listChangesActions(kit),
    ...undoActions(kit),
    ...importWizardActions(kit),
    ...exportFileActions(kit),
    ...searchLinkActions(kit),
    dismissNotice: () => set({ notice: null }),
    setCollapsed: (collapsed) => set({ collapsed }),
  }
})

/** Puts the store back to its first state (tests, and nothing else). */
export function resetPresetsStore(): void {
  queue.reset()
  usePresetsStore.setState(initialPresetsData())
}
