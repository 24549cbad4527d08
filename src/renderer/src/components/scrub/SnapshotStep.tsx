import { useEffect, useId } from 'react'
import type { ReportEntry } from '../../../../shared/exports'
import type { ReportInfo } from '../../../../shared/offline'
import { DEFAULT_SNAPSHOT_MAX_AGE_HOURS } from '../../../../shared/scrub'
import { countOf, fileNameOf, formatCount, formatDateTime } from '../../lib/format'
import { useExportsStore } from '../../stores/exports'
import { useReportHistoryStore } from '../../stores/report-history'
import { useReportStore } from '../../stores/report'
import { campaignProblem, runUnavailableReason, useScrubStore } from '../../stores/scrub'
import { useSessionStore } from '../../stores/session'
import { useSettingsStore } from '../../stores/settings'
import { Alert, Spinner } from '../Alert'
import { Meter } from '../Meter'
import { IntegrityBadge } from '../ReportBanner'
import { ReportBadge } from '../ReportParts'
import { ageText, olderThan } from './age'

/**
 * Step 2: what the list is checked against and by which rules. The snapshot
 * is the report open now, one from the Reports list, or a fresh export of
 * every opt-out made here (offered first when the chosen one is older than
 * the age set in Settings). Then the campaign the list is sent for, and what
 * to do with purpose-scoped opt-outs.
 */
export function SnapshotStep() {
  const opened = useReportStore((s) => s.opened)
  const reports = useReportHistoryStore((s) => s.reports)
  const loadReports = useReportHistoryStore((s) => s.loadReports)
  const settings = useSettingsStore((s) => s.settings)
  const snapshot = useScrubStore((s) => s.snapshot)
  const chooseSnapshot = useScrubStore((s) => s.chooseSnapshot)
  const goTo = useScrubStore((s) => s.goTo)
  const run = useScrubStore((s) => s.run)
  const state = useScrubStore()
  const historyId = useId()
  const maxAge = settings?.snapshotMaxAgeHours ?? DEFAULT_SNAPSHOT_MAX_AGE_HOURS
  const usable = (reports ?? []).filter((report) => report.exists)
  const chosenEntry =
    snapshot?.kind === 'history' ? usable.find((r) => r.id === snapshot.reportId) : undefined

  useEffect(() => {
    void loadReports()
  }, [loadReports])

  // The report open now is the natural snapshot; else the newest export of everything.
  useEffect(() => {
    if (snapshot !== null) return
    if (opened) chooseSnapshot({ kind: 'opened' })
    else {
      const newest = usable.find((report) => report.scope === 'all') ?? usable[0]
      if (newest) chooseSnapshot({ kind: 'history', reportId: newest.id })
    }
  }, [snapshot, opened, usable, chooseSnapshot])

  const chosenAt =
    snapshot?.kind === 'opened' ? (opened?.generatedAt ?? null) : (chosenEntry?.createdAt ?? null)
  const stale = snapshot === null || olderThan(chosenAt, maxAge)
  const reason = runUnavailableReason(state)

  return (
    <section className="scrub-step" aria-labelledby="scrub-snapshot-title">
      <h2 id="scrub-snapshot-title" tabIndex={-1} className="scrub-step-title">
        2. Snapshot and rules
      </h2>
      <fieldset className="scrub-fieldset">
        <legend className="field-label">Check the list against</legend>
        <label className={`scrub-choice${opened ? '' : ' is-disabled'}`}>
          <input
            type="radio"
            name="scrub-snapshot"
            checked={snapshot?.kind === 'opened'}
            disabled={!opened}
            onChange={() => chooseSnapshot({ kind: 'opened' })}
          />
          <span className="scrub-choice-body">
            <span className="scrub-choice-title">The report open now</span>
            {opened ? <OpenedFacts report={opened} /> : <span className="muted">No report is open.</span>}
          </span>
        </label>
        <label className={`scrub-choice${usable.length > 0 ? '' : ' is-disabled'}`}>
          <input
            type="radio"
            name="scrub-snapshot"
            checked={snapshot?.kind === 'history'}
            disabled={usable.length === 0}
            onChange={() => {
              const first = chosenEntry ?? usable[0]
              if (first) chooseSnapshot({ kind: 'history', reportId: first.id })
            }}
          />
          <span className="scrub-choice-body">
            <span className="scrub-choice-title">A report from the Reports list</span>
            {usable.length === 0 ? <span className="muted">No export on this computer yet.</span> : null}
          </span>
        </label>
        {usable.length > 0 ? (
          <div className="field scrub-history">
            <label htmlFor={historyId} className="sr-only">
              Report from the Reports list
            </label>
            <select
              id={historyId}
              className="select"
              value={chosenEntry?.id ?? ''}
              onChange={(event) => chooseSnapshot({ kind: 'history', reportId: event.target.value })}
            >
              {chosenEntry ? null : <option value="">Choose a report</option>}
              {usable.map((report) => (
                <option key={report.id} value={report.id}>
                  {historyLabel(report)}
                </option>
              ))}
            </select>
            {chosenEntry ? <HistoryFacts report={chosenEntry} /> : null}
          </div>
        ) : null}
        <FreshExport stale={stale} chosenAt={chosenAt} maxAge={maxAge} hasSnapshot={snapshot !== null} />
      </fieldset>
      <Rules />
      <div className="scrub-step-actions">
        <button type="button" className="button" onClick={() => goTo('list')}>
          Back
        </button>
        <span className="muted grow">{reason}</span>
        <button
          type="button"
          className="button button-primary"
          disabled={reason !== null}
          onClick={() => void run()}
        >
          Scrub the list
        </button>
      </div>
    </section>
  )
}

