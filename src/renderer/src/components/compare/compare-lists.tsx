import type { ColDef, ValueGetterParams } from 'ag-grid-community'
import type { CompareList, ComparisonRow, FieldChange } from '../../../../shared/compare'
import { RECORD_FIELD_LABELS, type OptOutRecord } from '../../../../shared/records'
import { BLANK_MARKER, isBlank } from '../results/columns'
import { scopeText } from '../results/copy-text'

export const LIST_LABELS: Record<CompareList, string> = {
  removed: 'Removed',
  changed: 'Changed',
  added: 'Added',
  're-entered': 'Re-entered',
  'back-dated': 'Back-dated',
}

/** What a list holds, said once above its rows. */
export const LIST_MEANINGS: Record<CompareList, string> = {
  removed:
    'In the older report but not in the newer one: deleted from Convoso between the two (or left out by the newer report’s filters).',
  changed:
    'The same record ID in both reports with a field that differs: each change reads field: before → after.',
  added: 'In the newer report only.',
  're-entered':
    'In the newer report under a new record ID, with the phone number and scope of a record that was removed.',
  'back-dated':
    'In the newer report with an insert date before the older report was generated, yet missing from it.',
}

/** What an empty list says: "No records were removed". */
export const EMPTY_LIST_TEXT: Record<CompareList, string> = {
  removed: 'No records were removed',
  changed: 'No records were changed',
  added: 'No records were added',
  're-entered': 'No records were re-entered',
  'back-dated': 'No records were back-dated',
}

const shown = (value: string): string => (isBlank(value) ? BLANK_MARKER : value)

/** "Reason: STOP → Customer asked by phone" (a blank side shows the "(blank)" marker). */
export function changeText(change: FieldChange): string {
  return `${RECORD_FIELD_LABELS[change.field]}: ${shown(change.before)} → ${shown(change.after)}`
}

/** "ID 1042, global, inserted 2024-04-22 17:01:31, reason STOP": one earlier record of a re-entered number. */
export function previousText(record: OptOutRecord): string {
  return `ID ${record.id}, ${scopeText(record)}, inserted ${shown(record.insert_date)}, reason ${shown(record.reason)}`
}

/**
 * The grid's columns after the record's own for one list, reading from the page's rows: Changed
 * rows say what changed, Re-entered rows which removed record they replace.
 */
export function extraColumnsFor(list: CompareList, rows: readonly ComparisonRow[]): ColDef<OptOutRecord>[] {
  const byRecord = new Map(rows.map((row) => [row.record, row]))
  if (list === 'changed') {
    return [
      {
        colId: 'changes',
        headerName: 'Changes',
        headerTooltip: 'Changes: field: before → after',
        flex: 3,
        minWidth: 240,
        sortable: true,
        tooltipValueGetter: (params) => String(params.value ?? ''),
        valueGetter: (params: ValueGetterParams<OptOutRecord>) =>
          (params.data ? (byRecord.get(params.data)?.changes ?? []) : []).map(changeText).join('; '),
      },
    ]
  }
  if (list === 're-entered') {
    return [
      {
        colId: 'previous',
        headerName: 'Previous record',
        headerTooltip: 'The removed record with the same phone number and scope',
        flex: 3,
        minWidth: 240,
        sortable: true,
        tooltipValueGetter: (params) => String(params.value ?? ''),
        valueGetter: (params: ValueGetterParams<OptOutRecord>) =>
          (params.data ? (byRecord.get(params.data)?.previous ?? []) : []).map(previousText).join('; '),
      },
    ]
  }
  return []
}

/** Under a row's fields in its details panel: what the comparison found about it. */
export function ComparisonDetails({ row }: { row: ComparisonRow | undefined }) {
  if (!row) return null
  if (row.changes && row.changes.length > 0) {
    return (
      <section className="compare-details" aria-label="Changes">
        <h3 className="compare-details-title">Changed since the older report</h3>
        <ul className="compare-details-list">
          {row.changes.map((change) => (
            <li key={change.field}>
              <strong>{RECORD_FIELD_LABELS[change.field]}:</strong> <del>{shown(change.before)}</del> →{' '}
              <ins>{shown(change.after)}</ins>
            </li>
          ))}
        </ul>
      </section>
    )
  }
  if (row.previous && row.previous.length > 0) {
    return (
      <section className="compare-details" aria-label="Previous record">
        <h3 className="compare-details-title">
          {row.previous.length === 1 ? 'Previous record (removed)' : 'Previous records (removed)'}
        </h3>
        <ul className="compare-details-list">
          {row.previous.map((previous) => (
            <li key={previous.id}>{previousText(previous)}</li>
          ))}
        </ul>
      </section>
    )
  }
  return null
}
