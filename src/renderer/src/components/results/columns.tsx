import type { ColDef, ICellRendererParams, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community'
import {
  campaignLabel,
  RECORD_FIELD_LABELS,
  RECORD_FIELDS,
  type OptOutRecord,
  type RecordField,
} from '../../../../shared/records'
import { compareRecordValues } from '../../lib/compare'
import { phoneDisplay } from '../../lib/format'

const NUMERIC_FIELDS = new Set<RecordField>(['id', 'phone_code', 'phone_number', 'campaign_id'])

/** Fields whose blank value is itself a finding ("Reason blank" reviews): the cell says "(blank)". */
export const BLANK_MARKED_FIELDS: ReadonlySet<RecordField> = new Set<RecordField>(['reason', 'purpose'])

export const BLANK_MARKER = '(blank)'

export function isBlank(value: string): boolean {
  return value.trim() === ''
}

/**
 * Widths that fit each header in full at the bold 12 px header font (with the sort arrow once sorted);
 * reason and campaign name share what is left.
 */
const WIDTHS: Record<RecordField, { width?: number; flex?: number; minWidth: number }> = {
  id: { width: 108, minWidth: 100 },
  phone_code: { width: 118, minWidth: 112 },
  phone_number: { width: 150, minWidth: 138 },
  reason: { flex: 3, minWidth: 170 },
  purpose: { width: 104, minWidth: 96 },
  insert_date: { width: 168, minWidth: 150 },
  campaign_id: { width: 128, minWidth: 122 },
  campaign_name: { flex: 2, minWidth: 150 },
}

/** A styled marker in an empty reason or purpose, so a blank reads as a fact, not a gap. */
function BlankMarker() {
  return <span className="cell-blank">{BLANK_MARKER}</span>
}

/** The number formatted for its country; Convoso's exact text when it cannot be read as a number. */
export function phoneNumberText(record: Pick<OptOutRecord, 'phone_code' | 'phone_number'>): string {
  return phoneDisplay(record.phone_code, record.phone_number)?.national ?? record.phone_number
}

export const COLUMN_DEFS: ColDef<OptOutRecord>[] = RECORD_FIELDS.map((field) => {
  const label = RECORD_FIELD_LABELS[field]
  const column: ColDef<OptOutRecord> = {
    colId: field,
    headerName: label,
    headerTooltip: label,
    ...WIDTHS[field],
    comparator: compareRecordValues,
    cellClass: NUMERIC_FIELDS.has(field) || field === 'insert_date' ? 'cell-numeric' : undefined,
    // Long reasons and campaign names show in full on hover (only when cut off, see tooltipShowMode).
    tooltip: field === 'reason' || field === 'campaign_name' ? true : undefined,
  }
  if (field === 'campaign_name') {
    // Campaign 0 is the global list; Convoso leaves its name empty.
    column.valueGetter = (params: ValueGetterParams<OptOutRecord>) =>
      params.data ? campaignLabel(params.data) : ''
  } else {
    // The value stays exactly as Convoso sent it (sorting, copying): insert dates are never parsed or shifted.
    column.field = field
  }
  if (field === 'phone_number') {
    // Display only: the value (sorting, copy, export) stays Convoso's text.
    column.valueFormatter = (params: ValueFormatterParams<OptOutRecord, string>) =>
      params.data ? phoneNumberText(params.data) : (params.value ?? '')
  }
  if (BLANK_MARKED_FIELDS.has(field)) {
    // Only blank cells get a component; every other cell keeps the grid's plain text rendering.
    column.cellRendererSelector = (params: ICellRendererParams<OptOutRecord, string>) =>
      isBlank(params.value ?? '') ? { component: BlankMarker } : undefined
  }
  return column
})
