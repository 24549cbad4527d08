import type { VerdictRow } from './verdict-rows'

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
 * text can be selected and copied. A number opted out in several places lists
 * each place on its own line in the last three columns.
 */
export function VerdictTable({ rows }: { rows: VerdictRow[] }) {
  return (
    <div className="verdict-scroll" tabIndex={0} role="region" aria-labelledby="verdict-caption">
      <table className="verdict-table">
        <caption id="verdict-caption" className="sr-only">
          Verdicts, one row per number
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
            <tr key={row.key} className={`verdict-row is-${row.verdict}`}>
              <th scope="row" className="verdict-number">
                <span className={row.verdict === 'invalid' ? 'verdict-pasted' : 'mono'}>{row.number}</span>
                {row.occurrences > 1 ? (
                  <span className="verdict-repeats"> pasted {row.occurrences} times</span>
                ) : null}
              </th>
              <td>
                <span className={BADGES[row.verdict]}>{row.label}</span>
                {row.detail ? <span className="verdict-detail">{row.detail}</span> : null}
              </td>
              <td>
                <Lines values={row.optOuts.map((line) => line.where)} />
              </td>
              <td className="mono">
                <Lines values={row.optOuts.map((line) => line.since)} />
              </td>
              <td>
                <Lines
                  values={row.optOuts.map((line) =>
                    [
                      line.reason === '' ? '(no reason recorded)' : line.reason,
                      line.purpose && `purpose ${line.purpose}`,
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  )}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Lines({ values }: { values: string[] }) {
  if (values.length === 0) return null
  if (values.length === 1) return <>{values[0]}</>
  return (
    <ul className="verdict-lines">
      {values.map((value, index) => (
        <li key={index}>{value}</li>
      ))}
    </ul>
  )
}
