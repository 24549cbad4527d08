import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { ScrubOutcome, ScrubVerdict } from '../../../../shared/scrub-result'
import { countOf, formatCount, formatDateTime } from '../../lib/format'
import { useScrubStore, VERDICT_ORDER, type ScrubJobState } from '../../stores/scrub'
import { Alert, Spinner } from '../Alert'
import { Meter } from '../Meter'
import { ageText } from './age'
import { SavedOutputs, SaveOutputs } from './SaveOutputs'
import { ScrubRowsTable } from './ScrubRowsTable'

export const VERDICT_LABELS: Record<ScrubVerdict, string> = {
  'do-not-send': 'Do not send',
  review: 'Review',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
  clear: 'Clear',
}

/**
 * Step 3: the scrub running (progress, Cancel), then its result: the
 * summary, how old the snapshot is and what weakens it, the rows of each
 * verdict (a tab each, paged), and saving the outputs.
 */
export function ScrubResult({ job }: { job: ScrubJobState }) {
  const cancel = useScrubStore((s) => s.cancel)
  const startOver = useScrubStore((s) => s.startOver)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const running = job.phase === 'starting' || job.phase === 'running'

  // Cancel goes away when the scrub ends: focus it held comes to the heading, not the page.
  useEffect(() => {
    if (!running && (document.activeElement === document.body || document.activeElement === null)) {
      headingRef.current?.focus()
    }
  }, [running])

  return (
    <section className="scrub-step scrub-result" aria-labelledby="scrub-result-title">
      <div className="scrub-result-header">
        <h2 id="scrub-result-title" ref={headingRef} tabIndex={-1} className="scrub-step-title">
          3. Result
        </h2>
        <div className="scrub-result-tools">
          {running ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => void cancel()}
              disabled={job.phase === 'starting' || job.cancelRequested}
            >
              {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <>
              {job.outcome ? <SaveOutputs /> : null}
              <button type="button" className="button button-small" onClick={startOver}>
                Change the list or rules
              </button>
            </>
          )}
        </div>
      </div>
      {running ? <Progress job={job} /> : null}
      {job.error ? (
        <Alert tone="error" title={errorTitle(job)}>
          {job.error.message}
        </Alert>
      ) : null}
      {job.phase === 'cancelled' ? (
        <Alert tone="info" title="Scrub cancelled">
          Nothing was checked to the end and nothing was saved. Scrub the list again when you are ready.
        </Alert>
      ) : null}
      <SavedOutputs />
      {job.outcome ? <Outcome outcome={job.outcome} /> : null}
    </section>
  )
}

function errorTitle(job: ScrubJobState): string {
  if (job.phase === 'error') return 'The scrub did not start'
  if (job.phase === 'failed') return 'The scrub stopped'
  return 'Cancel did not go through'
}

function Progress({ job }: { job: ScrubJobState }) {
  const done = job.status?.rowsDone ?? 0
  const expected = job.status?.rowsExpected ?? 0
  const text =
    expected > 0
      ? `${formatCount(done)} of ${formatCount(expected)} rows checked`
      : `${countOf(done, 'row')} read`
  return (
    <div className="scrub-progress" aria-live="polite">
      <p className="scrub-reading">
        <Spinner /> Scrubbing {job.status?.name ? <strong>{job.status.name}</strong> : 'the list'}…
      </p>
      <Meter label="Rows checked" now={done} max={expected} valueText={text}>
        <span>{text}</span>
        {job.status?.rowsPerSecond ? <span>{formatCount(job.status.rowsPerSecond)} rows/s</span> : null}
      </Meter>
    </div>
  )
}

function Outcome({ outcome }: { outcome: ScrubOutcome }) {
  const age = ageText(outcome.snapshot.generatedAt)
  return (
    <>
      <p className="scrub-summary" role="status">
        <strong>{outcome.summary}</strong>
      </p>
      <p className="scrub-facts">
        <span>
          Checked against <strong title={outcome.snapshot.filePath}>{outcome.snapshot.fileName}</strong>
        </span>
        <span>
          {outcome.snapshot.generatedAt
            ? `generated ${formatDateTime(outcome.snapshot.generatedAt)}${age ? `, ${age} old` : ''}`
            : 'its generation time is not recorded'}
        </span>
        <span>{countOf(outcome.snapshot.rows, 'opt-out')}</span>
        <span>{rulesText(outcome)}</span>
      </p>
      {outcome.snapshotWarnings.length > 0 ? (
        <Alert tone="warning" title="About this snapshot">
          <ul className="scrub-warnings">
            {outcome.snapshotWarnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <VerdictTabs outcome={outcome} />
    </>
  )
}

function rulesText(outcome: ScrubOutcome): string {
  const { campaignId, purposeScoped } = outcome.rules
  const campaign = campaignId ? `campaign ${campaignId}'s opt-outs count` : 'no campaign chosen'
  const purpose = purposeScoped === 'hold' ? 'purpose-scoped held back' : 'purpose-scoped sent'
  return `${campaign}; ${purpose}`
}

/** A tab per verdict with its count (WAI-ARIA tabs: arrow keys move between them), the rows below. */
function VerdictTabs({ outcome }: { outcome: ScrubOutcome }) {
  const page = useScrubStore((s) => s.page)
  const showVerdict = useScrubStore((s) => s.showVerdict)
  const tabRefs = useRef<Partial<Record<ScrubVerdict, HTMLButtonElement | null>>>({})
  const selected = page?.verdict ?? 'do-not-send'

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = VERDICT_ORDER.indexOf(selected)
    let next: number | null = null
    if (event.key === 'ArrowRight') next = (index + 1) % VERDICT_ORDER.length
    else if (event.key === 'ArrowLeft') next = (index - 1 + VERDICT_ORDER.length) % VERDICT_ORDER.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = VERDICT_ORDER.length - 1
    if (next === null) return
    event.preventDefault()
    const verdict = VERDICT_ORDER[next]
    if (!verdict) return
    void showVerdict(verdict)
    tabRefs.current[verdict]?.focus()
  }

  return (
    <div className="scrub-verdicts">
      <div role="tablist" aria-label="Rows by verdict" className="scrub-tabs" onKeyDown={onKeyDown}>
        {VERDICT_ORDER.map((verdict) => (
          <button
            key={verdict}
            ref={(node) => {
              tabRefs.current[verdict] = node
            }}
            type="button"
            role="tab"
            id={`scrub-tab-${verdict}`}
            aria-selected={verdict === selected}
            aria-controls="scrub-tabpanel"
            tabIndex={verdict === selected ? 0 : -1}
            className={`scrub-tab is-${verdict}`}
            onClick={() => void showVerdict(verdict)}
          >
            {VERDICT_LABELS[verdict]}
            <span className="count-badge">{formatCount(outcome.counts[verdict])}</span>
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id="scrub-tabpanel"
        aria-labelledby={`scrub-tab-${selected}`}
        className="scrub-tabpanel"
      >
        {page ? <ScrubRowsTable page={page} /> : null}
      </div>
    </div>
  )
}
