import { useEffect, useRef, type ReactNode } from 'react'
import { MAX_EXPORTABLE_ROWS, type ExportResult } from '../../../shared/exports'
import { progressShare, speedText, timeLeftText } from '../lib/export-speed'
import { focusTarget } from '../lib/focus-targets'
import { countOf, fileNameOf, formatBytes, formatCount } from '../lib/format'
import { useExportsStore, type ExportPhase, type ExportRequest, type ExportStatus } from '../stores/exports'
import { useReportHistoryStore } from '../stores/report-history'
import { Alert, Spinner } from './Alert'
import { AlertIcon, CheckIcon, CloseIcon, FolderIcon, InfoIcon, OpenExternalIcon } from './Icons'
import { FORMAT_NAMES, HashText, ReportBadge } from './ReportParts'
import { Meter } from './Meter'

/** "all matching records as Excel", "this page as CSV". */
function what(request: ExportRequest | null): string {
  if (!request) return 'the export'
  const scope = request.scope === 'all' ? 'all matching records' : 'this page'
  return `${scope} as ${FORMAT_NAMES[request.format]}`
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * The export's panel above the results: progress while it runs (the rest of
 * the app stays usable), then how it ended. It stays until dismissed or until
 * the next export starts. Main pushes the figures; nothing here asks for them.
 */
export function ExportProgress() {
  const phase = useExportsStore((s) => s.phase)
  const request = useExportsStore((s) => s.request)
  const sectionRef = useRef<HTMLElement>(null)

  // The Export button is disabled once an export begins: focus comes here instead of being lost.
  useEffect(() => {
    if (request && sectionRef.current && !sectionRef.current.contains(document.activeElement)) {
      if (document.activeElement === document.body || document.activeElement?.matches(':disabled')) {
        sectionRef.current.focus()
      }
    }
  }, [request])

  const visible = phase !== 'idle' && phase !== 'confirming'
  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement(phase, request)}
      </p>
      {visible ? (
        <section
          ref={sectionRef}
          className={`export-panel is-${phase}`}
          aria-label="Export progress"
          tabIndex={-1}
        >
          <PanelBody phase={phase} request={request} />
        </section>
      ) : null}
    </>
  )
}

/**
 * What screen readers hear when the step changes (the panel itself is not a
 * live region: its numbers change four times a second). Worded apart from the
 * panel's visible text, so a search for that text finds one element.
 */
function announcement(phase: ExportPhase, request: ExportRequest | null): string {
  switch (phase) {
    case 'planning':
      return 'Preparing the export.'
    case 'running':
      return `Started: ${what(request)}.`
    case 'done':
      return 'Finished: the report is saved.'
    case 'cancelled':
      return 'Stopped at your request; nothing was saved.'
    default:
      return ''
  }
}

function PanelBody({ phase, request }: { phase: ExportPhase; request: ExportRequest | null }) {
  switch (phase) {
    case 'planning':
      return (
        <Waiting
          title={`Preparing ${what(request)}`}
          detail="Checking with Convoso how many opt-outs match…"
          request={request}
        />
      )
    case 'starting':
      return (
        <Waiting
          title={`Preparing ${what(request)}`}
          detail="Choose where to save the report…"
          request={request}
        />
      )
    case 'running':
      return <Running request={request} />
    case 'done':
      return <Done request={request} />
    case 'failed':
      return <Failed />
    case 'cancelled':
      return <Cancelled request={request} />
    case 'error':
      return <StartError />
    default:
      return null
  }
}

function PanelHeader({
  icon,
  title,
  badge,
  children,
  actions,
}: {
  icon: ReactNode
  title: string
  /** Beside the title, outside the heading (its name stays the title). */
  badge?: ReactNode
  children?: ReactNode
  actions?: ReactNode
}) {
  return (
    <div className="export-panel-header">
      <span className="export-panel-icon" aria-hidden="true">
        {icon}
      </span>
      <div className="export-panel-heading">
        <div className="export-panel-title-row">
          <h2 className="export-panel-title">{title}</h2>
          {badge}
        </div>
        {children ? <div className="export-panel-detail">{children}</div> : null}
      </div>
      {actions ? <div className="export-panel-actions">{actions}</div> : null}
    </div>
  )
}

