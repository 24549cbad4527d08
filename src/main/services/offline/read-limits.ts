import { Transform, type TransformCallback } from 'node:stream'
import { MAX_EXPORTABLE_ROWS } from '../../../shared/exports'
import { EXPORT_AGAIN, PlainReason, ReportFileFailure, reportFileFailure } from './report-errors'

/**
 * What opening one report may cost, and the guard that enforces it while the
 * zip inflates: the zip's own headers are checked first, then every inflated
 * byte is counted as it streams, so a header that lies changes nothing. Kept
 * apart from the readers so that every reader of reports (the workbook
 * reader and the CSV reader) gets the same bounds from one place.
 *
 * The bounds are far above any report this app writes (a 1,001,000-row
 * workbook's sheet inflates to about 390 MB at a ratio of about 8) and far
 * below what hurts the app.
 */

const MiB = 1024 * 1024

export const READ_LIMITS = {
  /** Convoso lets an app reach 1,001,000 records; no report of ours holds more. */
  maxDataRows: MAX_EXPORTABLE_ROWS,
  /** Excel's own sheet size: blank formatted rows count here, not as data. */
  maxSheetRows: 1_048_576,
  /** Excel's limit for the text of one cell. */
  maxCellChars: 32_767,
  /** Our workbooks hold 10 parts. */
  maxZipEntries: 1_000,
  /** A data sheet, inflated: five times our largest (about 2 KB a row). */
  maxSheetBytes: 2048 * MiB,
  /** Any other part inflated (styles, workbook, relationships…): ours are a few kilobytes. */
  maxOtherPartBytes: 64 * MiB,
  /**
   * Shared text (written by Excel or LibreOffice on re-save), all of it held in
   * memory: about 26 bytes per distinct text, and a re-saved 1,001,000-row
   * report has about one distinct text per row (its phone numbers).
   */
  maxSharedStringsBytes: 64 * MiB,
  /** Two distinct texts per data row (a re-saved report has about one: the phone numbers). */
  maxSharedStrings: 2 * (MAX_EXPORTABLE_ROWS + 1),
  /** Every part together, inflated. */
  maxTotalBytes: 2048 * MiB + 256 * MiB,
  /** Ours compress about 8:1; deflate's ceiling is about 1,032:1. Checked once a part passes `ratioFloorBytes`. */
  maxInflationRatio: 200,
  ratioFloorBytes: 1 * MiB,
  /**
   * The longest stretch of XML with no `<`: one cell's text at its 32,767
   * characters, each written as a character reference of up to 10 bytes. A
   * single 1 GB cell is refused at its first 320 KB instead of being built as
   * one string.
   */
  maxXmlRunBytes: 32_767 * 10,
  /**
   * One CSV record: eight cells at Excel's 32,767 characters with every quote
   * doubled is 524,272 characters; twice that.
   */
  maxCsvRecordChars: 1 * MiB,
} as const

export type ReadLimits = typeof READ_LIMITS

const count = (value: number): string => value.toLocaleString('en-US')
const size = (bytes: number): string =>
  bytes >= 1024 * MiB
    ? `${(bytes / 1024 / MiB).toFixed(bytes % (1024 * MiB) === 0 ? 0 : 2)} GB`
    : `${Math.round(bytes / MiB)} MB`

/** Thrown where a bound is passed; `what` completes "… larger than any report Opt-Out Desk writes: …". */
export class TooLarge extends PlainReason {
  constructor(readonly what: string) {
    super(what)
  }
}

export function tooLargeFailure(fileName: string, what: string): ReportFileFailure {
  return reportFileFailure(
    `${fileName} is larger than any report Opt-Out Desk writes (${what}), so it was not opened and nothing ` +
      `was kept. ${EXPORT_AGAIN}`,
  )
}

export const tooManyRows = (limits: ReadLimits = READ_LIMITS): TooLarge =>
  new TooLarge(`it holds more than ${count(limits.maxDataRows)} data rows`)
export const tooManySheetRows = (limits: ReadLimits = READ_LIMITS): TooLarge =>
  new TooLarge(`a sheet has more than ${count(limits.maxSheetRows)} rows, more than Excel allows`)
