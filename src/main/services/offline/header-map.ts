import { RECORD_FIELDS, RECORD_FIELD_LABELS, type RecordField } from '../../../shared/records'

/**
 * Finds the opt-out columns in a header row. Our own reports carry the labels
 * of RECORD_FIELD_LABELS; a sheet someone made by hand, or Convoso's own
 * export, may carry the raw field names instead, in any order and beside
 * columns of its own. Both are accepted, ignoring case, surrounding spaces and
 * `_` versus space, so "Phone number", "phone_number" and "PHONE NUMBER" are one
 * column. Without at least a record id and a phone number the rows would not
 * be opt-outs in any useful sense, so such a header is not recognised.
 */

/** 0-based column of each field in the row, or -1 when the sheet lacks it (read as ''). */
export type ColumnMap = Readonly<Record<RecordField, number>>

const REQUIRED: readonly RecordField[] = ['id', 'phone_number']

/** Rows looked at for a header: a hand-made sheet may have a title or a blank line above it. */
export const HEADER_SEARCH_ROWS = 10

export const HEADER_DESCRIPTION = `${RECORD_FIELD_LABELS.id}, ${RECORD_FIELD_LABELS.phone_number}, …`

function headerKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
}

const FIELD_BY_KEY: ReadonlyMap<string, RecordField> = new Map(
  RECORD_FIELDS.flatMap((field) => [
    [headerKey(RECORD_FIELD_LABELS[field]), field] as const,
    [headerKey(field), field] as const,
  ]),
)

export function recogniseHeader(cells: readonly string[]): ColumnMap | undefined {
  const columns: Record<RecordField, number> = {
    id: -1,
    phone_code: -1,
    phone_number: -1,
    reason: -1,
    purpose: -1,
    insert_date: -1,
    campaign_id: -1,
    campaign_name: -1,
  }
  cells.forEach((cell, column) => {
    const field = FIELD_BY_KEY.get(headerKey(cell))
    // The first of two same-named columns wins, as a person reading left to right would take it.
    if (field !== undefined && columns[field] === -1) columns[field] = column
  })
  return REQUIRED.every((field) => columns[field] !== -1) ? columns : undefined
}
