import type { SearchParams } from '../../../shared/filters'
import type { SearchPage } from '../../../shared/records'
import type { Result } from '../../../shared/result'

/**
 * An exported report opened from disk, searched with no token and no network.
 * The opened report is one more source of search pages beside Convoso: the
 * same `SearchParams` select the same rows (services/convoso/matching.ts).
 */

export type ReportFileFormat = 'xlsx' | 'csv'

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
  format: ReportFileFormat
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

export interface OpenedReport {
  info: ReportInfo
  /** Same meaning as Convoso's search: exact-match filters, offset and limit over the matching rows. */
  search(params: SearchParams, offset: number, limit: number): SearchPage
}

export interface OpenProgress {
  bytesRead: number
  totalBytes: number
  rowsRead: number
}

export interface OpenReportOptions {
  signal?: AbortSignal
  onProgress?: (progress: OpenProgress) => void
}

/** Reads a report file; every failure (damaged, foreign, cancelled) is a Result with a clear message. */
export type OpenReportFile = (path: string, options?: OpenReportOptions) => Promise<Result<OpenedReport>>
