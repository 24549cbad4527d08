import { describe, expect, it } from 'vitest'
import { resultsMessages, type ResultsMessagesInput } from '../../../src/renderer/src/lib/results-messages'

const PAGES = [null, { rowCount: 0, total: 0 }, { rowCount: 0, total: 40 }, { rowCount: 25, total: 40 }]
const FLAGS = [false, true]

/** Every combination of what the results side can be told at once: 4 × 2 × 2 × 2 × 2 = 64. */
const EVERY_STATE: ResultsMessagesInput[] = PAGES.flatMap((results) =>
  FLAGS.flatMap((loading) =>
    FLAGS.flatMap((hasError) =>
      FLAGS.flatMap((hasNotice) => FLAGS.map((stale) => ({ results, loading, hasError, hasNotice, stale }))),
    ),
  ),
)

describe('results messages: every state combination', () => {
  it('covers all 64 combinations', () => {
    expect(EVERY_STATE).toHaveLength(64)
  })

  it.each(EVERY_STATE)('%o says nothing contradictory', (state) => {
    const show = resultsMessages(state)
    // A failure is always shown until it is dismissed or replaced.
    expect(show.error).toBe(state.hasError)
    // The invitation to search only before anything was tried: never beside a failure or a search.
    if (show.body === 'invitation') {
      expect(state.results).toBeNull()
      expect(state.loading || state.hasError).toBe(false)
    }
    // "Filters changed" only above rows, never while a search runs, never beside the error
    // banner (which already says the rows are from the previous search).
    if (show.stale) {
      expect(state.results).not.toBeNull()
      expect(state.loading || state.hasError).toBe(false)
    }
    // Running, the activity says so; otherwise a notice shows when there is one.
    expect(show.activity).toBe(state.loading ? 'searching' : state.hasNotice ? 'notice' : null)
    // Rows stay on screen whatever else is said about them.
    if (state.results && state.results.rowCount > 0) expect(show.body).toBe('grid')
  })
})

describe('results messages: the cases issue 13 names', () => {
  const rows = { rowCount: 25, total: 40 }
  const base = { results: null, loading: false, hasError: false, hasNotice: false, stale: false }

  it('before any search: the invitation, in the body and the summary', () => {
    expect(resultsMessages(base)).toEqual({
      summary: 'invitation',
      activity: null,
      error: false,
      stale: false,
      body: 'invitation',
    })
  })

  it('a failed first search: the banner, and no "press Enter" invitation', () => {
    expect(resultsMessages({ ...base, hasError: true })).toMatchObject({
      summary: 'failed',
      error: true,
      body: 'failed',
    })
  })

  it('a first search running: the spinner, no invitation', () => {
    expect(resultsMessages({ ...base, loading: true })).toMatchObject({
      summary: 'searching',
      body: 'searching',
    })
  })

  it('filters edited after a search: the rows and "Filters changed"', () => {
    expect(resultsMessages({ ...base, results: rows, stale: true })).toMatchObject({
      stale: true,
      body: 'grid',
    })
  })

  it('filters edited, then a search runs: no "Filters changed" while it does', () => {
    expect(resultsMessages({ ...base, results: rows, stale: true, loading: true }).stale).toBe(false)
  })

  it('nothing matched, then filters edited: the no-match answer stays, marked out of date', () => {
    expect(resultsMessages({ ...base, results: { rowCount: 0, total: 0 }, stale: true })).toMatchObject({
      stale: true,
      body: 'no-match',
    })
  })

  it('a page past the last match (the list shrank)', () => {
    expect(resultsMessages({ ...base, results: { rowCount: 0, total: 40 } }).body).toBe('past-end')
  })
})
