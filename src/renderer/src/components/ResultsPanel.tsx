import { useRef } from 'react'
import { describeFilters } from '../../../shared/filters'
import type { AppError } from '../../../shared/result'
import { countOf } from '../lib/format'
import { resultsMessages, type ResultsMessages } from '../lib/results-messages'
import { useReportStore } from '../stores/report'
import { resultsAreStale, useSearchStore, type ResultsPage } from '../stores/search'
import { useSessionStore } from '../stores/session'
import { Alert, Spinner } from './Alert'
import { ExportMenu } from './ExportMenu'
import { ExportProgress } from './ExportProgress'
import { AlertIcon, InfoIcon, SearchIcon } from './Icons'
import { NumberAnswer } from './lookup/NumberAnswer'
import { OverCapDialog } from './OverCapDialog'
import { Pager } from './Pager'
import { ResultsGrid } from './ResultsGrid'

export const SORT_NOTE = 'Sorting applies to this page only — Convoso returns rows in its own order.'
export const REPORT_SORT_NOTE = 'Sorting applies to this page only — rows keep the order of the report file.'

/** The right-hand side: what was searched, progress, the grid and the pager. */
export function ResultsPanel() {
  const results = useSearchStore((s) => s.results)
  const loading = useSearchStore((s) => s.loading)
  const error = useSearchStore((s) => s.error)
  const notice = useSearchStore((s) => s.notice)
  const cancel = useSearchStore((s) => s.cancel)
  const stale = useSearchStore(resultsAreStale)
  const fromReport = useReportStore((s) => s.opened !== null)
  const searchingLabel = `Searching ${fromReport ? 'the report' : 'Convoso'}`
  const searching = `${searchingLabel}…`
  const headingRef = useRef<HTMLHeadingElement>(null)
  const show = resultsMessages({
    results: results && { rowCount: results.records.length, total: results.total },
    loading,
    hasError: error !== null,
    hasNotice: notice !== null,
    stale,
  })

  async function onCancel() {
    headingRef.current?.focus()
    await cancel()
  }

  return (
    <main className="results" aria-labelledby="results-title">
      <div className="results-header">
        <div className="results-heading">
          <h1 id="results-title" ref={headingRef} tabIndex={-1} className="results-title">
            SMS opt-outs
          </h1>
          <p className="results-summary" role="status" aria-live="polite">
            <Summary results={results} summary={show.summary} />
          </p>
        </div>
        <div className="results-tools">
          {show.activity === 'searching' ? (
            <div className="results-activity">
              <Spinner />
              <span role="status">{searching}</span>
              <button type="button" className="button button-small" onClick={() => void onCancel()}>
                Cancel
              </button>
            </div>
          ) : show.activity === 'notice' ? (
            <p className="results-notice" role="status">
              <InfoIcon />
              {notice}
            </p>
          ) : null}
          <ExportMenu />
        </div>
      </div>

      <div className={`progress-track${loading ? ' is-active' : ''}`} aria-hidden={!loading}>
        {loading ? <div className="progress-bar" role="progressbar" aria-label={searchingLabel} /> : null}
      </div>

      <ExportProgress />
      <OverCapDialog />

      {show.error && error ? <SearchError error={error} hasResults={results !== null} /> : null}
      <StaleNotice stale={show.stale} />
      {results !== null ? <NumberAnswer results={results} /> : null}

      <div className={`results-body${loading ? ' is-loading' : ''}`} aria-busy={loading}>
        <ResultsBody body={show.body} results={results} searching={searching} />
      </div>

      {results !== null ? (
        <div className="results-footer">
          {results.records.length > 1 ? (
            <p className="sort-note">
              <InfoIcon />
              {fromReport ? REPORT_SORT_NOTE : SORT_NOTE}
            </p>
          ) : null}
          <Pager results={results} />
        </div>
      ) : null}
    </main>
  )
}

function Summary({ results, summary }: { results: ResultsPage | null; summary: ResultsMessages['summary'] }) {
  if (summary === 'searching') return <>Searching…</>
  if (summary === 'failed') return <>No results yet.</>
  if (!results) return <>Set filters on the left, then search.</>
  return (
    <>
      <strong>{countOf(results.total, 'opt-out')}</strong> {results.total === 1 ? 'matches' : 'match'}{' '}
      <span className="muted">· {describeFilters(results.params)}</span>
    </>
  )
}

