import type { ReportFormat } from './exports'

/**
 * What the window knows about an exported report opened from disk:
 * enough for the banner and the integrity badge. Main reads the file; the rows
 * reach the window through the ordinary search channel.
 */

/**
 * - `intact`: the app's metadata is there and the rows' canonical hash equals the recorded one.
 * - `modified`: the app's metadata is there and the rows no longer match it.
 * - `unverified`: no metadata from this app (a foreign workbook or CSV whose columns were
 *   recognised), or the recorded hash cannot be checked (e.g. XLSX could not hold some cells).
 */
export type ReportIntegrity = 'intact' | 'modified' | 'unverified'

export interface ReportInfo {
  fileName: string
  filePath: string
  format: ReportFormat
  fileBytes: number
  /** True when the file carries this app's report metadata (Report sheet or `.report.json`). */
  madeByApp: boolean
  /** ISO 8601 UTC, as recorded in the report. */
  generatedAt?: string
  filtersDescription?: string
  /** The Convoso fields the export sent, as recorded. */
  paramsAsSent?: Record<string, string>
  apiBase?: string
  appVersion?: string
  /** "Rows written" as recorded. */
  rowsRecorded?: number
  rowsRead: number
  /** As recorded in the report, lower-case hex. */
  recordedSha256?: string
  /** Over the rows as read back, in the canonical form of canonical-hash.ts. */
  actualSha256: string
  integrity: ReportIntegrity
  /** One or two sentences for the banner, e.g. why a report reads as modified. */
  integrityDetail: string
  /** The report says it holds only the first rows Convoso let the app reach. */
  partial: boolean
}

/** Files the app opens as reports. */
export const REPORT_FILE_EXTENSIONS = ['xlsx', 'csv'] as const
