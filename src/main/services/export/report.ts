import type { ReportFormat } from '../../../shared/exports'
import { SEARCH_PARAM_FIELDS, type SearchParams } from '../../../shared/filters'
import { CANONICAL_FORM_DESCRIPTION, CANONICAL_FORM_ID } from './canonical-hash'

/** The workbook's sheets: the rows, and the report's own record. The reader finds them by these names. */
export const DATA_SHEET_NAME = 'Opt-outs'
export const REPORT_SHEET_NAME = 'Report'

/**
 * What an export says about itself: the same facts go to the XLSX "Report"
 * sheet and to the CSV's `.report.json`, so an auditor can tell how, when and
 * from what a report was made, and whether it is complete.
 */

/** The rows an export covers: one page of the search, or every row it can reach. */
export type ExportRange = { kind: 'page'; offset: number; limit: number } | { kind: 'all' }

/** For a report made from an opened report file rather than from Convoso. */
export interface ExportSource {
  fileName: string
  generatedAt?: string
  sha256?: string
}

export interface ExportMetadata {
  format: ReportFormat
  generatedAt: Date
  appVersion: string
  apiBase: string
  filtersDescription: string
  params: SearchParams
  scope: ExportRange
  totalAtStart: number
  totalAtEnd: number
  rowsWritten: number
  duplicatesRemoved: number
  dataChanged: boolean
  /** Why the data is known to have changed; empty when it did not. */
  changes: string[]
  partial: boolean
  /** Matching rows Convoso lets no client page to (total beyond the 1,001,000-row reach). */
  unreachableRows: number
  sha256: string
  /** CSV only: cells given a leading `'` so a spreadsheet cannot run them as formulas. */
  formulaCellsNeutralised?: number
  /** XLSX only: cells whose text the file format cannot hold exactly (see xlsx-writer.ts). */
  cellsAlteredByXlsx?: number
  source?: ExportSource
}

const count = (value: number): string => value.toLocaleString('en-US')
const pad = (value: number, width = 2): string => String(Math.abs(value)).padStart(width, '0')

/** `2025-03-01 14:03:22 (UTC+01:00)`: the computer's local time, with its offset spelled out. */
export function formatLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
    `(UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)})`
  )
}

/** The search fields as sent to Convoso, in the order the client sends them; empty fields were not sent. */
export function paramsAsSent(params: SearchParams): Record<string, string> {
  const sent: Record<string, string> = {}
  for (const field of SEARCH_PARAM_FIELDS) {
    const value = params[field]
    if (typeof value === 'string' && value.trim() !== '') sent[field] = value
  }
  // A range is sent as each of its days in turn; the record says so rather than naming one day.
  if (sent.insert_date && params.insert_date_to) {
    sent.insert_date = `each day from ${sent.insert_date} to ${params.insert_date_to}, one search per day`
  }
  return sent
}

export function describeScope(scope: ExportRange): string {
  if (scope.kind === 'all') return 'All matching records'
  return `This page only: rows ${count(scope.offset + 1)} to ${count(scope.offset + scope.limit)} of the search`
}

export function describeCompleteness(metadata: ExportMetadata): string {
  if (metadata.partial) {
    return (
      `PARTIAL: Convoso lets an app reach only the first 1,001,000 records of one filter; ` +
      `${count(metadata.unreachableRows)} matching records are not in this report. ` +
      'Narrow the filters (e.g. by campaign or insert date) and export each part.'
    )
  }
  return metadata.scope.kind === 'all' ? 'Complete: every matching record' : 'Complete for the page exported'
}

/** The Report sheet's labels that a reader looks for; the writer and the offline reader share them. */
export const REPORT_LABELS = {
  title: 'Report',
  generatedAtUtc: 'Generated at (UTC)',
  appVersion: 'App version',
  apiBase: 'API base',
  filters: 'Filters',
  paramsAsSent: 'Filters as sent to Convoso',
  rowsWritten: 'Rows written',
  completeness: 'Completeness',
  rowHash: 'Row hash (SHA-256)',
  rowHashMethod: 'Row hash method',
  cellsAlteredByXlsx: 'Cells XLSX cannot hold exactly',
} as const

