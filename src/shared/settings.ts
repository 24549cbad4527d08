/** Where Convoso's REST API lives unless the user points the app at a staging account. */
export const DEFAULT_API_BASE = 'https://api.convoso.com/v1'

/**
 * Pages an export fetches at once: the range the settings accept and the
 * pipeline enforces, and the value used until the user picks another.
 */
export const MIN_EXPORT_CONCURRENCY = 1
export const MAX_EXPORT_CONCURRENCY = 6
export const DEFAULT_EXPORT_CONCURRENCY = 2
