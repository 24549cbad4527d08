import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { ReportEntry } from '../../../shared/exports'
import { fileNameOf, formatCount, formatDateTime } from '../lib/format'
import { useReportHistoryStore } from '../stores/report-history'
import { useReportStore } from '../stores/report'
import { chosenFromHistory } from '../stores/compare'
import { openCompare } from './compare/open-compare'
import { Alert, Spinner } from './Alert'
import { CompareIcon, FolderIcon, OpenExternalIcon, ReportsIcon, SpreadsheetIcon } from './Icons'
import { Modal } from './Modal'
import { FORMAT_NAMES, HashText, MissingBadge, ReportBadge } from './ReportParts'

/**
 * Every export made on this computer, newest first, read from main each time
 * the dialog opens. A file that was moved or deleted stays listed as
 * "Missing" (its record is still evidence) with Show and Open disabled.
 */
export function ReportsDialog({ onClose }: { onClose: () => void }) {
  const reports = useReportHistoryStore((s) => s.reports)
  const loading = useReportHistoryStore((s) => s.reportsLoading)
  const error = useReportHistoryStore((s) => s.reportsError)
  const fileError = useReportHistoryStore((s) => s.fileError)
  const loadReports = useReportHistoryStore((s) => s.loadReports)
  const dismissFileError = useReportHistoryStore((s) => s.dismissFileError)
  const closeRef = useRef<HTMLButtonElement>(null)
  // Up to two reports ticked for "Compare".
  const [toCompare, setToCompare] = useState<string[]>([])

  function toggleCompare(reportId: string, on: boolean) {
    setToCompare((ids) =>
      on ? [...ids.filter((id) => id !== reportId), reportId].slice(-2) : ids.filter((id) => id !== reportId),
    )
  }

  function compare(entries: ReportEntry[]) {
    // The older first, as the comparison reads them.
    const [a, b] = [...entries].sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt))
    onClose()
    openCompare({ a: a && chosenFromHistory(a), b: b && chosenFromHistory(b) })
  }

  const chosen = (reports ?? []).filter((report) => toCompare.includes(report.id) && report.exists)

  useEffect(() => {
    void loadReports()
  }, [loadReports])

  const missing = reports?.filter((report) => !report.exists).length ?? 0

  return (
    <Modal
      title="Reports"
      size="wide"
      onClose={onClose}
      initialFocus={closeRef}
      description={
        <p>
          Every export made on this computer, newest first.
          {missing > 0 ? (
            <>
              {' '}
              Files marked <strong>Missing</strong> were moved or deleted after they were written.
            </>
          ) : null}
        </p>
      }
    >
      {error ? (
        <Alert
          tone="error"
          title="The reports list could not be read"
          actions={
            <button type="button" className="button button-small" onClick={() => void loadReports()}>
              Try again
            </button>
          }
        >
          {error.message}
        </Alert>
      ) : null}
      {fileError ? (
        <Alert tone="error" onDismiss={dismissFileError}>
          {fileError.message}
        </Alert>
      ) : null}

      {reports === null ? (
        loading ? (
          <p className="reports-loading" role="status">
            <Spinner /> Reading the reports list…
          </p>
        ) : null
      ) : reports.length === 0 ? (
        <div className="reports-empty">
          <span className="empty-state-icon" aria-hidden="true">
            <ReportsIcon width={24} height={24} />
          </span>
          <p className="empty-state-title">No reports yet</p>
          <p className="empty-state-text">
            Exports you make with <strong>Export</strong> above the results are listed here, with their row
            count and SHA-256.
          </p>
        </div>
      ) : (
        <div className="reports-scroll" aria-busy={loading}>
          <table className="reports-table">
            <caption className="sr-only">Reports, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className="reports-pick">
                  <span className="sr-only">Compare</span>
                </th>
                <th scope="col">Created</th>
                <th scope="col">File</th>
                <th scope="col">Filters</th>
                <th scope="col" className="numeric">
                  Rows
                </th>
                <th scope="col">Format</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <ReportRow
                  key={report.id}
                  report={report}
                  onViewed={onClose}
                  picked={toCompare.includes(report.id)}
                  pickable={toCompare.includes(report.id) || chosen.length < 2}
                  onPick={(on) => toggleCompare(report.id, on)}
                  onCompare={() => compare([report])}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="form-actions form-actions-end">
        {reports && reports.length > 1 ? (
          <span className="reports-compare">
            <span className="reports-compare-hint" id="reports-compare-hint">
              {chosen.length === 2 ? 'Two reports chosen.' : 'Tick two reports to compare them.'}
            </span>
            <button
              type="button"
              className="button"
              disabled={chosen.length !== 2}
              aria-describedby="reports-compare-hint"
              onClick={() => compare(chosen)}
            >
              <CompareIcon />
              Compare reports…
            </button>
          </span>
        ) : null}
        {loading && reports !== null ? (
          <span className="reports-refreshing" role="status">
            <Spinner /> Refreshing…
          </span>
        ) : null}
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  )
}

function ReportRow({
  report,
  onViewed,
  picked,
  pickable,
  onPick,
  onCompare,
}: {
  report: ReportEntry
  onViewed: () => void
  /** Ticked for "Compare reports…"; at most two are. */
  picked: boolean
  pickable: boolean
  onPick: (on: boolean) => void
  onCompare: () => void
}) {
  const viewReport = useReportStore((s) => s.openFromHistory)
  const showInFolder = useReportHistoryStore((s) => s.showInFolder)
  const openReportInSpreadsheetApp = useReportHistoryStore((s) => s.openReportInSpreadsheetApp)
  const fileName = fileNameOf(report.filePath)
  const unavailable = report.exists ? undefined : 'The file has been moved or deleted.'

  return (
    <tr className={report.exists ? undefined : 'is-missing'}>
      <td className="reports-pick">
        <input
          type="checkbox"
          aria-label={`Choose ${fileName} to compare`}
          title={unavailable ?? (pickable ? 'Choose to compare' : 'Two reports are chosen already')}
          checked={picked && report.exists}
          disabled={unavailable !== undefined || !pickable}
          onChange={(event) => onPick(event.target.checked)}
        />
      </td>
      <td className="reports-when">
        <time dateTime={report.createdAt}>{formatDateTime(report.createdAt)}</time>
      </td>
      <th scope="row" className="reports-file">
        <span className="reports-file-name" title={report.filePath}>
          {fileName}
        </span>
      </th>
      <td className="reports-filters">
        <span className="reports-filters-text" title={report.filtersDescription}>
          {report.filtersDescription}
        </span>
        <span className="reports-scope">{report.scope === 'all' ? 'All matching records' : 'One page'}</span>
      </td>
      <td className="numeric">{formatCount(report.rowsWritten)}</td>
      <td>{FORMAT_NAMES[report.format]}</td>
      <td>
        <HashText sha256={report.sha256} fileName={fileName} />
      </td>
      <td>
        <span className="reports-badges">
          <ReportBadge partial={report.partial} />
          {report.exists ? null : <MissingBadge />}
        </span>
      </td>
      <td className="reports-actions">
        <FileAction
          label="Show in folder"
          unavailable={unavailable}
          onClick={() => void showInFolder(report.id)}
        >
          <FolderIcon />
        </FileAction>
        <FileAction
          label="View in Opt-Out Desk"
          hint="View in Opt-Out Desk: search it and check its integrity"
          unavailable={unavailable}
          onClick={() => {
            onViewed()
            void viewReport(report.id)
          }}
        >
          <SpreadsheetIcon />
        </FileAction>
        <FileAction
          label="Open"
          unavailable={unavailable}
          onClick={() => void openReportInSpreadsheetApp(report.id)}
        >
          <OpenExternalIcon />
        </FileAction>
        <FileAction
          label="Compare with…"
          hint="Compare with another report: what was removed, changed or added"
          unavailable={unavailable}
          onClick={onCompare}
        >
          <CompareIcon />
        </FileAction>
      </td>
    </tr>
  )
}

/** An icon button on a report's file; disabled, with the reason as its tooltip, when the file is gone. */
function FileAction({
  label,
  hint = label,
  unavailable,
  onClick,
  children,
}: {
  label: string
  hint?: string
  unavailable: string | undefined
  onClick: () => void
  children: ReactNode
}) {
  return (
    <span title={unavailable ?? hint}>
      <button
        type="button"
        className="icon-button"
        aria-label={label}
        disabled={unavailable !== undefined}
        onClick={onClick}
      >
        {children}
      </button>
    </span>
  )
}