function CancelButton() {
  const cancel = useExportsStore((s) => s.cancel)
  const cancelRequested = useExportsStore((s) => s.cancelRequested)
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => void cancel()}
      disabled={cancelRequested}
    >
      {cancelRequested ? <Spinner /> : null}
      {cancelRequested ? 'Cancelling…' : 'Cancel export'}
    </button>
  )
}

/** Closes the outcome panel; focus goes back to the Export action rather than to nowhere. */
function useDismiss(): () => void {
  const dismiss = useExportsStore((s) => s.dismiss)
  return () => {
    dismiss()
    focusTarget('exportAction')
  }
}

function DismissButton() {
  const onDismiss = useDismiss()
  return (
    <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss" title="Dismiss">
      <CloseIcon />
    </button>
  )
}

function Waiting({
  title,
  detail,
  request,
}: {
  title: string
  detail: string
  request: ExportRequest | null
}) {
  return (
    <PanelHeader icon={<Spinner />} title={capitalised(title)} actions={<CancelButton />}>
      {detail}
      {request ? <span className="muted"> · {request.description}</span> : null}
    </PanelHeader>
  )
}

function Running({ request }: { request: ExportRequest | null }) {
  const status = useExportsStore((s) => s.status)
  const job = useExportsStore((s) => s.job)
  const cancelRequested = useExportsStore((s) => s.cancelRequested)
  const cancelError = useExportsStore((s) => s.cancelError)

  const { written, expected, percent } = progressShare(status)
  const fileName = job ? fileNameOf(job.filePath) : ''

  return (
    <>
      <PanelHeader
        icon={<Spinner />}
        title={
          cancelRequested
            ? 'Cancelling the export…'
            : // After a reload the window knows the job, not what was chosen for it.
              request
              ? `Exporting ${what(request)}`
              : 'Export running'
        }
        actions={<CancelButton />}
      >
        <span className="export-file" title={job?.filePath}>
          {fileName}
        </span>
        {request ? <span className="muted"> · {request.description}</span> : null}
      </PanelHeader>
      <div className="export-progress">
        <Meter
          label="Rows written"
          now={written}
          max={expected}
          valueText={`${formatCount(written)} of ${formatCount(expected)} rows written`}
        >
          <span className="export-stat-strong">
            {formatCount(written)} of {countOf(expected, 'row')} written
          </span>
          <PhaseStats status={status} />
          <span className="export-percent" aria-hidden="true">
            {percent}%
          </span>
        </Meter>
      </div>
      {cancelError ? (
        <Alert tone="error" title="The export was not cancelled">
          {cancelError.message} It is still running; try Cancel export again.
        </Alert>
      ) : null}
    </>
  )
}

/**
 * Speed and time left while rows arrive; once every row is written, the step
 * the file is at (main checks the file, then moves it into place).
 */
function PhaseStats({ status }: { status: ExportStatus | null }) {
  switch (status?.phase) {
    case 'verifying':
      return <span className="export-stat">Checking the file…</span>
    case 'saving':
      return <span className="export-stat">Saving the report…</span>
    default:
      return (
        <>
          <span className="export-stat">{speedText(status)}</span>
          <span className="export-stat">{timeLeftText(status)}</span>
        </>
      )
  }
}