export const cellTooLong = (limits: ReadLimits = READ_LIMITS): TooLarge =>
  new TooLarge(`a cell holds more than ${count(limits.maxCellChars)} characters, more than Excel allows`)

export type PartRole = 'sheet' | 'shared-strings' | 'other'

export interface ZipPartFacts {
  fileName: string
  compressedSize: number
  uncompressedSize: number
}

/** The bounds of one open: every part's size checked, and the inflated bytes of all parts added up. */
export class ReadBudget {
  private inflatedTotal = 0

  constructor(readonly limits: ReadLimits = READ_LIMITS) {}

  private maxBytes(role: PartRole): number {
    if (role === 'sheet') return this.limits.maxSheetBytes
    if (role === 'shared-strings') return this.limits.maxSharedStringsBytes
    return this.limits.maxOtherPartBytes
  }

  checkEntryCount(entries: number): void {
    if (entries > this.limits.maxZipEntries) {
      throw new TooLarge(`the zip holds more than ${count(this.limits.maxZipEntries)} parts`)
    }
  }

  private checkSizes(role: PartRole, compressed: number, inflated: number): void {
    const max = this.maxBytes(role)
    if (inflated > max || compressed > max) {
      throw new TooLarge(`a part of the file unpacks to more than ${size(max)}`)
    }
    if (inflated > this.limits.ratioFloorBytes && inflated > compressed * this.limits.maxInflationRatio) {
      throw new TooLarge(
        `a part of the file unpacks to more than ${this.limits.maxInflationRatio} times its size`,
      )
    }
  }

  /** What the zip's directory claims, before anything is inflated. */
  checkEntry(entry: ZipPartFacts, role: PartRole): void {
    this.checkSizes(role, entry.compressedSize, entry.uncompressedSize)
  }

  /**
   * Counts a part's inflated bytes as they stream and fails the stream the
   * moment a bound is passed; also bounds the longest run of XML without `<`
   * and, for shared text, how many entries (`<si`) it holds.
   */
  guard(entry: ZipPartFacts, role: PartRole): Transform {
    this.checkEntry(entry, role)
    const limits = this.limits
    let inflated = 0
    let run = 0
    let strings = 0
    // `<si` cut by a chunk boundary: the last two bytes of the previous chunk.
    let carry = ''
    const budget = (bytes: number): void => {
      inflated += bytes
      this.inflatedTotal += bytes
      this.checkSizes(role, entry.compressedSize, inflated)
      if (this.inflatedTotal > limits.maxTotalBytes) {
        throw new TooLarge(`its parts unpack to more than ${size(limits.maxTotalBytes)}`)
      }
    }
    return new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        try {
          budget(chunk.length)
          let at = chunk.indexOf(0x3c)
          if (at === -1) run += chunk.length
          else {
            if (run + at > limits.maxXmlRunBytes) throw cellTooLong(limits)
            let previous = chunk.lastIndexOf(0x3c)
            // A run between two `<` of one chunk is shorter than the chunk: only a chunk longer than the bound
            // (inflate's are 16–64 KB) needs its every `<` looked at.
            if (chunk.length > limits.maxXmlRunBytes) {
              previous = at
              for (
                at = chunk.indexOf(0x3c, previous + 1);
                at !== -1;
                at = chunk.indexOf(0x3c, previous + 1)
              ) {
                if (at - previous - 1 > limits.maxXmlRunBytes) throw cellTooLong(limits)
                previous = at
              }
            }
            run = chunk.length - previous - 1
          }
          if (run > limits.maxXmlRunBytes) throw cellTooLong(limits)
          if (role === 'shared-strings') {
            const text = carry + chunk.toString('latin1')
            for (let at = text.indexOf('<si'); at !== -1; at = text.indexOf('<si', at + 3)) {
              const next = text[at + 3]
              if (next === '>' || next === ' ' || next === '/' || next === undefined) strings += 1
            }
            carry = text.endsWith('<si') ? '' : text.slice(-2)
            if (strings > limits.maxSharedStrings) {
              throw new TooLarge(`its shared text holds more than ${count(limits.maxSharedStrings)} entries`)
            }
          }
          callback(null, chunk)
        } catch (error) {
          callback(error as Error)
        }
      },
    })
  }
}
