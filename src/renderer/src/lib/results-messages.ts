/**
 * What the results side says, decided in one place from the search's state, so no two messages
 * contradict each other. Each part is where the user reads it:
 *
 * - `summary`: the line under the title (polite status).
 * - `activity`: "Searching… Cancel" while a search runs; otherwise the quiet `notice` (cancelled,
 *   last page served) when there is one.
 * - `error`: the banner of the latest search that failed, until dismissed, replaced by another
 *   search, or cleared by a search the form refused.
 * - `stale`: "Filters changed — press Search" above rows that no longer answer the form. Not
 *   while the error banner shows: it already says the rows are from the previous search.
 * - `body`: the invitation to search (only before any search was tried), the spinner of a
 *   first search, nothing (a first search failed: the banner says why and what to do), the
 *   answer that nothing matched, a page past the last match, or the grid.
 */

export interface ResultsMessagesInput {
  /** Rows on screen, or null before any search has answered. */
  results: { rowCount: number; total: number } | null
  loading: boolean
  hasError: boolean
  hasNotice: boolean
  /** The form differs from the search the rows came from (see `resultsAreStale`). */
  stale: boolean
}

export type ResultsBody = 'invitation' | 'searching' | 'failed' | 'no-match' | 'past-end' | 'grid'

export interface ResultsMessages {
  summary: 'invitation' | 'searching' | 'failed' | 'counts'
  activity: 'searching' | 'notice' | null
  error: boolean
  stale: boolean
  body: ResultsBody
}

export function resultsMessages({
  results,
  loading,
  hasError,
  hasNotice,
  stale,
}: ResultsMessagesInput): ResultsMessages {
  const activity = loading ? 'searching' : hasNotice ? 'notice' : null
  if (results === null) {
    const failed = !loading && hasError
    return {
      summary: loading ? 'searching' : failed ? 'failed' : 'invitation',
      activity,
      error: hasError,
      stale: false,
      body: loading ? 'searching' : failed ? 'failed' : 'invitation',
    }
  }
  return {
    summary: 'counts',
    activity,
    error: hasError,
    stale: stale && !loading && !hasError,
    body: results.rowCount > 0 ? 'grid' : results.total > 0 ? 'past-end' : 'no-match',
  }
}
