import { useEffect, useRef, type KeyboardEvent } from 'react'
import { countOf, formatCount } from '../../lib/format'
import { useCompareStore, type CompareView } from '../../stores/compare'
import { Alert, Spinner } from '../Alert'
import { CloseIcon } from '../Icons'
import { Meter } from '../Meter'
import { CompareExportMenu } from './CompareExport'
import { CompareResult } from './CompareResult'
import { closeCompareAndReturnFocus } from './open-compare'
import { ReportChooser } from './ReportChooser'

/**
 * The results area while two reports are compared: choosing them (each with
 * what is known of it), main reading and comparing them (progress, Cancel),
 * then the result. Escape, or "Close comparison", goes back to the results and
 * hands focus back to what opened the panel.
 */
/** Where Escape means something else than "close the comparison". */
const GRID_PARTS = '.grid-frame, .record-panel, [role="menu"]'

export function ComparePanel({ view }: { view: CompareView }) {
  const cancel = useCompareStore((s) => s.cancel)
  const startOver = useCompareStore((s) => s.startOver)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const running = view.phase === 'starting' || view.phase === 'running'

  // The panel takes focus when it opens, and again when a job ends and its Cancel goes away.
  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  useEffect(() => {
    if (!running && document.activeElement === document.body) headingRef.current?.focus()
  }, [running])

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape' || event.defaultPrevented || running) return
    // The grid uses Escape itself (closing a row's details, clearing a selection), as does a menu.
    if (event.target instanceof Element && event.target.closest(GRID_PARTS)) return
    event.preventDefault()
    closeCompareAndReturnFocus()
  }

  return (
    <main className="results compare" aria-labelledby="compare-title" onKeyDown={onKeyDown}>
      <div className="results-header">
        <div className="results-heading">
          <h1 id="compare-title" ref={headingRef} tabIndex={-1} className="results-title">
            Compare two reports
          </h1>
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
              {view.outcome ? <CompareExportMenu view={view} /> : null}
              {view.phase === 'done' ? (
                <button type="button" className="button button-small" onClick={startOver}>
                  New comparison
                </button>
              ) : null}
              <button type="button" className="button button-small" onClick={closeCompareAndReturnFocus}>
                <CloseIcon />
                Close comparison
              </button>
            </>
          )}
        </div>
      </div>

      {/* The summary first, the width of the panel: it is the finding. */}
      <p className={`compare-summary${view.outcome ? ' is-result' : ''}`} role="status" aria-live="polite">
        <Summary view={view} />
      </p>

      {running ? <Progress view={view} /> : null}

      {view.error ? (
        <Alert tone="error" title="Cancel did not go through">
          {view.error.message}
        </Alert>
      ) : null}

      {/* A comparison adopted after a reload has no chosen reports to show while it runs. */}
      {view.phase !== 'done' && (view.phase !== 'running' || (view.a && view.b)) ? (
        <ReportChooser view={view} />
      ) : null}
      {view.outcome ? <CompareResult view={view} outcome={view.outcome} /> : null}
    </main>
  )
}

function Summary({ view }: { view: CompareView }) {
  switch (view.phase) {
    case 'choosing':
      return view.cancelled ? (
        <>Comparison cancelled: nothing was compared. Compare again, or choose other reports.</>
      ) : (
        <>Choose two reports made by Opt-Out Desk.</>
      )
    case 'starting':
    case 'running':
      return <>Reading and comparing the two reports…</>
    case 'done':
      return <>{view.outcome?.summary}</>
  }
}

function Progress({ view }: { view: CompareView }) {
  const read = view.status?.rowsDone ?? 0
  const expected = view.status?.rowsExpected ?? null
  const text =
    expected !== null && expected > 0
      ? `${formatCount(read)} of ${countOf(expected, 'row')} read`
      : `${countOf(read, 'row')} read`
  return (
    <div className="compare-progress">
      <Meter label="Rows read" now={read} max={expected ?? 0} valueText={text}>
        <span>{text}</span>
        {view.status?.rowsPerSecond ? (
          <span>{formatCount(Math.round(view.status.rowsPerSecond))} rows/s</span>
        ) : null}
      </Meter>
    </div>
  )
}
