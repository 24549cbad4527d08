import {
  campaignLabel,
  RECORD_FIELD_LABELS,
  RECORD_FIELDS,
  type OptOutRecord,
  type RecordField,
} from '../../../../shared/records'
import { phoneDisplay } from '../../lib/format'
import { BLANK_MARKER, isBlank } from './columns'

/**
 * What the grid's Copy actions put on the clipboard. Cells and rows carry Convoso's exact text, as an
 * export writes it (no "(blank)" marker, no formatting), so a paste into a spreadsheet matches a report.
 */

/** A tab or line break inside a value would split a spreadsheet cell or row: each becomes one space. */
function tsvValue(value: string): string {
  return value.replace(/\r\n|[\t\r\n]/g, ' ')
}

export function cellCopyText(record: OptOutRecord, field: RecordField): string {
  return record[field]
}

/** Rows as tab-separated text with a header line of the report's column names, ready to paste into a sheet. */
export function rowsCopyText(records: readonly OptOutRecord[]): string {
  const header = RECORD_FIELDS.map((field) => RECORD_FIELD_LABELS[field]).join('\t')
  const lines = records.map((record) => RECORD_FIELDS.map((field) => tsvValue(record[field])).join('\t'))
  return [header, ...lines].join('\n')
}

/** The number with its country code (`+1 818 123 3567`), or `+<code> <Convoso's text>` when it cannot be read. */
export function phoneCopyText(record: Pick<OptOutRecord, 'phone_code' | 'phone_number'>): string {
  const display = phoneDisplay(record.phone_code, record.phone_number)
  if (display) return display.international
  return record.phone_code === '' ? record.phone_number : `+${record.phone_code} ${record.phone_number}`
}

/** Global (campaign 0) or the one campaign the opt-out applies to. */
export function scopeText(record: Pick<OptOutRecord, 'campaign_id' | 'campaign_name'>): string {
  if (record.campaign_id === '0') return 'Global: every campaign'
  const name = campaignLabel(record)
  return `Campaign ${record.campaign_id}${name ? ` (${name})` : ''} only`
}

/** One labelled line per field, for pasting a record into a ticket or an email (the detail panel's Copy). */
export function recordCopyText(record: OptOutRecord): string {
  const shown = (value: string) => (isBlank(value) ? BLANK_MARKER : value)
  const display = phoneDisplay(record.phone_code, record.phone_number)
  const lines = [
    `Phone number: ${display ? `${display.international} (stored as ${record.phone_number})` : shown(record.phone_number)}`,
    `Phone code: ${shown(record.phone_code)}`,
    `Opt-out: ${scopeText(record)}`,
    `Reason: ${shown(record.reason)}`,
    `Purpose: ${shown(record.purpose)}`,
    `Insert date: ${shown(record.insert_date)}`,
    `Record ID: ${shown(record.id)}`,
    `Campaign ID: ${shown(record.campaign_id)}`,
    `Campaign name: ${shown(record.campaign_name)}`,
    ...Object.entries(record.extra ?? {}).map(([name, value]) => `${name}: ${shown(value)}`),
  ]
  return lines.join('\n')
}