function SearchError({ error, hasResults }: { error: AppError; hasResults: boolean }) {
  const retry = useSearchStore((s) => s.retry)
  const dismiss = useSearchStore((s) => s.dismissError)
  const openReplace = useSessionStore((s) => s.openReplace)
  const refresh = useSessionStore((s) => s.refresh)
  const mode = useSessionStore((s) => s.status?.mode)

  let action = null
  switch (error.kind) {
    case 'token-rejected':
      if (mode === 'live') {
        action = (
          <button type="button" className="button button-small button-primary" onClick={openReplace}>
            Replace token
          </button>
        )
      }
      break
    case 'token-missing':
      action = (
        <button type="button" className="button button-small" onClick={() => void refresh()}>
          Connect again
        </button>
      )
      break
    case 'network':
    case 'timeout':
    case 'server':
    case 'rate-limited':
    case 'malformed-response':
    case 'internal':
      action = (
        <button type="button" className="button button-small" onClick={() => void retry()}>
          Try again
        </button>
      )
      break
    default:
      break
  }

  return (
    <div className="results-alert">
      <Alert tone="error" title="The search did not complete" actions={action} onDismiss={dismiss}>
        {error.message}
        {hasResults ? <span className="muted"> The rows below are from the previous search.</span> : null}
      </Alert>
    </div>
  )
}

/**
 * Always in the page (an empty polite live region until needed), so screen readers announce the
 * notice when an edit makes the rows out of date, and again when a search or an edit back clears it.
 */
function StaleNotice({ stale }: { stale: boolean }) {
  return (
    <div className="results-stale" role="status" aria-live="polite">
      {stale ? (
        <div className="alert alert-warning">
          <span className="alert-icon">
            <AlertIcon />
          </span>
          <div className="alert-content">
            <p className="alert-title">Filters changed — press Search</p>
            <p className="alert-message">The rows below are from the search before your edits.</p>
          </div>
        </div>
      ) : null}
    </div>
  )
}

function ResultsBody({
  body,
  results,
  searching,
}: {
  body: ResultsMessages['body']
  results: ResultsPage | null
  searching: string
}) {
  switch (body) {
    case 'invitation':
    case 'searching':
      return <InitialState loading={body === 'searching'} searching={searching} />
    case 'failed':
      // The error banner above says what went wrong and what to do; an invitation here would contradict it.
      return null
    case 'no-match':
    case 'past-end':
      return results ? <EmptyState results={results} /> : null
    case 'grid':
      return results ? <ResultsGrid records={results.records} /> : null
  }
}

function InitialState({ loading, searching }: { loading: boolean; searching: string }) {
  return (
    <div className="empty-state">
      <div className="empty-state-icon">{loading ? <Spinner /> : <SearchIcon width={28} height={28} />}</div>
      <h2 className="empty-state-title">{loading ? searching : 'Search the opt-out list'}</h2>
      {loading ? null : (
        <p className="empty-state-text">
          Filter by phone number, campaign, reason, purpose or insert date, then press <kbd>Enter</kbd> or{' '}
          <strong>Search</strong>. Leave every filter empty to list all opt-outs.
        </p>
      )}
    </div>
  )
}

function EmptyState({ results }: { results: ResultsPage }) {
  const goToPage = useSearchStore((s) => s.goToPage)
  if (results.total > 0) {
    return (
      <div className="empty-state">
        <h2 className="empty-state-title">This page is past the last match</h2>
        <p className="empty-state-text">
          The list changed since the search ran; it now has {countOf(results.total, 'match', 'matches')}.
        </p>
        <button type="button" className="button" onClick={() => void goToPage(1)}>
          Go to the first page
        </button>
      </div>
    )
  }
  return (
    <div className="empty-state">
      <div className="empty-state-icon">
        <SearchIcon width={28} height={28} />
      </div>
      <h2 className="empty-state-title">No opt-outs match these filters</h2>
      <p className="empty-state-text">
        Searched for {describeFilters(results.params)}. Check the phone number and campaign, or clear a filter
        to widen the search.
      </p>
    </div>
  )
}
