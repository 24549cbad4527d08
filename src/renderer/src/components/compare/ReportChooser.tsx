import { useEffect, useId, useState, type DragEvent } from 'react'
import { pathOfDroppedFile } from '../../api'
import { countOf, fileNameOf, formatDateTime } from '../../lib/format'
import {
  chosenFromHistory,
  chosenFromOpened,
  sameReport,
  useCompareStore,
  type ChosenReport,
  type CompareSlot,
  type CompareView,
} from '../../stores/compare'
import { useReportHistoryStore } from '../../stores/report-history'
import { useReportStore } from '../../stores/report'
import { Alert, Spinner } from '../Alert'
import { CloseIcon, SpreadsheetIcon } from '../Icons'
import { IntegrityBadge } from '../ReportBanner'
import { FORMAT_NAMES, HashText, MissingBadge, ReportBadge } from '../ReportParts'

const SLOT_TITLES: Record<CompareSlot, string> = { a: 'First report', b: 'Second report' }

/**
 * The two reports to compare, side by side. Each comes from the Reports list, the open
 * dialog, a drop, or is the report open now, and shows what is known of it before anything
 * is compared: file, when it was generated, rows, and its integrity verdict.
 */
export function ReportChooser({ view }: { view: CompareView }) {
  const compare = useCompareStore((s) => s.compare)
  const loadReports = useReportHistoryStore((s) => s.loadReports)
  // While main compares, the two reports stay on screen as chosen.
  const busy = view.phase !== 'choosing'

  useEffect(() => {
    void loadReports()
  }, [loadReports])

  const same = view.a && view.b && sameReport(view.a, view.b)
  const reason =
    !view.a || !view.b ? 'Choose both reports first.' : same ? 'Choose two different reports.' : null

  return (
    <div className="compare-choose">
      {view.chooseError ? (
        <Alert tone="error" title="These reports cannot be compared">
          {view.chooseError.message}
        </Alert>
      ) : null}
      <div className="compare-sides">
        <SideCard slot="a" chosen={view.a} disabled={busy} />
        <SideCard slot="b" chosen={view.b} disabled={busy} />
      </div>
      {view.phase === 'running' ? null : (
        <div className="compare-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void compare()}
            disabled={reason !== null || busy}
            aria-describedby="compare-order-note"
          >
            {busy ? <Spinner /> : null}
            Compare
          </button>
          <p id="compare-order-note" className="compare-note">
            {reason ?? 'The older and the newer report are told apart by when each was generated.'}
          </p>
        </div>
      )}
    </div>
  )
}

function SideCard({
  slot,
  chosen,
  disabled,
}: {
  slot: CompareSlot
  chosen: ChosenReport | null
  disabled: boolean
}) {
  const choose = useCompareStore((s) => s.choose)
  const chooseDropped = useCompareStore((s) => s.chooseDropped)
  const titleId = useId()
  const [dragging, setDragging] = useState(false)

  function onDrop(event: DragEvent<HTMLElement>) {
    const file = event.dataTransfer.files[0]
    if (!file) return
    // This side takes the file; the window's own drop (which opens a report) does not see it.
    event.preventDefault()
    event.stopPropagation()
    setDragging(false)
    chooseDropped(pathOfDroppedFile(file), file.name, slot)
  }

  return (
    <section
      className={`compare-side${dragging ? ' is-dragging' : ''}`}
      aria-labelledby={titleId}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2 id={titleId} className="compare-side-title">
        {SLOT_TITLES[slot]}
      </h2>
      {chosen ? (
        <ChosenFacts chosen={chosen} onClear={() => choose(slot, null)} disabled={disabled} />
      ) : (
        <SourcePicker slot={slot} />
      )}
    </section>
  )
}