/** The rows of the Report sheet: a label and a text or number value. */
export function reportEntries(metadata: ExportMetadata): [string, string | number][] {
  const entries: [string, string | number][] = [
    [REPORT_LABELS.title, 'Opt-Out Desk: SMS opt-out export from Convoso'],
    ['Generated at (local time)', formatLocalTime(metadata.generatedAt)],
    [REPORT_LABELS.generatedAtUtc, metadata.generatedAt.toISOString()],
    [REPORT_LABELS.appVersion, metadata.appVersion],
    [REPORT_LABELS.apiBase, metadata.apiBase],
    ['Scope', describeScope(metadata.scope)],
    [REPORT_LABELS.filters, metadata.filtersDescription],
    [REPORT_LABELS.paramsAsSent, JSON.stringify(paramsAsSent(metadata.params))],
    ['Total reported by Convoso at start', metadata.totalAtStart],
    ['Total reported by Convoso at end', metadata.totalAtEnd],
    [REPORT_LABELS.rowsWritten, metadata.rowsWritten],
    ['Duplicate ids removed', metadata.duplicatesRemoved],
    ['Data changed during export', metadata.dataChanged ? `Yes. ${metadata.changes.join(' ')}` : 'No'],
    [REPORT_LABELS.completeness, describeCompleteness(metadata)],
    [REPORT_LABELS.rowHash, metadata.sha256],
    [REPORT_LABELS.rowHashMethod, `${CANONICAL_FORM_ID}: ${CANONICAL_FORM_DESCRIPTION}`],
  ]
  if (metadata.cellsAlteredByXlsx !== undefined) {
    entries.push([
      REPORT_LABELS.cellsAlteredByXlsx,
      metadata.cellsAlteredByXlsx === 0
        ? 'None'
        : `${count(metadata.cellsAlteredByXlsx)} cells contain control characters (removed or normalised by the XLSX format) ` +
          "or exceed Excel's 32,767-character cell limit. The row hash covers the original values; export as CSV for exact text.",
    ])
  }
  if (metadata.formulaCellsNeutralised !== undefined) {
    entries.push([
      'Formula-like cells',
      `${count(metadata.formulaCellsNeutralised)} cells starting with = + - @ (or a tab or carriage return) ` +
        "were prefixed with ' so spreadsheets show them as text. The row hash covers the original values.",
    ])
  }
  if (metadata.source) {
    entries.push(['Source file', metadata.source.fileName])
    if (metadata.source.generatedAt) entries.push(['Source generated at', metadata.source.generatedAt])
    if (metadata.source.sha256) entries.push(['Source hash (SHA-256)', metadata.source.sha256])
  }
  return entries
}

export const REPORT_JSON_KIND = 'opt-out-desk/export-report'

/** The `.report.json` written beside a CSV export. */
export function reportJson(
  metadata: ExportMetadata,
  file: { name: string; bytes: number; sha256: string },
): Record<string, unknown> {
  return {
    kind: REPORT_JSON_KIND,
    version: 1,
    generatedAt: { utc: metadata.generatedAt.toISOString(), local: formatLocalTime(metadata.generatedAt) },
    appVersion: metadata.appVersion,
    apiBase: metadata.apiBase,
    scope: metadata.scope,
    scopeDescription: describeScope(metadata.scope),
    filters: metadata.filtersDescription,
    filtersAsSent: paramsAsSent(metadata.params),
    totalAtStart: metadata.totalAtStart,
    totalAtEnd: metadata.totalAtEnd,
    rowsWritten: metadata.rowsWritten,
    duplicatesRemoved: metadata.duplicatesRemoved,
    dataChanged: metadata.dataChanged,
    changes: metadata.changes,
    partial: metadata.partial,
    unreachableRows: metadata.unreachableRows,
    completeness: describeCompleteness(metadata),
    rowsHash: {
      algorithm: 'SHA-256',
      canonicalForm: CANONICAL_FORM_ID,
      description: CANONICAL_FORM_DESCRIPTION,
      value: metadata.sha256,
    },
    formulaCellsNeutralised: {
      cells: metadata.formulaCellsNeutralised ?? 0,
      rule: "A cell starting with = + - @, a tab or a carriage return (or their full-width forms) gets a leading '; a plain negative number does not.",
    },
    file,
    ...(metadata.source ? { source: metadata.source } : {}),
  }
}
