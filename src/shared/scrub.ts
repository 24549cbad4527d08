/**
 * Scrubbing a send list, part 1: the list a user imports (CSV or XLSX), what the
 * window sees of it before the scrub runs, and the two remembered settings. The
 * scrub job's own types (verdicts, outcome, rows) are appended by the scrub
 * task, or live in scrub-result.ts.
 */

export type SendListFormat = 'csv' | 'xlsx'

/** The most data rows one send list may hold; a longer file is refused with this number and "split it". */
export const MAX_SEND_LIST_ROWS = 1_000_000

/** Data rows the preview shows (and previewNormalised reads). */
export const SEND_LIST_SAMPLE_ROWS = 20

/** Excel's last column is XFD, the 16,384th: no list has a column past it. */
export const MAX_SEND_LIST_COLUMNS = 16_384

/** Where a number without a country code is assumed to be until the user picks another country. */
export const DEFAULT_SEND_LIST_COUNTRY = 'US'

/** How old (hours) an opt-out snapshot may be before the scrub offers a fresh export instead. */
export const MIN_SNAPSHOT_MAX_AGE_HOURS = 1
export const MAX_SNAPSHOT_MAX_AGE_HOURS = 720
export const DEFAULT_SNAPSHOT_MAX_AGE_HOURS = 24

export interface SendListPreview {
  /** Handle main keeps (path + size + mtime); pass to startScrub. A changed file is refused by it. */
  listId: string
  fileName: string
  filePath: string
  format: SendListFormat
  fileBytes: number
  /** Column names as in the file ('Column 1'… when the file has no header row). */
  header: string[]
  hasHeaderRow: boolean
  /** First SEND_LIST_SAMPLE_ROWS data rows, cell text as in the file (as wide as `header`). */
  sample: string[][]
  /** Best guesses from the header and sample; null when none looks like it. */
  suggestedPhoneColumn: number | null
  suggestedCodeColumn: number | null
  /** Rows counted so far if cheap (CSV lines), else null: the full count comes with the scrub. */
  rowsEstimate: number | null
  /** XLSX: the sheet the list was read from (the first, or the first with a phone-like column). */
  sheetName?: string
}

/** The columns to read and the country for numbers written without a country code. */
export interface SendListColumns {
  /** 0-based index into `header`. */
  phoneColumn: number
  /** 0-based index of a country-code column ("44", "+44", "GB"), or null for none. */
  codeColumn: number | null
  /** ISO 3166 alpha-2, e.g. 'US', 'GB'. */
  defaultCountry: string
}

/** What one sample row's number becomes. */
export interface NormalisedSample {
  /** The phone cell as in the file. */
  input: string
  /** '+447700900123', or null when the cell is not a usable number. */
  e164: string | null
  /** National form for the default country's numbers, international otherwise; the input when invalid. */
  display: string
  /** Why it is invalid, in words with what to do; null when it is a number. */
  problem: string | null
  /** Set when the number was read but something was left out of it (an extension). */
  note?: string
}

export interface PreviewNormalisedResponse {
  rows: NormalisedSample[]
}