function historyLabel(report: ReportEntry): string {
  const age = ageText(report.createdAt)
  return `${fileNameOf(report.filePath)} · ${report.filtersDescription} · ${countOf(report.rowsWritten, 'row')}${age ? ` · ${age} old` : ''}`
}

function OpenedFacts({ report }: { report: ReportInfo }) {
  const age = ageText(report.generatedAt)
  return (
    <span className="scrub-facts">
      <strong title={report.filePath}>{report.fileName}</strong>
      <IntegrityBadge report={report} />
      {report.madeByApp ? <ReportBadge partial={report.partial} /> : null}
      <span>
        {report.generatedAt
          ? `generated ${formatDateTime(report.generatedAt)}`
          : 'no generation time recorded'}
        {age ? ` (${age} old)` : ''}
      </span>
      <span>{countOf(report.rowsRead, 'row')}</span>
      {report.filtersDescription ? <span>filters: {report.filtersDescription}</span> : null}
    </span>
  )
}

function HistoryFacts({ report }: { report: ReportEntry }) {
  const age = ageText(report.createdAt)
  return (
    <p className="scrub-facts">
      <ReportBadge partial={report.partial} />
      <span>
        made {formatDateTime(report.createdAt)}
        {age ? ` (${age} old)` : ''}
      </span>
      <span>{formatCount(report.rowsWritten)} rows</span>
      <span>filters: {report.filtersDescription}</span>
    </p>
  )
}

/**
 * "Make a fresh full export now": the ordinary export with no filter, from
 * Convoso; its report becomes the snapshot when it is done. Offered first
 * when the chosen snapshot is older than the age set in Settings.
 */
