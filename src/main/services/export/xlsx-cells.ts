import { RECORD_FIELDS, type OptOutRecord, type RecordField } from '../../../shared/records'
import { integerCellValue, parseWallClock, xlsxCannotHold } from './cell-values'

/**
 * Decides each XLSX cell of a batch of records: its value (text, whole number
 * or date) and which of the sheet's shared styles it takes. Kept apart from
 * the exceljs calls, so the rules are tested on their own and the writer only
 * feeds exceljs.
 */

/** Index into the writer's shared style objects; one per kind of cell. */
export const CellStyle = { text: 0, integer: 1, dateTime: 2, date: 3 } as const
export type CellStyle = (typeof CellStyle)[keyof typeof CellStyle]

export type PreparedValue = string | number | Date | null | { richText: { text: string }[] }

export interface PreparedRows {
  /** Row after row, `RECORD_FIELDS.length` cells each. */
  values: PreparedValue[]
  /** The style of each cell in `values`. */
  styles: Uint8Array
  rows: number
  /** Cells whose text XLSX cannot hold exactly (control characters, over-long text). */
  cellsAltered: number
}

export const CELLS_PER_ROW = RECORD_FIELDS.length

/** Columns whose whole-number text becomes a number cell; the phone columns never do. */
const NUMERIC_FIELDS: ReadonlySet<RecordField> = new Set<RecordField>(['id', 'campaign_id'])

/**
 * Strings are never formulas in exceljs (a formula needs `{ formula }`), so `=…` stays text.
 * exceljs writes a plain string as `<v>text</v>` with no `xml:space="preserve"`, and
 * LibreOffice reads a whitespace-only `<v>` as empty: text with leading or trailing
 * whitespace goes out as an inline rich-text run, whose `<t>` exceljs marks preserved.
 */
function textValue(text: string): PreparedValue {
  return /^\s|\s$/.test(text) ? { richText: [{ text }] } : text
}

export function prepareRows(records: readonly OptOutRecord[]): PreparedRows {
  const values: PreparedValue[] = new Array<PreparedValue>(records.length * CELLS_PER_ROW)
  const styles = new Uint8Array(records.length * CELLS_PER_ROW)
  let cellsAltered = 0
  let at = 0
  for (const record of records) {
    for (const field of RECORD_FIELDS) {
      const text = record[field]
      let value: PreparedValue = null
      let style: CellStyle = CellStyle.text
      // An empty value is a blank cell, not an empty string: Excel counts "" as filled (COUNTA, filters).
      if (text !== '') {
        if (xlsxCannotHold(text)) cellsAltered += 1
        const date = field === 'insert_date' ? parseWallClock(text) : undefined
        const number = NUMERIC_FIELDS.has(field) ? integerCellValue(text) : undefined
        if (date) {
          value = date.date
          style = date.hasTime ? CellStyle.dateTime : CellStyle.date
        } else if (number !== undefined) {
          value = number
          style = CellStyle.integer
        } else {
          value = textValue(text)
        }
      }
      values[at] = value
      styles[at] = style
      at += 1
    }
  }
  return { values, styles, rows: records.length, cellsAltered }
}
