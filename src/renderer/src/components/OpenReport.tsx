import { useEffect, useRef } from 'react'
import { countOf, formatBytes } from '../lib/format'
import { OPEN_POLL_INTERVAL_MS, useReportStore } from '../stores/report'
import { Alert, Spinner } from './Alert'
import { SpreadsheetIcon } from './Icons'

/** "Open a report…": the native open dialog; the report then replaces Convoso as the source. */
export function OpenReportButton({ className = 'button button-quiet' }: { className?: string }) {
  const openWithDialog = useReportStore((s) => s.openWithDialog)
  const reading = useReportStore((s) => s.opening?.state === 'reading')
  return (
    <button type="button" className={className} onClick={() => void openWithDialog()} disabled={reading}>
      <SpreadsheetIcon />
      Open a report…
    </button>
  )
}

/** Polls main while a report is being read; stops when it ends and on unmount. */
function useOpenPolling(jobId: string | null) {
  const pollStatus = useReportStore((s) => s.pollStatus)
  useEffect(() => {
    if (jobId === null) return
    const timer = window.setInterval(() => void pollStatus(), OPEN_POLL_INTERVAL_MS)
    return () => window.clearInterval(timer)
  }, [jobId, pollStatus])
}

/**
 * Opening a report: progress with Cancel while main reads it, then why it
 * could not be opened, if it could not. Shown on the connect screen and the
 * main screen alike, since a report opens without a token.
 */
export function ReportOpening() {
  const opening = useReportStore((s) => s.opening)
  const error = useReportStore((s) => s.error)
  const cancel = useReportStore((s) => s.cancel)
  const dismiss = useReportStore((s) => s.dismiss)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const reading = opening?.state === 'reading' ? opening : null

  useOpenPolling(reading?.jobId ?? null)

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
        <Alert tone="error" title={`"${opening.fileName}" could not be opened`} onDismiss={dismiss}>
          {opening.errorMessage}
        </Alert>
      </div>
    )
  }
  if (opening.state === 'cancelled') {
    return (
      <div className="report-opening">
        <Alert tone="info" onDismiss={dismiss}>
          Opening {opening.fileName ? `"${opening.fileName}"` : 'the report'} was cancelled.
        </Alert>
      </div>
    )
  }
  if (!reading) return null
  const fraction = reading.totalBytes > 0 ? Math.min(1, reading.bytesRead / reading.totalBytes) : 0
  return (
    <section
      className="report-opening report-opening-progress"
      aria-label="Opening a report"
      aria-live="polite"
    >
      <p className="report-opening-title">
        <Spinner /> Opening {reading.fileName ? <strong>{reading.fileName}</strong> : 'the report'}…
      </p>
      <div
        className="export-meter"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuetext={`${countOf(reading.rowsRead, 'row')} read`}
      >
        <div className="export-meter-fill" style={{ transform: `scaleX(${fraction})` }} />
      </div>
      <p className="export-stats">
        <span>{countOf(reading.rowsRead, 'row')} read</span>
        {reading.totalBytes > 0 ? (
          <span>
            {formatBytes(reading.bytesRead)} of {formatBytes(reading.totalBytes)}
          </span>
        ) : null}
      </p>
      <button ref={cancelRef} type="button" className="button button-small" onClick={() => void cancel()}>
        Cancel
      </button>
    </section>
  )
}