function Done({ request }: { request: ExportRequest | null }) {
  const status = useExportsStore((s) => s.status)
  const plan = useExportsStore((s) => s.plan)
  const fileError = useReportHistoryStore((s) => s.fileError)
  const dismissFileError = useReportHistoryStore((s) => s.dismissFileError)
  const showInFolder = useReportHistoryStore((s) => s.showInFolder)
  const openReportInSpreadsheetApp = useReportHistoryStore((s) => s.openReportInSpreadsheetApp)
  const result = status?.state === 'done' ? status.outcome : undefined
  if (!result) return null
  const fileName = fileNameOf(result.filePath)
  const format = request ? FORMAT_NAMES[request.format] : null

  return (
    <>
      <PanelHeader
        icon={<CheckIcon />}
        title="Export complete"
        badge={<ReportBadge partial={result.partial} />}
        actions={
          <>
            <button
              type="button"
              className="button button-small"
              onClick={() => void showInFolder(result.reportId)}
            >
              <FolderIcon />
              Show in folder
            </button>
            <button
              type="button"
              className="button button-small button-primary"
              onClick={() => void openReportInSpreadsheetApp(result.reportId)}
            >
              <OpenExternalIcon />
              Open
            </button>
            <DismissButton />
          </>
        }
      >
        <span className="export-file" title={result.filePath}>
          {fileName}
        </span>
      </PanelHeader>
      <dl className="export-facts">
        <div>
          <dt>Rows written</dt>
          <dd>{countOf(result.rowsWritten, 'row')}</dd>
        </div>
        <div>
          <dt>File size</dt>
          <dd>{formatBytes(result.fileSizeBytes)}</dd>
        </div>
        {format ? (
          <div>
            <dt>Format</dt>
            <dd>{format}</dd>
          </div>
        ) : null}
        <div>
          <dt>Filters</dt>
          <dd>{request?.description ?? '—'}</dd>
        </div>
        <div>
          <dt>SHA-256</dt>
          <dd>
            <HashText sha256={result.sha256} fileName={fileName} />
          </dd>
        </div>
      </dl>
      <ResultNotes
        result={result}
        total={plan?.total ?? null}
        reachable={plan?.reachableRows ?? MAX_EXPORTABLE_ROWS}
      />
      {fileError ? (
        <Alert tone="error" onDismiss={dismissFileError}>
          {fileError.message}
        </Alert>
      ) : null}
    </>
  )
}

/** Partial, duplicates and changes during the export, in plain words; nothing when there is nothing to say. */
function ResultNotes({
  result,
  total,
  reachable,
}: {
  result: ExportResult
  total: number | null
  reachable: number
}) {
  const notes: string[] = []
  if (result.partial) {
    notes.push(
      total !== null && total > result.rowsWritten
        ? `Partial report: the filter matches ${formatCount(total)} opt-outs and Convoso lets an app reach the first ${formatCount(reachable)} only. The file is marked partial; narrow the filters by campaign or insert date to export the rest.`
        : 'Partial report: not every matching opt-out is in this file, and it is marked partial.',
    )
  }
  if (result.duplicatesRemoved > 0) {
    notes.push(
      `${countOf(result.duplicatesRemoved, 'duplicate row')} left out: Convoso returned ${result.duplicatesRemoved === 1 ? 'that opt-out' : 'those opt-outs'} twice while its pages shifted; each is in the file once.`,
    )
  }
  if (result.dataChanged) {
    notes.push(
      'The opt-out list changed in Convoso while the export ran (rows were added or removed), so a search run now may not match the file exactly.',
    )
  }
  if (notes.length === 0) return null
  return (
    <ul className="export-notes">
      {notes.map((note) => (
        <li key={note}>
          <InfoIcon />
          <span>{note}</span>
        </li>
      ))}
    </ul>
  )
}

function Failed() {
  const status = useExportsStore((s) => s.status)
  const onDismiss = useDismiss()
  const failed = status?.state === 'failed' ? status : null
  return (
    <div className="export-outcome">
      <Alert tone="error" title="The export failed" onDismiss={onDismiss}>
        {failed?.error.message ?? 'The export stopped.'}{' '}
        {failed?.fileLeftBehind ? (
          <>
            A file was left at <span className="export-file">{failed.filePath}</span>; it is not a complete
            report, so delete it.
          </>
        ) : (
          'No file was left behind.'
        )}
      </Alert>
    </div>
  )
}

function Cancelled({ request }: { request: ExportRequest | null }) {
  return (
    <PanelHeader icon={<AlertIcon />} title="Export cancelled" actions={<DismissButton />}>
      No file was written.
      {request ? (
        <span className="muted">
          {' '}
          ({capitalised(what(request))}, {request.description}.)
        </span>
      ) : null}
    </PanelHeader>
  )
}

function StartError() {
  const error = useExportsStore((s) => s.error)
  const onDismiss = useDismiss()
  return (
    <div className="export-outcome">
      <Alert tone="error" title="The export did not start" onDismiss={onDismiss}>
        {error?.message ?? 'Opt-Out Desk could not start the export.'} Nothing was written.
      </Alert>
    </div>
  )
}
