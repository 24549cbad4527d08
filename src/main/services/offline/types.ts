import type { SearchParams } from '../../../shared/filters'
import type { SearchPage } from '../../../shared/records'
import type { ReportInfo } from '../../../shared/offline'
import type { Result } from '../../../shared/result'
import type { WorkerEntry } from '../../lib/worker-host'
import type { RowStore } from './row-store'

/**
 * An exported report opened from disk, searched with no token and no network.
 * The opened report is one more source of search pages beside Convoso: the
 * same `SearchParams` select the same rows (services/convoso/matching.ts).
 */

export type { ReportInfo, ReportIntegrity } from '../../../shared/offline'

export interface OpenedReport {
  info: ReportInfo
  /** Same meaning as Convoso's search: exact-match filters, offset and limit over the matching rows. */
  search(params: SearchParams, offset: number, limit: number): SearchPage
  /** Its rows, for work that reads them all (scrubbing a send list against it). */
  store?: RowStore
}

export interface OpenProgress {
  bytesRead: number
  totalBytes: number
  rowsRead: number
}

export interface OpenReportOptions {
  signal?: AbortSignal
  onProgress?: (progress: OpenProgress) => void
  /** Where what a library or the system said goes; the user's message never carries it. */
  log?: (line: string) => void
  /**
   * The report-reader worker (src/main/workers/report-reader.ts, built): the file is read on that
   * thread and only the finished columns come back. Without it, on this thread.
   */
  reader?: WorkerEntry
}

/** Reads a report file; every failure (damaged, foreign, cancelled) is a Result with a clear message. */
export type OpenReportFile = (path: string, options?: OpenReportOptions) => Promise<Result<OpenedReport>>
