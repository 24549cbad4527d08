import type { ReportFormat } from './exports'
import type { ReportIntegrity } from './offline'
import type { OptOutRecord, RecordField } from './records'

/**
 * Comparing two exported reports ("what changed between March and June"): the
 * types both sides share. Main reads both reports, orders them by their recorded
 * generation time and matches their records by id; the window shows the summary
 * and pages through each list with the search filters.
 */

/** Where a report comes from: the one open in the viewer, a line of the Reports list, or a file. */
export type ReportSource =
  { kind: 'opened' } | { kind: 'history'; reportId: string } | { kind: 'path'; path: string }

/** What `pickReportFile` answers (null when the dialog was closed). */
export interface PickedReportFile {
  path: string
  fileName: string
}

/**
 * - removed: in the older report, not in the newer (the finding that matters);
 * - changed: same id, at least one field different;
 * - added: in the newer, not in the older;
 * - re-entered: added records with the phone number and scope of a removed one (also counted as added);
 * - back-dated: added records inserted (by their insert date) before the older report was made.
 */
export const COMPARE_LISTS = ['removed', 'changed', 'added', 're-entered', 'back-dated'] as const
export type CompareList = (typeof COMPARE_LISTS)[number]

/** One source report of a comparison. */
export interface CompareSide {
  fileName: string
  filePath: string
  format: ReportFormat
  /** ISO, as recorded in the report. */
  generatedAt: string | null
  rows: number
  filtersDescription: string
  paramsAsSent: Record<string, string>
  integrity: ReportIntegrity
  integrityDetail: string
  recordedSha256: string | null
  actualSha256: string
  partial: boolean
  /** The app version that wrote the report, as recorded ('' when not recorded). */
  appVersion: string
}

export type CompareCounts = Record<CompareList, number> & { unchanged: number }

export interface CompareOutcome {
  /** = the jobId; used by searchComparison, exportComparison and closeComparison. */
  compareId: string
  older: CompareSide
  newer: CompareSide
  filtersMatch: boolean
  /** Sentences: how the filters differ and what that means for the comparison. */
  filterNotes: string[]
  /** Sentences about integrity/partial/duplicate problems that weaken the comparison. */
  warnings: string[]
  counts: CompareCounts
  /** "1,000,012 → 1,004,377 records: 4,371 added, 6 removed, 2 changed" (+ re-entered/back-dated when > 0). */
  summary: string
}

export interface FieldChange {
  field: RecordField
  before: string
  after: string
}

export interface ComparisonRow {
  /** removed: the older report's record; every other list: the newer report's. */
  record: OptOutRecord
  /** 'changed' rows: every field that differs. */
  changes?: FieldChange[]
  /** 're-entered' rows: the removed record(s) with the same phone number and scope (campaign id + purpose). */
  previous?: OptOutRecord[]
}

export interface ComparisonPage {
  total: number
  offset: number
  limit: number
  rows: ComparisonRow[]
}

/** The canonical row hash (opt-out-desk/rows-v1) of one list as written, as its file records it. */
export interface ComparisonListHash {
  list: CompareList
  rows: number
  /** Over the records the list holds, in order (changed: each record as it was, then as it is). */
  sha256: string
}

/** One file `exportComparison` wrote. */
export interface ComparisonFile {
  path: string
  /** SHA-256 of the file's bytes as written, lower-case hex (what `sha256sum` prints). */
  sha256: string
  /** Data rows in the file (a workbook: in all its list sheets). */
  rows: number
  /** The row hash of each list in the file (a workbook: every list; a CSV: its one list). */
  lists: ComparisonListHash[]
}

export interface ComparisonExport {
  files: ComparisonFile[]
}
