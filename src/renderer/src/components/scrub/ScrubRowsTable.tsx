import type { OptOutRecord } from '../../../../shared/records'
import type { ScrubRow } from '../../../../shared/scrub-result'
import { formatCount } from '../../lib/format'
import { SCRUB_PAGE_SIZE, useScrubStore, type ResultsPageState } from '../../stores/scrub'
import { Alert, Spinner } from '../Alert'
import { ChevronLeftIcon, ChevronRightIcon } from '../Icons'

/** Verdicts whose rows carry opt-out records: their where, since and reason get columns. */
const WITH_RECORDS = new Set(['do-not-send', 'review', 'clear'])

/**
 * One page of a verdict's rows (main pages them, so a million-row list never
 * sits in the window): the row in the file, the number as written and as
 * read, why, and for opted-out numbers each record's where, since and reason.
 */
export function ScrubRowsTable({ page }: { page: ResultsPageState }) {
  const showPage = useScrubStore((s) => s.showPage)
  const withRecords = WITH_RECORDS.has(page.verdict)
  const first = page.total === 0 ? 0 : page.offset + 1
  const last = page.offset + page.rows.length
  const range =
    page.total === 0
      ? 'No rows'
      : `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(page.total)}`

  return (
    <>
      {page.error ? <Alert tone="error">{page.error.message}</Alert> : null}
      <div
        className="scrub-table-scroll scrub-rows"
        tabIndex={0}
        role="region"
        aria-labelledby="scrub-rows-caption"
        aria-busy={page.loading}
      >
        <table className="scrub-table">
          <caption id="scrub-rows-caption" className="sr-only">
            Rows of the send list with this verdict
          </caption>
          <thead>
            <tr>
              <th scope="col" className="numeric">
                Row
              </th>
              <th scope="col">In the file</th>
              <th scope="col">Reads as</th>
              <th scope="col">Why</th>
              {withRecords ? (
                <>
                  <th scope="col">Where</th>
                  <th scope="col">Since</th>
                  <th scope="col">Reason</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <Row key={row.row} row={row} withRecords={withRecords} />
            ))}
          </tbody>
        </table>
        {page.loading && page.rows.length === 0 ? (
          <p className="scrub-table-note" role="status">
            <Spinner /> Loading the rows…
          </p>
        ) : null}
        {!page.loading && page.total === 0 ? (
          <p className="scrub-table-note">No rows have this verdict.</p>
        ) : null}
      </div>
      <nav className="pager scrub-pager" aria-label="Rows of this verdict">
        <span className="pager-range">{range}</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Previous rows"
          disabled={page.loading || page.offset === 0}
          onClick={() => void showPage(Math.max(0, page.offset - SCRUB_PAGE_SIZE))}
        >
          <ChevronLeftIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next rows"
          disabled={page.loading || last >= page.total}
          onClick={() => void showPage(page.offset + SCRUB_PAGE_SIZE)}
        >
          <ChevronRightIcon />
        </button>
      </nav>
    </>
  )
}

function Row({ row, withRecords }: { row: ScrubRow; withRecords: boolean }) {
  return (
    <tr>
      <td className="numeric">{formatCount(row.row)}</td>
      <td className="mono">{row.input}</td>
      <td className="mono">{row.e164 ?? ''}</td>
      <td>{row.why}</td>
      {withRecords ? (
        <>
          <td>{lines(row.records, where)}</td>
          <td className="mono">{lines(row.records, (record) => record.insert_date)}</td>
          <td>{lines(row.records, reason)}</td>
        </>
      ) : null}
    </tr>
  )
}

function lines(records: OptOutRecord[], text: (record: OptOutRecord) => string) {
  return records.map((record) => (
    <span key={record.id} className="scrub-line">
      {text(record)}
    </span>
  ))
}

function where(record: OptOutRecord): string {
  if (record.campaign_id === '0') return 'global'
  if (record.campaign_id === '-1') return 'purpose-type (campaign -1)'
  const name = record.campaign_name ? ` (${record.campaign_name})` : ''
  return `campaign ${record.campaign_id}${name}`
}

function reason(record: OptOutRecord): string {
  const text = record.reason === '' ? '(no reason recorded)' : record.reason
  return record.purpose ? `${text} · purpose ${record.purpose}` : text
}