/** What the window knows of a chosen report before comparing. */
function ChosenFacts({
  chosen,
  onClear,
  disabled,
}: {
  chosen: ChosenReport
  onClear: () => void
  disabled: boolean
}) {
  const { info, entry } = chosen
  const generatedAt = info?.generatedAt ?? entry?.createdAt ?? null
  const rows = info ? info.rowsRead : entry ? entry.rowsWritten : null
  const format = info?.format ?? entry?.format ?? null
  return (
    <div className="compare-chosen">
      <p className="compare-file">
        <SpreadsheetIcon />
        <span className="compare-file-name" title={chosen.filePath}>
          {chosen.fileName}
        </span>
        <button
          type="button"
          className="icon-button"
          onClick={onClear}
          disabled={disabled}
          aria-label={`Choose another report instead of ${chosen.fileName}`}
          title="Choose another report"
        >
          <CloseIcon />
        </button>
      </p>
      <dl className="compare-facts">
        <div>
          <dt>Source</dt>
          <dd>{sourceText(chosen)}</dd>
        </div>
        <div>
          <dt>Generated</dt>
          <dd>{generatedAt ? formatDateTime(generatedAt) : 'Read when compared'}</dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd className="compare-verdict">
            {rows !== null ? countOf(rows, 'row') : 'Read when compared'}
            {info?.madeByApp ? <ReportBadge partial={info.partial} /> : null}
            {entry ? <ReportBadge partial={entry.partial} /> : null}
          </dd>
        </div>
        {format ? (
          <div>
            <dt>Format</dt>
            <dd>{FORMAT_NAMES[format]}</dd>
          </div>
        ) : null}
        {entry ? (
          <div>
            <dt>SHA-256</dt>
            <dd>
              <HashText sha256={entry.sha256} fileName={chosen.fileName} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Integrity</dt>
          <dd className="compare-verdict">
            {info ? (
              <IntegrityBadge report={info} />
            ) : entry && !entry.exists ? (
              <MissingBadge />
            ) : (
              'Checked when you compare'
            )}
          </dd>
        </div>
      </dl>
      <p className="compare-detail">
        {info
          ? info.integrityDetail
          : entry && !entry.exists
            ? 'The file has been moved or deleted since it was written; it cannot be compared.'
            : 'Main reads its rows and checks them against the hash recorded in it: Intact, Modified or Unverified.'}
      </p>
    </div>
  )
}

function sourceText(chosen: ChosenReport): string {
  switch (chosen.source.kind) {
    case 'opened':
      return 'The report open now'
    case 'history':
      return 'Reports list'
    case 'path':
      return 'File'
  }
}

/** The ways to choose a side: the Reports list, the open dialog, the report open now (or a drop). */
function SourcePicker({ slot }: { slot: CompareSlot }) {
  const choose = useCompareStore((s) => s.choose)
  const chooseFile = useCompareStore((s) => s.chooseFile)
  const reports = useReportHistoryStore((s) => s.reports)
  const loading = useReportHistoryStore((s) => s.reportsLoading)
  const opened = useReportStore((s) => s.opened)
  const selectId = useId()
  const available = reports?.filter((report) => report.exists) ?? []

  return (
    <div className="compare-picker">
      <div className="field">
        <label htmlFor={selectId} className="field-label">
          From the Reports list
        </label>
        <select
          id={selectId}
          className="select"
          value=""
          disabled={available.length === 0}
          onChange={(event) => {
            const entry = available.find((report) => report.id === event.target.value)
            if (entry) choose(slot, chosenFromHistory(entry))
          }}
        >
          <option value="" disabled>
            {loading && reports === null
              ? 'Reading the reports list…'
              : available.length === 0
                ? 'No reports made on this computer yet'
                : `Choose one of ${countOf(available.length, 'report')}…`}
          </option>
          {available.map((report) => (
            <option key={report.id} value={report.id}>
              {formatDateTime(report.createdAt)} · {fileNameOf(report.filePath)} ·{' '}
              {countOf(report.rowsWritten, 'row')}
            </option>
          ))}
        </select>
      </div>
      <div className="compare-picker-buttons">
        <button type="button" className="button button-small" onClick={() => void chooseFile(slot)}>
          Choose a file…
        </button>
        {opened ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => choose(slot, chosenFromOpened(opened))}
            title={opened.filePath}
          >
            The report open now
          </button>
        ) : null}
      </div>
      <p className="compare-drop-hint">or drop an Excel or CSV report here</p>
    </div>
  )
}
