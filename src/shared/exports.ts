import type { SearchParams } from './filters'
import { MAX_LIMIT, MAX_OFFSET } from './paging'

/**
 * Rows an export can reach when the API serves offsets up to `maxOffset`: it
 * pages 1000 rows at a time, so the last page starts at the highest multiple
 * of 1000 the API accepts.
 */
export function exportRowCap(maxOffset: number): number {
  return Math.floor(maxOffset / MAX_LIMIT) * MAX_LIMIT + MAX_LIMIT
}

/** Convoso lets one filter reach offsets 0…1,000,000 with 1000-row pages: 1,001,000 rows at most. */
export const MAX_EXPORTABLE_ROWS = exportRowCap(MAX_OFFSET)

export type ReportFormat = 'xlsx' | 'csv'
export type ExportScope = 'page' | 'all'

/** What an export would cover, checked with Convoso before the save dialog opens. */
export interface ExportPlan {
  /** Pass it to `startExport`: a recent plan for the same filters is reused rather than asked again. */
  planId: string
  total: number
  /** Rows the export will write: the page on screen, or min(total, reachableRows). */
  rows: number
  /**
   * Rows any export of one filter can reach from this source: 1,001,000 as
   * documented, fewer where the API host refuses earlier offsets.
   */
  reachableRows: number
  /** True when the filter matches more than any export can reach; only a partial report is possible. */
  overCap: boolean
  suggestedFileName: string
  params: SearchParams
}

export interface ExportResult {
  reportId: string
  filePath: string
  fileSizeBytes: number
  rowsWritten: number
  partial: boolean
  sha256: string
  duplicatesRemoved: number
  dataChanged: boolean
}

/** One line of the "Reports" list: every export made on this computer. */
export interface ReportEntry {
  id: string
  createdAt: string
  filePath: string
  format: ReportFormat
  scope: ExportScope
  filtersDescription: string
  params: SearchParams
  rowsWritten: number
  sha256: string
  partial: boolean
  /** False when the file has since been moved or deleted. */
  exists: boolean
}
