import type { SearchFilters } from '../../../../shared/filters'
import type { PageSize } from '../../../../shared/paging'
import type { Preset } from '../../../../shared/presets'
import { isModified, presetFilters, sameSearch } from '../../lib/presets'
import { useSearchStore, type SearchData } from '../search'
import type { PresetsKit } from './kit'

export const FIX_FILTERS_FIRST =
  'Fix the filters marked in red first: a preset keeps only filters that can be searched.'

export interface SearchLinkActions {
  /**
   * Loads the list and, the first time per app start, runs the default preset
   * (only while the search is untouched: nothing the user started is replaced).
   */
  start: () => Promise<void>
  /** Fills the form with the preset's filters and page size and searches from page 1. */
  apply: (id: string) => Promise<void>
}

/** The form as a preset would keep it, or null (and the errors shown) when a filter is invalid. */
export function currentForm(): { filters: SearchFilters; pageSize: PageSize } | null {
  const search = useSearchStore.getState()
  if (!search.revealErrors()) return null
  return { filters: presetFilters(search.filters), pageSize: search.pageSize }
}

/**
 * Whether the list highlights the preset linked to the form (the one last applied, saved or
 * updated): only while the form still holds exactly its filters and page size. Edits clear it
 * and editing back brings it back; the link itself stays, so "Modified · Update" can offer
 * to save the edits into it.
 */
export function isHighlighted(
  preset: Preset,
  linkedId: string | null,
  form: Pick<SearchData, 'filters' | 'pageSize'>,
): boolean {
  return preset.id === linkedId && !isModified(preset, form.filters, form.pageSize)
}

/** Where presets meet the search: running one, and the default one at start. */
export function searchLinkActions({ set, get, find, notFound }: PresetsKit): SearchLinkActions {
  return {
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
        sameSearch(search.filters, search.startFilters)
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
  }
}
