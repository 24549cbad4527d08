import { EMPTY_FILTERS, type SearchFilters } from './filters'
import { DEFAULT_PAGE_SIZE, type PageSize } from './paging'

/** Where Convoso's REST API lives unless the user points the app at a staging account. */
export const DEFAULT_API_BASE = 'https://api.convoso.com/v1'

/**
 * Pages an export fetches at once: the range the settings accept and the
 * pipeline enforces, and the value used until the user picks another.
 */
export const MIN_EXPORT_CONCURRENCY = 1
export const MAX_EXPORT_CONCURRENCY = 6
export const DEFAULT_EXPORT_CONCURRENCY = 2

/**
 * The form as the last search left it, remembered across restarts (never the results, never a
 * token): the filters of the last search sent and the page size last chosen.
 */
export interface LastSearch {
  filters: SearchFilters
  pageSize: PageSize
}

export const NO_LAST_SEARCH: LastSearch = { filters: EMPTY_FILTERS, pageSize: DEFAULT_PAGE_SIZE }
