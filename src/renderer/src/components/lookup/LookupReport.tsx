import { countOf, fileNameOf, folderOf, formatBytes } from '../../lib/format'
import { useLookupStore, type LookupView } from '../../stores/lookup'
import { Alert, Spinner } from '../Alert'
import { ExportFormatMenu } from '../ExportFormatMenu'
import { FORMAT_NAMES, HashText } from '../ReportParts'

/** Why "Export verdicts" cannot be used now, or null when it can. */
function unavailableReason(view: LookupView): string | null {
  if (view.report?.phase === 'saving') return 'The verdicts are being saved.'
  if (view.outcome) return null
  if (view.phase === 'starting' || view.phase === 'running')
    return 'Wait for the lookup to finish, or cancel it.'
  return 'This lookup has no verdicts to save.'
}

/**
 * "Export verdicts" beside the verdict table: the verdicts as an Excel or CSV
 * report (main asks where with the save dialog and writes the file). Works on
 * a finished lookup and on a cancelled one (its unchecked numbers say so).
 */
export function ExportVerdictsMenu({ view }: { view: LookupView }) {
  const saveReport = useLookupStore((s) => s.saveReport)
  return (
    <ExportFormatMenu
      label="Export verdicts"
      what="Verdicts"
      saving={view.report?.phase === 'saving'}
      unavailable={unavailableReason(view)}
      onChoose={(format) => void saveReport(format)}
    />
  )
}

/** Where the verdicts were saved (file, folder, rows, size, hash), or why they were not. */
export function LookupReportResult({ view }: { view: LookupView }) {
  const dismiss = useLookupStore((s) => s.dismissReport)
  const report = view.report
  if (!report) return null
  switch (report.phase) {
    case 'saving':
      return (
        <p className="lookup-report-saving" role="status">
          <Spinner /> Saving the verdicts as {FORMAT_NAMES[report.format]}…
        </p>
      )
    case 'error':
      return (
        <Alert tone="error" title="The verdicts were not saved" onDismiss={dismiss}>
          {report.error.message}
        </Alert>
      )
    case 'saved': {
      const { saved } = report
      const fileName = fileNameOf(saved.filePath)
      const folder = folderOf(saved.filePath)
      return (
        <Alert tone="info" title="Verdicts saved" onDismiss={dismiss} className="lookup-report-saved">
          <span className="export-file">{fileName}</span> in{' '}
          <span className="lookup-report-folder">{folder}</span>
          <dl className="export-facts">
            <div>
              <dt>Rows</dt>
              <dd>
                {countOf(saved.rows, 'row')} for {countOf(saved.entries, 'entry', 'entries')}
              </dd>
            </div>
            <div>
              <dt>Format</dt>
              <dd>
                {FORMAT_NAMES[saved.format]}, {formatBytes(saved.fileSizeBytes)}
              </dd>
            </div>
            {saved.completion === 'cancelled' ? (
              <div>
                <dt>Lookup</dt>
                <dd>Cancelled: unchecked numbers are marked “Not checked”</dd>
              </div>
            ) : null}
            <div>
              <dt>SHA-256</dt>
              <dd>
                <HashText sha256={saved.sha256} fileName={fileName} />
              </dd>
            </div>
          </dl>
        </Alert>
      )
    }
  }
}
