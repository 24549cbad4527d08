import type { ReportFormat } from '../exports'

/** What `exportLookupReport` wrote: the lookup's verdicts as an Excel or CSV file. */
export interface LookupReportOutcome {
  filePath: string
  format: ReportFormat
  /** Verdict rows in the file: one per opt-out record of an opted-out number, one per other entry. */
  rows: number
  /** Entries (distinct numbers and invalid texts) the rows cover. */
  entries: number
  /** 'cancelled': the lookup was cancelled and its unchecked numbers are in the file as "Not checked". */
  completion: 'complete' | 'cancelled'
  fileSizeBytes: number
  /** SHA-256 of the file's bytes as written, lower-case hex. */
  sha256: string
}
