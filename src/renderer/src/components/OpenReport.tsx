import { countOf, formatBytes } from '../lib/format'
import { useReportStore } from '../stores/report'
import { Alert, Spinner } from './Alert'
import { SpreadsheetIcon } from './Icons'
import { Meter } from './Meter'
import { ShortLabel } from './ShortLabel'

/** "Open a report…": the native open dialog; the report then replaces Convoso as the source. */
export function OpenReportButton({ className = 'button button-quiet' }: { className?: string }) {
  const openWithDialog = useReportStore((s) => s.openWithDialog)
  const reading = useReportStore((s) => s.opening?.state === 'running')
  return (
    <button type="button" className={className} onClick={() => void openWithDialog()} disabled={reading}>
      <SpreadsheetIcon />
      <ShortLabel long="Open a report…" short="Open…" />
    </button>
  )
}

/**
 * Opening a report: progress (pushed by main) with Cancel while main reads it, then why it
 * could not be opened, if it could not. Shown on the connect screen and the
 * main screen alike, since a report opens without a token.
 */
export function ReportOpening() {
  const opening = useReportStore((s) => s.opening)
  const error = useReportStore((s) => s.error)
  const cancel = useReportStore((s) => s.cancel)
  const dismiss = useReportStore((s) => s.dismiss)
  const reading = opening?.state === 'running' ? opening : null

  if (error) {
    return (
      <div className="report-opening">
        <Alert tone="error" title="The report could not be opened" onDismiss={dismiss}>
          {error.message}
        </Alert>
      </div>
    )
  }
  if (!opening) return null
  if (opening.state === 'failed') {
    return (
      <div className="report-opening">
        <Alert tone="error" title={`"${opening.name}" could not be opened`} onDismiss={dismiss}>
          {opening.error.message}
        </Alert>
      </div>
    )
  }
  if (opening.state === 'cancelled') {
    return (
      <div className="report-opening">
        <Alert tone="info" onDismiss={dismiss}>
          Opening {opening.name ? `"${opening.name}"` : 'the report'} was cancelled.
        </Alert>
      </div>
    )
  }
  if (!reading) return null
  const fraction = reading.bytesTotal > 0 ? Math.min(1, reading.bytesDone / reading.bytesTotal) : 0
  return (
    <section
      className="report-opening report-opening-progress"
      aria-label="Opening a report"
      aria-live="polite"
    >
      <p className="report-opening-title">
        <Spinner /> Opening {reading.name ? <strong>{reading.name}</strong> : 'the report'}…
      </p>
      <Meter
        now={Math.round(fraction * 100)}
        max={100}
        valueText={`${countOf(reading.rowsDone, 'row')} read`}
      >
        <span>{countOf(reading.rowsDone, 'row')} read</span>
        {reading.bytesTotal > 0 ? (
          <span>
            {formatBytes(reading.bytesDone)} of {formatBytes(reading.bytesTotal)}
          </span>
        ) : null}
      </Meter>
      <button type="button" className="button button-small" onClick={() => void cancel()}>
        Cancel
      </button>
    </section>
  )
}
