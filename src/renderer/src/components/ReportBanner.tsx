import type { ReportInfo, ReportIntegrity } from '../../../shared/offline'
import { formatCount, formatDateTime } from '../lib/format'
import { useReportStore } from '../stores/report'
import { SpreadsheetIcon } from './Icons'
import { HashText, ReportBadge } from './ReportParts'

const INTEGRITY: Record<ReportIntegrity, { label: string; tone: string; title: string }> = {
  intact: {
    label: 'Intact',
    tone: 'badge-success',
    title: 'The rows match the hash recorded when the report was made.',
  },
  modified: {
    label: 'Modified',
    tone: 'badge-danger',
    title: 'The rows no longer match the hash recorded when the report was made.',
  },
  unverified: {
    label: 'Unverified',
    tone: 'badge-warning',
    title: 'The rows cannot be checked against a recorded hash.',
  },
}

/** "Intact", "Modified", or "Not made by Opt-Out Desk" / "Unverified". */
export function IntegrityBadge({ report }: { report: Pick<ReportInfo, 'integrity' | 'madeByApp'> }) {
  const integrity = INTEGRITY[report.integrity]
  const label = report.madeByApp ? integrity.label : 'Not made by Opt-Out Desk'
  return (
    <span className={`badge ${integrity.tone}`} title={integrity.title}>
      {label}
    </span>
  )
}

/**
 * Shown above the filters and results while an opened report, not Convoso,
 * answers the searches: which file, when and from what it was made, and
 * whether its rows are still the ones the app wrote.
 */
export function ReportBanner({ report }: { report: ReportInfo }) {
  const close = useReportStore((s) => s.close)
  return (
    <section className={`report-banner report-banner-${report.integrity}`} aria-label="Opened report">
      <SpreadsheetIcon />
      <div className="report-banner-body">
        <p className="report-banner-title">
          <strong>Viewing a report file, not Convoso:</strong>{' '}
          <span className="report-banner-file" title={report.filePath}>
            {report.fileName}
          </span>
          <span className="report-banner-badges">
            <IntegrityBadge report={report} />
            {report.madeByApp ? <ReportBadge partial={report.partial} /> : null}
          </span>
        </p>
        <p className="report-banner-facts">
          {report.generatedAt ? <span>Generated {formatDateTime(report.generatedAt)}</span> : null}
          {report.filtersDescription !== undefined ? (
            <span>Filters: {report.filtersDescription || 'none'}</span>
          ) : null}
          <span>
            {formatCount(report.rowsRead)} rows
            {report.rowsRecorded !== undefined && report.rowsRecorded !== report.rowsRead
              ? ` (the report recorded ${formatCount(report.rowsRecorded)})`
              : ''}
          </span>
          {report.recordedSha256 ? (
            <span>
              Recorded hash <HashText sha256={report.recordedSha256} fileName={report.fileName} />
            </span>
          ) : null}
        </p>
        <p className="report-banner-detail">{report.integrityDetail}</p>
      </div>
      <button type="button" className="button button-small" onClick={() => void close()}>
        Close report
      </button>
    </section>
  )
}
