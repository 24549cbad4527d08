import { create } from 'zustand'
import {
  EMPTY_FILTERS,
  toSearchParams,
  type FilterField,
  type FilterValidation,
  type SearchFilters,
  type SearchParams,
} from '../../../shared/filters'
import { clampPage, DEFAULT_PAGE_SIZE, offsetForPage, type PageSize } from '../../../shared/paging'
import type { OptOutRecord } from '../../../shared/records'
import type { AppError } from '../../../shared/result'
import type { LastSearch } from '../../../shared/settings'
import { getApi } from '../api'
import { call, newRequestId } from '../lib/call'
import { formatCount } from '../lib/format'
import { closeLookup, isPhoneList, lookUpFilters } from './lookup'
import { filterComparison } from './compare'
import { sameSearch } from '../lib/presets'

export type FieldErrors = Partial<Record<FilterField, string>>

/** The page on screen, with the query that produced it (paging re-runs that query, not the form). */
export interface ResultsPage {
  records: OptOutRecord[]
  total: number
  offset: number
  pageSize: number
  /** The filters as they were when this page was asked for. */
  filters: SearchFilters
  /** What main actually sent to Convoso, for the summary line. */
  params: SearchParams
  /** The highest offset the source serves (lower than documented on some Convoso accounts). */
  maxOffset: number
}

export interface SearchData {
  filters: SearchFilters
  /** Fields the user has left at least once: their errors show from then on. */
  touched: Partial<Record<FilterField, true>>
  /** Set by a search attempt: from then on every field error shows. */
  submitted: boolean
  /** Always `toSearchParams(filters)`, recomputed on every edit. */
  validation: FilterValidation
  /** Field errors main returned for the last search, until the user edits that field. */
  serverFieldErrors: FieldErrors
  pageSize: PageSize
  results: ResultsPage | null
  /** True while the latest search is in flight. */
  loading: boolean
  /** The id of the latest search; answers carrying any other id are ignored. */
  requestId: string | null
  /** What the latest search asked for, so "Try again" can repeat it. */
  pending: { filters: SearchFilters; offset: number } | null
  error: AppError | null
  /** A quiet status line, e.g. "Search cancelled". */
  notice: string | null
  /** Last params sent to Convoso (from the latest successful answer). */
  lastParams: SearchParams | null
  /** The remembered form has been asked for (start-up waits for it before showing the form). */
  restored: boolean
  /** The form as start-up left it (empty, or the remembered filters): edits are measured from here. */
  startFilters: SearchFilters
}

export interface SearchActions {
  setFilter: <F extends FilterField>(field: F, value: SearchFilters[F]) => void
  touch: (field: FilterField) => void
  /** Back to EMPTY_FILTERS; results stay on screen until the next search. */
  clearFilters: () => void
  /**
   * Replaces the whole form with a preset's filters and page size and runs the
   * search from page 1. Resolves false when a field is invalid (nothing is sent).
   */
  applyPreset: (filters: SearchFilters, pageSize: PageSize) => Promise<boolean>
  /** Shows every field error now (as a search attempt would); true when the form is valid. */
  revealErrors: () => boolean
  /** Runs the form's filters from page 1. Resolves false when a field is invalid (nothing is sent). */
  search: () => Promise<boolean>
  /** Shows page `page` (1-based) of the results on screen, clamped to what Convoso lets us reach. */
  goToPage: (page: number) => Promise<void>
  /**
   * Changes the page size. With results on screen it keeps the first visible row
   * in view: the new page is the one that contains it (clamped to the reachable range).
   */
  setPageSize: (size: PageSize) => Promise<void>
  /** Repeats the latest search (after a failure). */
  retry: () => Promise<void>
  cancel: () => Promise<void>
  dismissError: () => void
  /** Forgets results and any search in flight (e.g. when the session changes); filters stay. */
  resetResults: () => void
  /**
   * Start-up: fills the form with the last search's filters and page size as main remembered
   * them. Never fails: without them the form starts empty.
   */
  restoreLast: () => Promise<void>
}

export type SearchState = SearchData & SearchActions

