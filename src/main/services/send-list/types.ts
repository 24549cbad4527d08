import type { SendListFormat } from '../../../shared/scrub'

/**
 * What reading a send list gives (plain data, so it crosses from a worker): the
 * scrub job (task SR) calls `readSendList` inside its own worker and
 * `normaliseNumbers` on the rows.
 */
export interface SendListRead {
  /** Column names as in the file ('Column 1'… when it has no header row). */
  header: string[]
  hasHeaderRow: boolean
  /** Data rows (no header), cell text as the file shows it; a row may be shorter than the header. */
  rows: string[][]
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string
  format: SendListFormat
  fileName: string
  /** XLSX: the sheet read. */
  sheetName?: string
}

export interface SendListProgress {
  rowsRead: number
  bytesRead: number
  fileBytes: number
}

export interface ReadSendListOptions {
  signal?: AbortSignal
  /** Called now and then while reading (not for every row). */
  onProgress?: (progress: SendListProgress) => void
}

/**
 * The numbers of a list, one slot per data row (index = row index in `SendListRead.rows`).
 * `key` is the E.164 number's digits as a Number (at most 15 digits: exact in a double), NaN when the
 * row is invalid, with `problem[row]` saying why. `firstRowOf[row]` is the row of the first occurrence
 * of the same key (its own row when it is the first, and for invalid rows): a row with
 * `firstRowOf[row] !== row` is a duplicate.
 */
export interface NormalisedList {
  key: Float64Array
  problem: (string | undefined)[]
  firstRowOf: Int32Array
  /** Set where a number was read but something was dropped from the cell (an extension). */
  note: (string | undefined)[]
}
