import { useEffect, useRef } from 'react'
import { describeCompletion, type LookupOutcome } from '../../../../shared/lookup/verdicts'
import { countOf, fileNameOf, formatCount } from '../../lib/format'
import { useLookupStore, type LookupView } from '../../stores/lookup'
import { useReportStore } from '../../stores/report'
import { Alert, Spinner } from '../Alert'
import { CloseIcon, InfoIcon } from '../Icons'
import { ExportVerdictsMenu, LookupReportResult } from './LookupReport'
import { VerdictTable } from './VerdictTable'
import { verdictRows } from './verdict-rows'
import { Meter } from '../Meter'

/**
 * The results area while a pasted list of numbers is looked up: what is being
 * checked and how far it has come (with Cancel), then the counts and one
 * verdict per number. Closing it goes back to the search results.
 */
export function LookupPanel({ view }: { view: LookupView }) {
  const cancel = useLookupStore((s) => s.cancel)
  const close = useLookupStore((s) => s.close)
  const reportOpen = useReportStore((s) => s.opened !== null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const running = view.phase === 'starting' || view.phase === 'running'
  const rows = verdictRows(view)

  // Cancel goes away when the lookup ends: focus it held comes to the heading instead of the page.
  useEffect(() => {
    if (!running && document.activeElement === document.body) headingRef.current?.focus()
  }, [running])

  function onClose() {
    close()
    // The results come back in place of this panel: focus goes to their heading, not to the page.
    requestAnimationFrame(() => document.getElementById('results-title')?.focus())
  }

  return (
    <main className="results lookup" aria-labelledby="lookup-title">
      <div className="results-header">
        <div className="results-heading">
          <h1 id="lookup-title" ref={headingRef} tabIndex={-1} className="results-title">
            Number lookup
          </h1>
          <p className="results-summary" role="status" aria-live="polite">
            <Summary view={view} />
          </p>
        </div>
        <div className="results-tools">
          {running ? (
            <div className="results-activity">
              <Spinner />
              <button
                type="button"
                className="button button-small"
                onClick={() => void cancel()}
                disabled={view.phase === 'starting' || view.cancelRequested}
              >
                {view.cancelRequested ? 'Cancelling…' : 'Cancel'}
              </button>
            </div>
          ) : (
            <>
              <ExportVerdictsMenu view={view} />
              <button type="button" className="button button-small" onClick={onClose}>
                <CloseIcon />
                Close lookup
              </button>
            </>
          )}
        </div>
      </div>

      {running ? <Progress view={view} /> : null}

      {view.error ? (
        <Alert tone="error" title={errorTitle(view)}>
          {view.error.message}
        </Alert>
      ) : null}
      {view.phase === 'cancelled' ? (
        <Alert tone="info" title="Lookup cancelled">
          {view.outcome ? `${describeCompletion(view.outcome)}. ` : ''}
          The verdicts given before you cancelled are kept; numbers not checked say so. Search again to check
          them.
        </Alert>
      ) : null}
      <LookupReportResult view={view} />

      <Notes view={view} reportOpen={reportOpen} />

      {rows.length > 0 ? <VerdictTable rows={rows} /> : null}
    </main>
  )
}

function errorTitle(view: LookupView): string {
  if (view.phase === 'error') return 'The lookup did not start'
  if (view.phase === 'failed') return 'The lookup stopped'
  return 'Cancel did not go through'
}

/** "2 opted out · 1 not found · 0 invalid", or what is being checked while it runs. */
export function countsText(outcome: LookupOutcome): string {
  const { counts } = outcome
  const parts = [
    `${formatCount(counts['opted-out'])} opted out`,
    `${formatCount(counts['not-found'])} not found`,
    `${formatCount(counts.invalid)} invalid`,
  ]
  if (counts.failed > 0) parts.push(`${formatCount(counts.failed)} could not be checked`)
  if (counts['not-checked'] > 0) parts.push(`${formatCount(counts['not-checked'])} not checked`)
  return parts.join(' · ')
}

function Summary({ view }: { view: LookupView }) {
  if (view.outcome) return <strong>{countsText(view.outcome)}</strong>
  const entries = view.list?.entries.length ?? view.status?.rowsExpected ?? 0
  const what = countOf(entries, 'number')
  switch (view.phase) {
    case 'starting':
    case 'running':
      return <>Looking up {what}…</>
    case 'cancelled':
      return <>Lookup of {what} cancelled</>
    default:
      return <>Lookup of {what} did not finish</>
  }
}

function Progress({ view }: { view: LookupView }) {
  const checked = view.status?.rowsDone ?? 0
  const expected =
    view.status?.rowsExpected ?? view.list?.entries.filter((e) => e.kind === 'number').length ?? 0
  const text = `${formatCount(checked)} of ${formatCount(expected)} checked`
  return (
    <div className="lookup-progress">
      <Meter label="Numbers checked" now={checked} max={expected} valueText={text}>
        <span>{text}</span>
      </Meter>
    </div>
  )
}

/** Where the numbers were looked up, repeats collapsed, filters a lookup does not use. */
function Notes({ view, reportOpen }: { view: LookupView; reportOpen: boolean }) {
  const collapsed = view.outcome?.duplicatesCollapsed ?? view.list?.duplicatesCollapsed ?? 0
  const source = view.outcome?.source
  const inReport = source ? source.kind === 'report' : reportOpen
  const notes: string[] = []
  notes.push(
    inReport
      ? `Looked up in the opened report${source?.reportFileName ? ` ${fileNameOf(source.reportFileName)}` : ''}, not in Convoso.`
      : 'Each number is checked against the whole opt-out list in Convoso, global and every campaign (exact match).',
  )
  if (collapsed > 0) {
    notes.push(
      `${countOf(collapsed, 'duplicate')} collapsed: a number pasted more than once is checked and listed once.`,
    )
  }
  if (view.ignoredFilters) notes.push(`The other filters (${view.ignoredFilters}) are not used by a lookup.`)
  return (
    <ul className="lookup-notes">
      {notes.map((note) => (
        <li key={note}>
          <InfoIcon />
          {note}
        </li>
      ))}
    </ul>
  )
}
