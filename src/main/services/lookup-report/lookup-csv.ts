import { CSV_LINE_END, csvField, neutralise, UTF8_BOM } from '../export/csv-writer'
import { VERDICT_COLUMNS, type VerdictRow } from './verdict-table'

/**
 * The lookup report as one CSV file, with the export's rules (RFC 4180, CRLF,
 * UTF-8 with a byte-order mark, formula-like text given a leading `'`): first
 * the metadata as `label,value` lines, then a blank line, then the verdict
 * table with its header. One self-describing file rather than a CSV and a
 * `.report.json`: a lookup report is small and read by people, and what it is
 * must not get separated from it.
 */

export interface LookupCsv {
  /** The metadata lines and the table, built by `finish`. */
  text: string
  formulaCellsNeutralised: number
}

const line = (cells: readonly string[]): string => cells.map(csvField).join(',') + CSV_LINE_END

/**
 * `metadataFor` gets the number of cells the guard changed, so the metadata can
 * say so; its own cells pass the same guard (they are not counted again).
 */
export function lookupCsv(
  rows: readonly VerdictRow[],
  metadataFor: (formulaCellsNeutralised: number) => [string, string | number][],
): LookupCsv {
  let neutralised = 0
  const guarded = (value: string): string => {
    const cell = neutralise(value)
    if (cell.neutralised) neutralised += 1
    return cell.text
  }
  let table = line(VERDICT_COLUMNS.map((column) => column.label))
  for (const row of rows) table += line(VERDICT_COLUMNS.map((column) => guarded(String(row[column.key]))))
  const counted = neutralised
  let head = ''
  for (const [label, value] of metadataFor(counted)) head += line([guarded(label), guarded(String(value))])
  return { text: UTF8_BOM + head + CSV_LINE_END + table, formulaCellsNeutralised: counted }
}
