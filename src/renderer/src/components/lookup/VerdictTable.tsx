import type { OptOutLine, VerdictRow } from './verdict-rows'

const BADGES: Record<VerdictRow['verdict'], string> = {
  'opted-out': 'badge badge-danger',
  'not-found': 'badge badge-success',
  invalid: 'badge badge-warning',
  failed: 'badge badge-warning',
  checking: 'badge verdict-badge-pending',
  'not-checked': 'badge verdict-badge-pending',
}

/**
 * One row per distinct number, in pasted order. A plain table in a scrolling
 * region that is one Tab stop: arrow keys and Page Up/Down scroll it, and the
 * text can be selected and copied. A number opted out in several places has
 * a line per place in the last three columns.
 */
export function VerdictTable({ rows }: { rows: VerdictRow[] }) {
  return (
    <div className="verdict-scroll" tabIndex={0} role="region" aria-labelledby="verdict-caption">
      <table className="verdict-table">
        <caption id="verdict-caption" className="sr-only">
          Verdicts, one per number
        </caption>
        <thead>
          <tr>
            <th scope="col" className="verdict-col-number">
              Number
            </th>
            <th scope="col" className="verdict-col-verdict">
              Verdict
            </th>
            <th scope="col">Where</th>
            <th scope="col" className="verdict-col-since">
              Since
            </th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <VerdictRowGroup key={row.key} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * One number: a table row, or one row per opt-out record with the number and
 * its verdict spanning them, so each place lines up with its date and reason.
 */
function VerdictRowGroup({ row }: { row: VerdictRow }) {
  const span = Math.max(1, row.optOuts.length)
  const [firstOptOut, ...moreOptOuts] = row.optOuts
  return (
    <>
      <tr className={`verdict-row is-${row.verdict}`}>
        <th scope="row" rowSpan={span} className="verdict-number">
          <span className={row.verdict === 'invalid' ? 'verdict-pasted' : 'mono'}>{row.number}</span>
          {row.occurrences > 1 ? (
            <span className="verdict-repeats"> pasted {row.occurrences} times</span>
          ) : null}
        </th>
        <td rowSpan={span}>
          <span className={BADGES[row.verdict]}>{row.label}</span>
          {row.detail ? <span className="verdict-detail">{row.detail}</span> : null}
        </td>
        <OptOutCells line={firstOptOut} />
      </tr>
      {moreOptOuts.map((line, index) => (
        <tr key={index} className={`verdict-row verdict-row-more is-${row.verdict}`}>
          <OptOutCells line={line} />
        </tr>
      ))}
    </>
  )
}

function OptOutCells({ line }: { line: OptOutLine | undefined }) {
  if (!line) {
    return (
      <>
        <td />
        <td />
        <td />
      </>
    )
  }
  const reason = line.reason === '' ? '(no reason recorded)' : line.reason
  return (
    <>
      <td>{line.where}</td>
      <td className="verdict-since mono">{line.since}</td>
      <td>
        {reason}
        {line.purpose ? <span className="verdict-purpose"> · purpose {line.purpose}</span> : null}
      </td>
    </>
  )
}
