import { createHash } from 'node:crypto'
import type { Writable } from 'node:stream'
import { RECORD_FIELDS, RECORD_FIELD_LABELS, type OptOutRecord } from '../../../shared/records'
import { looksLikeFormula } from './cell-values'
import type { OutputGuard } from './output-file'

/**
 * Writes an export as RFC 4180 CSV: UTF-8 with a byte-order mark (so Excel
 * reads accents right), CRLF after every record, a field quoted when it holds
 * a comma, a quote, CR or LF, quotes inside doubled. Formula-like cells get a
 * leading `'` (see `looksLikeFormula`), counted for the report.
 *
 * Quoting is done here rather than with csv-stringify: on 1M rows its sync API
 * took 3.6 s against 0.9 s for this, where the whole CSV floor is about 1 s;
 * the rule itself is four lines and tested field by field.
 */

export const UTF8_BOM = '\uFEFF'
export const CSV_LINE_END = '\r\n'

const NEEDS_QUOTES = /[",\r\n]/

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** A value as it goes into the CSV: formula-like text gets a leading apostrophe. */
export function neutralise(value: string): { text: string; neutralised: boolean } {
  return looksLikeFormula(value)
    ? { text: `'${value}`, neutralised: true }
    : { text: value, neutralised: false }
}

export const CSV_HEADER_LINE =
  RECORD_FIELDS.map((field) => csvField(RECORD_FIELD_LABELS[field])).join(',') + CSV_LINE_END

export interface CsvWriter {
  writeRows(rows: readonly OptOutRecord[]): Promise<void>
  /** Ends the output; resolves when every byte was handed to it. */
  finish(): Promise<void>
  readonly rowsWritten: number
  readonly bytesWritten: number
  readonly formulaCellsNeutralised: number
  /** SHA-256 of the file's bytes, BOM included; valid after `finish`. */
  fileSha256(): string
}

export function createCsvWriter(output: Writable, guard: OutputGuard): CsvWriter {
  const fileHash = createHash('sha256')
  let rowsWritten = 0
  let bytesWritten = 0
  let neutralised = 0
  let digest: string | undefined

  const write = async (text: string): Promise<void> => {
    guard.check()
    const bytes = Buffer.from(text, 'utf8')
    fileHash.update(bytes)
    bytesWritten += bytes.length
    if (!output.write(bytes)) await guard.drain(output)
  }

  let started: Promise<void> | undefined
  const start = (): Promise<void> => (started ??= write(UTF8_BOM + CSV_HEADER_LINE))

  return {
    get rowsWritten() {
      return rowsWritten
    },
    get bytesWritten() {
      return bytesWritten
    },
    get formulaCellsNeutralised() {
      return neutralised
    },

    async writeRows(rows) {
      await start()
      // One write per page keeps a million rows to a thousand stream writes.
      let chunk = ''
      for (const record of rows) {
        for (let index = 0; index < RECORD_FIELDS.length; index += 1) {
          const cell = neutralise(record[RECORD_FIELDS[index] as (typeof RECORD_FIELDS)[number]])
          if (cell.neutralised) neutralised += 1
          chunk += (index > 0 ? ',' : '') + csvField(cell.text)
        }
        chunk += CSV_LINE_END
      }
      rowsWritten += rows.length
      if (chunk !== '') await write(chunk)
    },

    async finish() {
      await start()
      guard.check()
      await guard.race(
        new Promise<void>((resolve) => {
          output.end(() => resolve())
        }),
      )
      digest = fileHash.digest('hex')
    },

    fileSha256() {
      if (digest === undefined) throw new Error('fileSha256() is only known after finish().')
      return digest
    },
  }
}