export function initialSearchData(): SearchData {
  return {
    filters: EMPTY_FILTERS,
    touched: {},
    submitted: false,
    validation: toSearchParams(EMPTY_FILTERS),
    serverFieldErrors: {},
    pageSize: DEFAULT_PAGE_SIZE,
    results: null,
    loading: false,
    requestId: null,
    pending: null,
    error: null,
    notice: null,
    lastParams: null,
    restored: false,
    startFilters: EMPTY_FILTERS,
  }
}

/**
 * The results on screen no longer answer the form: the filters were edited after the search
 * that produced them (compared as searches, so retyping the same number differently does not
 * count). Not while a search runs: its answer replaces them.
 */
export function resultsAreStale(state: Pick<SearchData, 'results' | 'loading' | 'filters'>): boolean {
  return state.results !== null && !state.loading && !sameSearch(state.filters, state.results.filters)
}

/**
 * Tells main what to remember for the next start. Not worth a message when it fails: main logs
 * it, and the search itself is unaffected.
 */
function remember(update: Partial<LastSearch>): void {
  void call(() => getApi().saveLastSearch(update))
}

/** Which error each field shows right now: local ones once touched or submitted, main's always. */
/**
 * Main names a field two ways: its own filter check uses the field's name, the contract's schema
 * check the request path (`filters.reasonMode`). Both mark the same field in the form.
 */
function filterFieldErrors(fieldErrors: Record<string, string>): FieldErrors {
  const byField: FieldErrors = {}
  for (const [key, message] of Object.entries(fieldErrors)) {
    const field = key.startsWith('filters.') ? key.slice('filters.'.length) : key
    if (Object.hasOwn(EMPTY_FILTERS, field)) byField[field as FilterField] ??= message
  }
  return byField
}

export function visibleFieldErrors(
  state: Pick<SearchData, 'validation' | 'touched' | 'submitted' | 'serverFieldErrors'>,
): FieldErrors {
  const visible: FieldErrors = {}
  if (!state.validation.ok) {
    for (const [field, message] of Object.entries(state.validation.fieldErrors) as [FilterField, string][]) {
      if (state.submitted || state.touched[field]) visible[field] = message
    }
  }
  for (const [field, message] of Object.entries(state.serverFieldErrors) as [FilterField, string][]) {
    visible[field] ??= message
  }
  return visible
}

/** The text box a mode select belongs to: editing either clears main's error for the pair. */
const RELATED_FIELDS: Partial<Record<FilterField, FilterField>> = {
  reasonMode: 'reasonText',
  purposeMode: 'purposeText',
  phoneCode: 'phoneNumber',
  insertDate: 'insertDateTo',
  insertDateTo: 'insertDate',
}

function cancelledNotice(hasResults: boolean): string {
  return hasResults
    ? 'Search cancelled. The results on screen are from the previous search.'
    : 'Search cancelled.'
}

/** Said when the API host refused the page asked for and its last reachable page is shown instead. */
export function refusedNotice(refusedOffset: number, pageSize: number, maxOffset: number): string {
  const page = Math.floor(refusedOffset / pageSize) + 1
  return (
    `Convoso would not serve page ${formatCount(page)}: this account pages through the first ` +
    `${formatCount(maxOffset + 1)} matches of a search only. This is the last page it serves.`
  )
}

