import { pathOfDroppedFile } from '../../api'
import { useCompareStore, type ChosenReport } from '../../stores/compare'
import { useSearchStore } from '../../stores/search'

// What had focus when the panel opened: focus goes back there when it closes.
let opener: HTMLElement | null = null

/** Shows the comparison panel in the results' place, with the reports already chosen (if any). */
export function openCompare(chosen?: { a?: ChosenReport; b?: ChosenReport }): void {
  const active = document.activeElement
  opener = active instanceof HTMLElement && active !== document.body ? active : null
  // The lists page like the results, at the page size last chosen.
  useCompareStore.getState().open(chosen, useSearchStore.getState().pageSize)
}

/** Closes the panel (main may forget the comparison) and puts focus back where it was before. */
export function closeCompareAndReturnFocus(): void {
  useCompareStore.getState().close()
  if (useCompareStore.getState().view) return
  const target = opener
  opener = null
  // The results come back in the panel's place first.
  requestAnimationFrame(() => {
    if (target?.isConnected) target.focus()
    else document.getElementById('results-title')?.focus()
  })
}

/**
 * A drop on the window that is about comparing: two files (compared, in the panel), or one while
 * the panel is choosing (it fills the first empty side). Answers false when the drop is not for it.
 */
export function dropForComparison(files: readonly File[]): boolean {
  const choosing = useCompareStore.getState().view?.phase === 'choosing'
  if (files.length !== 2 && !(choosing && files.length === 1)) return false
  if (!choosing) openCompare()
  for (const file of files) useCompareStore.getState().chooseDropped(pathOfDroppedFile(file), file.name)
  return true
}