function FreshExport({
  stale,
  chosenAt,
  maxAge,
  hasSnapshot,
}: {
  stale: boolean
  chosenAt: string | null
  maxAge: number
  hasSnapshot: boolean
}) {
  const fresh = useScrubStore((s) => s.fresh)
  const make = useScrubStore((s) => s.makeFreshExport)
  const cancel = useScrubStore((s) => s.cancelFreshExport)
  const exportStatus = useExportsStore((s) => s.status)
  const mode = useSessionStore((s) => s.status?.mode)
  const reportOpen = useReportStore((s) => s.opened !== null)
  const running = fresh.phase === 'starting' || fresh.phase === 'running'
  const unavailable =
    mode !== 'live' && mode !== 'demo'
      ? 'Connect to Convoso to export every opt-out now.'
      : reportOpen
        ? 'A report is open, so an export would copy it: close the report to export from Convoso.'
        : null

  const button = (
    <button
      type="button"
      className={`button${stale ? ' button-primary' : ''}`}
      onClick={() => void make()}
      disabled={running || unavailable !== null}
    >
      {running ? <Spinner /> : null}
      Make a fresh full export now
    </button>
  )

  let body
  if (fresh.phase === 'running' && exportStatus?.jobId === fresh.jobId && exportStatus.state === 'running') {
    const done = exportStatus.rowsDone
    const expected = exportStatus.rowsExpected ?? 0
    const text = `${formatCount(done)} of ${formatCount(expected)} opt-outs exported`
    body = (
      <div className="scrub-fresh-progress">
        <Meter label="Fresh export" now={done} max={expected} valueText={text}>
          <span>{text}</span>
          <span>{fileNameOf(fresh.filePath)}</span>
        </Meter>
        <button type="button" className="button button-small" onClick={() => void cancel()}>
          Cancel export
        </button>
      </div>
    )
  } else if (running) {
    body = (
      <p role="status" className="scrub-reading">
        <Spinner /> Starting the export of every opt-out…
      </p>
    )
  } else if (fresh.phase === 'done') {
    body = (
      <p role="status" className="scrub-fresh-done">
        Exported {fileNameOf(fresh.filePath)}: it is the snapshot now.
      </p>
    )
  } else if (fresh.phase === 'error') {
    body = (
      <Alert tone="error" title="The fresh export did not work">
        {fresh.error.message}
      </Alert>
    )
  } else if (fresh.phase === 'cancelled') {
    body = (
      <p role="status" className="muted">
        The fresh export was cancelled; nothing was saved.
      </p>
    )
  }

  const age = ageText(chosenAt)
  const why = !hasSnapshot
    ? 'There is no snapshot yet: export every opt-out now (saved as a report, listed under Reports).'
    : stale
      ? `The chosen snapshot is ${age ? `${age} old` : 'of unknown age'}, more than the ${countOf(maxAge, 'hour')} set in Settings: opt-outs made since are not in it.`
      : null

  return (
    <div className={`scrub-fresh${stale ? ' is-offered' : ''}`}>
      {why ? <p className="scrub-fresh-why">{why}</p> : null}
      <div className="scrub-fresh-actions">
        {button}
        {unavailable ? <span className="muted small">{unavailable}</span> : null}
      </div>
      {body}
    </div>
  )
}

function Rules() {
  const campaignId = useScrubStore((s) => s.campaignId)
  const setCampaignId = useScrubStore((s) => s.setCampaignId)
  const purposeScoped = useScrubStore((s) => s.purposeScoped)
  const setPurposeScoped = useScrubStore((s) => s.setPurposeScoped)
  const campaignInputId = useId()
  const problem = campaignProblem(campaignId)

  return (
    <fieldset className="scrub-fieldset">
      <legend className="field-label">Rules</legend>
      <div className="field scrub-campaign">
        <label htmlFor={campaignInputId} className="field-label">
          Campaign for this send (optional)
        </label>
        <input
          id={campaignInputId}
          className="input"
          inputMode="numeric"
          value={campaignId}
          placeholder="e.g. 42"
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${campaignInputId}-hint${problem ? ` ${campaignInputId}-error` : ''}`}
          onChange={(event) => setCampaignId(event.target.value)}
        />
        {problem ? (
          <p id={`${campaignInputId}-error`} className="field-error">
            {problem}
          </p>
        ) : null}
        <p id={`${campaignInputId}-hint`} className="field-hint">
          Global opt-outs always count. With a campaign, its own opt-outs count too; opt-outs of other
          campaigns only are noted, not held back.
        </p>
      </div>
      <div role="radiogroup" aria-labelledby="scrub-purpose-label" className="scrub-radios">
        <span id="scrub-purpose-label" className="field-label">
          Purpose-scoped opt-outs (campaign -1 or a purpose)
        </span>
        <label className="scrub-radio">
          <input
            type="radio"
            name="scrub-purpose"
            checked={purposeScoped === 'hold'}
            onChange={() => setPurposeScoped('hold')}
          />
          Hold back for review (not in the clean list)
        </label>
        <label className="scrub-radio">
          <input
            type="radio"
            name="scrub-purpose"
            checked={purposeScoped === 'send'}
            onChange={() => setPurposeScoped('send')}
          />
          Send (in the clean list, still listed for review)
        </label>
      </div>
    </fieldset>
  )
}