export const useSearchStore = create<SearchState>()((set, get) => {
  function cancelInFlight(): void {
    const { requestId, loading } = get()
    if (requestId && loading) {
      // Fire and forget: the answer no longer matters, the new request id already makes it stale.
      void call(() => getApi().cancelSearch({ requestId }))
    }
  }

  async function run(filters: SearchFilters, offset: number): Promise<void> {
    cancelInFlight()
    const requestId = newRequestId()
    const limit = get().pageSize
    set({ requestId, loading: true, error: null, notice: null, pending: { filters, offset } })
    const result = await call(() => getApi().search({ requestId, filters, offset, limit }))
    // A newer search started (or this one was cancelled) while we waited: drop this answer.
    if (get().requestId !== requestId) return
    if (result.ok) {
      const { page, params, maxOffset, refusedOffset } = result.data
      set({
        loading: false,
        results: {
          records: page.records,
          total: page.total,
          offset: result.data.offset,
          pageSize: limit,
          filters,
          params,
          maxOffset,
        },
        lastParams: params,
        serverFieldErrors: {},
        notice: refusedOffset === undefined ? null : refusedNotice(refusedOffset, limit, maxOffset),
      })
      return
    }
    const { error } = result
    if (error.kind === 'cancelled') {
      set({ loading: false, notice: cancelledNotice(get().results !== null) })
    } else if (error.kind === 'validation') {
      set({
        loading: false,
        error,
        submitted: true,
        serverFieldErrors: filterFieldErrors(error.fieldErrors),
      })
    } else {
      set({ loading: false, error })
    }
  }

  return {
    ...initialSearchData(),

    setFilter: (field, value) => {
      const filters = { ...get().filters, [field]: value }
      const related = RELATED_FIELDS[field]
      const serverFieldErrors = Object.fromEntries(
        Object.entries(get().serverFieldErrors).filter(([key]) => key !== field && key !== related),
      ) as FieldErrors
      set({ filters, validation: toSearchParams(filters), serverFieldErrors })
    },

    touch: (field) => {
      if (get().touched[field]) return
      set({ touched: { ...get().touched, [field]: true } })
    },

    clearFilters: () => {
      set({
        filters: EMPTY_FILTERS,
        validation: toSearchParams(EMPTY_FILTERS),
        touched: {},
        submitted: false,
        serverFieldErrors: {},
      })
    },

    applyPreset: async (filters, pageSize) => {
      set({
        filters,
        validation: toSearchParams(filters),
        pageSize,
        touched: {},
        submitted: false,
        serverFieldErrors: {},
      })
      return get().search()
    },

    revealErrors: () => {
      set({ submitted: true })
      return get().validation.ok
    },

    search: async () => {
      const { filters, validation, pageSize } = get()
      // Several numbers are never joined into one: each gets its own verdict (see stores/lookup.ts).
      if (isPhoneList(filters.phoneNumber)) {
        await lookUpFilters(filters)
        return true
      }
      if (!validation.ok) {
        // Refused here, so an older failure's banner no longer describes the latest attempt.
        set({ submitted: true, error: null })
        return false
      }
      set({ submitted: true })
      // A comparison on screen is what the form filters, with the same meaning (see stores/compare.ts).
      if (filterComparison(filters)) return true
      closeLookup()
      remember({ filters, pageSize })
      await run(filters, 0)
      return true
    },

    goToPage: async (page) => {
      const { results, pageSize } = get()
      if (!results) return
      const target = clampPage(page, results.total, pageSize, results.maxOffset)
      await run(results.filters, offsetForPage(target, pageSize))
    },

    setPageSize: async (size) => {
      const { results } = get()
      set({ pageSize: size })
      remember({ pageSize: size })
      if (!results) return
      const pageWithFirstRow = Math.floor(results.offset / size) + 1
      const target = clampPage(pageWithFirstRow, results.total, size, results.maxOffset)
      await run(results.filters, offsetForPage(target, size))
    },

    retry: async () => {
      const { pending } = get()
      if (pending) await run(pending.filters, pending.offset)
    },

    cancel: async () => {
      const { requestId, loading } = get()
      if (!requestId || !loading) return
      // Forget the id first: whatever main answers for it now is ignored.
      set({ requestId: null, loading: false, notice: cancelledNotice(get().results !== null) })
      await call(() => getApi().cancelSearch({ requestId }))
    },

    dismissError: () => set({ error: null }),

    resetResults: () => {
      cancelInFlight()
      set({
        results: null,
        lastParams: null,
        loading: false,
        requestId: null,
        pending: null,
        error: null,
        notice: null,
        serverFieldErrors: {},
      })
    },

    restoreLast: async () => {
      const result = await call(() => getApi().getLastSearch())
      // Asked twice (a development build mounts twice): only the first answer fills the form.
      if (get().restored) return
      if (!result.ok) {
        set({ restored: true })
        return
      }
      const { filters, pageSize } = result.data
      set({
        filters,
        validation: toSearchParams(filters),
        pageSize,
        startFilters: filters,
        restored: true,
      })
    },
  }
})

/** Puts the store back to its first state (tests, and nothing else). */
export function resetSearchStore(): void {
  useSearchStore.setState(initialSearchData())
}
