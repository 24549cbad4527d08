import type { CompareList } from '../../../shared/compare'
import {
  RECORD_FIELDS,
  RECORD_FIELD_LABELS,
  type OptOutRecord,
  type RecordField,
} from '../../../shared/records'
import type { Comparison } from './kept-comparisons'
import { comparisonRow, listRows, olderOfChanged } from './compare-search'

/**
 * Each list of a comparison as a table, the same for its XLSX sheet and its
 * CSV file. Removed, added, re-entered and back-dated rows are the record's
 * eight fields (re-entered adds the ids and insert dates of the removed records
 * it replaces). A changed record is ONE row: its id, which fields changed, and
 * each field before and after side by side. An auditor filters and sorts a
 * sheet; a before row and an after row would come apart under either.
 */

/** How a column's text becomes a spreadsheet cell: a whole-number id, a Convoso date, or text. */
export type CellKind = 'id' | 'date' | 'text'

export interface TableColumn {
  label: string
  width: number
  kind: CellKind
}

export const LIST_TITLES: Record<CompareList, string> = {
  removed: 'Removed',
  changed: 'Changed',
  added: 'Added',
  're-entered': 'Re-entered',
  'back-dated': 'Back-dated',
}

const WIDTHS: Record<RecordField, number> = {
  id: 12,
  phone_code: 11,
  phone_number: 16,
  reason: 40,
  purpose: 14,
  insert_date: 20,
  campaign_id: 13,
  campaign_name: 28,
}
const kindOf = (field: RecordField): CellKind =>
  field === 'id' || field === 'campaign_id' ? 'id' : field === 'insert_date' ? 'date' : 'text'

const RECORD_COLUMNS: TableColumn[] = RECORD_FIELDS.map((field) => ({
  label: RECORD_FIELD_LABELS[field],
  width: WIDTHS[field],
  kind: kindOf(field),
}))
const CHANGED_FIELDS = RECORD_FIELDS.filter((field) => field !== 'id')

export function tableColumns(list: CompareList): TableColumn[] {
  if (list === 'changed') {
    return [
      { label: RECORD_FIELD_LABELS.id, width: 12, kind: 'id' },
      { label: 'Changed fields', width: 28, kind: 'text' },
      ...CHANGED_FIELDS.flatMap((field) => [
        { label: `${RECORD_FIELD_LABELS[field]} before`, width: WIDTHS[field], kind: kindOf(field) },
        { label: `${RECORD_FIELD_LABELS[field]} after`, width: WIDTHS[field], kind: kindOf(field) },
      ]),
    ]
  }
  if (list === 're-entered') {
    return [
      ...RECORD_COLUMNS,
      { label: 'Removed record IDs (same phone and scope)', width: 24, kind: 'text' },
      { label: 'Removed records inserted', width: 24, kind: 'text' },
    ]
  }
  return RECORD_COLUMNS
}

/** One table row: its cells, and the records the list's row hash covers (changed: before, then after). */
export interface TableRow {
  cells: string[]
  hashed: OptOutRecord[]
}

const fieldsOf = (record: OptOutRecord): string[] => RECORD_FIELDS.map((field) => record[field])

/** Every row of one list, in list order, a batch at a time (a list may hold a million rows). */
export function* tableRows(comparison: Comparison, list: CompareList, batch = 1000): Generator<TableRow[]> {
  const { store, rows } = listRows(comparison, list)
  const changedFrom = list === 'changed' ? olderOfChanged(comparison) : undefined
  for (let first = 0; first < rows.length; first += batch) {
    const out: TableRow[] = []
    for (let at = first; at < Math.min(rows.length, first + batch); at += 1) {
      const row = comparisonRow(comparison, list, store, rows[at] as number, changedFrom)
      if (list === 'changed') {
        const before = comparison.older.record(changedFrom?.get(rows[at] as number) ?? 0)
        const changed = new Set((row.changes ?? []).map((change) => change.field))
        out.push({
          cells: [
            row.record.id,
            CHANGED_FIELDS.filter((field) => changed.has(field))
              .map((field) => RECORD_FIELD_LABELS[field])
              .join(', '),
            ...CHANGED_FIELDS.flatMap((field) => [before[field], row.record[field]]),
          ],
          hashed: [before, row.record],
        })
      } else if (list === 're-entered') {
        const previous = row.previous ?? []
        out.push({
          cells: [
            ...fieldsOf(row.record),
            previous.map((record) => record.id).join(', '),
            previous.map((record) => record.insert_date).join(', '),
          ],
          hashed: [row.record],
        })
      } else {
        out.push({ cells: fieldsOf(row.record), hashed: [row.record] })
      }
    }
    yield out
  }
}
