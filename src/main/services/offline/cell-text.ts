import { looksLikeFormula } from '../export/cell-values'

/**
 * Turns cells back into the strings Convoso sent, undoing exactly what the
 * writers did (export/xlsx-cells.ts, export/csv-writer.ts), so the canonical
 * row hash can be recomputed from a file:
 * - a number cell was a whole-number string: its decimal text;
 * - a date cell was Convoso's wall-clock text, stored by its UTC fields:
 *   `YYYY-MM-DD HH:MM:SS`, or `YYYY-MM-DD` when its format shows no time;
 * - rich text (used for padded text) is its runs' text joined;
 * - a blank cell was an empty string;
 * - in CSV, a `'` in front of formula-like text was added by the writer.
 */

/**
 * V8 keeps a substring as a view into the string it was cut from (at 13
 * characters and more) and a concatenation as a tree of its parts. The XML
 * parser cuts every value out of a whole decoded chunk of the sheet, so one
 * stored phone number could keep 64 KB of XML alive. Copying long strings
 * once, when they are stored, keeps a million-row report to its own size.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1)
}

const ZERO = 48

function twoDigits(value: number): [number, number] {
  return [ZERO + Math.floor(value / 10), ZERO + (value % 10)]
}

/**
 * Built from character codes: flat one-byte strings, 19 bytes of text each,
 * where a template literal makes a tree of parts (it matters at a million rows).
 */
export function wallClockText(date: Date, withTime: boolean): string {
  const year = date.getUTCFullYear()
  if (year < 1000 || year > 9999 || Number.isNaN(year)) return date.toISOString()
  const [mo1, mo2] = twoDigits(date.getUTCMonth() + 1)
  const [d1, d2] = twoDigits(date.getUTCDate())
  const y1 = ZERO + Math.floor(year / 1000)
  const y2 = ZERO + (Math.floor(year / 100) % 10)
  const y3 = ZERO + (Math.floor(year / 10) % 10)
  const y4 = ZERO + (year % 10)
  if (!withTime) return String.fromCharCode(y1, y2, y3, y4, 45, mo1, mo2, 45, d1, d2)
  const [h1, h2] = twoDigits(date.getUTCHours())
  const [mi1, mi2] = twoDigits(date.getUTCMinutes())
  const [s1, s2] = twoDigits(date.getUTCSeconds())
  return String.fromCharCode(y1, y2, y3, y4, 45, mo1, mo2, 45, d1, d2, 32, h1, h2, 58, mi1, mi2, 58, s1, s2)
}

const showsTimeCache = new Map<string, boolean>()

/**
 * Whether a number format shows a time of day: an `h` or `s` outside quoted
 * literals, escaped characters and `[…]` sections. `yyyy-mm-dd hh:mm:ss` does,
 * `yyyy-mm-dd` and Excel's `m/d/yyyy` do not.
 */
export function numFmtShowsTime(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return false
  let shows = showsTimeCache.get(numFmt)
  if (shows === undefined) {
    const bare = numFmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')
    shows = /[hs]/i.test(bare)
    if (showsTimeCache.size < 1000) showsTimeCache.set(numFmt, shows)
  }
  return shows
}

const isDateCache = new Map<string, boolean>()

/**
 * Whether a number cell with this format holds a date: exceljs's rule
 * (`utils.isDateFmt`), kept so that a report reads as it always has: a `y`,
 * `m`, `d`, `h`, `s` or `b` outside quoted literals and `[…]` sections.
 */
export function numFmtIsDate(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return false
  let isDate = isDateCache.get(numFmt)
  if (isDate === undefined) {
    isDate = /[ymdhMsb]+/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''))
    if (isDateCache.size < 1000) isDateCache.set(numFmt, isDate)
  }
  return isDate
}

const DAY_MS = 24 * 3600 * 1000
/** Days from 1899-12-30 (Excel's day 0, with its 1900 leap-year slip) to 1970-01-01; 1,462 more from 1904. */
const UNIX_EPOCH_SERIAL = 25569
const DATE_1904_OFFSET = 1462

/** A serial date as exceljs reads it: its wall-clock value in the Date's UTC fields, to the millisecond. */
export function excelSerialDate(serial: number, date1904: boolean): Date {
  return new Date(serialMs(serial, date1904))
}

function serialMs(serial: number, date1904: boolean): number {
  return Math.round((serial - UNIX_EPOCH_SERIAL + (date1904 ? DATE_1904_OFFSET : 0)) * DAY_MS)
}

/**
 * `excelSerialDate` then `wallClockText`, for a sheet's column of dates
 * without a Date per cell: rows come in date order, so the day's ten
 * characters are worked out once per day and only the time per row.
 */
export class SerialDateTexts {
  private day = Number.NaN
  private readonly codes: number[] = Array.from({ length: 10 }, () => ZERO)

  text(serial: number, date1904: boolean, withTime: boolean): string {
    const ms = serialMs(serial, date1904)
    const days = Math.floor(ms / DAY_MS)
    if (days !== this.day) {
      const date = new Date(days * DAY_MS)
      const year = date.getUTCFullYear()
      // Years Convoso cannot send, and NaN: the Date's own text (or its error), as before.
      if (!(year >= 1000 && year <= 9999)) return wallClockText(new Date(ms), withTime)
      this.day = days
      const [mo1, mo2] = twoDigits(date.getUTCMonth() + 1)
      const [d1, d2] = twoDigits(date.getUTCDate())
      const c = this.codes
      c[0] = ZERO + Math.floor(year / 1000)
      c[1] = ZERO + (Math.floor(year / 100) % 10)
      c[2] = ZERO + (Math.floor(year / 10) % 10)
      c[3] = ZERO + (year % 10)
      c[4] = 45
      c[5] = mo1
      c[6] = mo2
      c[7] = 45
      c[8] = d1
      c[9] = d2
    }
    const c = this.codes as [number, number, number, number, number, number, number, number, number, number]
    if (!withTime) return String.fromCharCode(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
    const seconds = Math.floor((ms - days * DAY_MS) / 1000)
    const [h1, h2] = twoDigits(Math.floor(seconds / 3600))
    const [mi1, mi2] = twoDigits(Math.floor(seconds / 60) % 60)
    const [s1, s2] = twoDigits(seconds % 60)
    // prettier-ignore
    return String.fromCharCode(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], 32, h1, h2, 58, mi1, mi2, 58, s1, s2)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** A cell: its value as a reader types it (sheet-rows.ts); `numFmt` is only read for dates. */
export interface ReadCell {
  readonly value: unknown
  readonly numFmt: string | undefined
}

/** A cell's value as the original string. */
export function xlsxCellText(cell: ReadCell): string {
  return valueText(cell.value, cell)
}

function valueText(value: unknown, cell: ReadCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  // Whole numbers below 1e21 print in plain decimal, exactly as the id or campaign text was.
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return wallClockText(value, numFmtShowsTime(cell.numFmt))
  if (!isRecord(value)) return String(value)
  if (Array.isArray(value.richText)) {
    let text = ''
    for (const run of value.richText as unknown[]) {
      if (isRecord(run) && typeof run.text === 'string') text += run.text
    }
    return text
  }
  // A formula written by someone else: its last computed value is what the sheet shows.
  if ('formula' in value || 'sharedFormula' in value) return valueText(value.result, cell)
  if (typeof value.text === 'string') return value.text
  if (typeof value.error === 'string') return value.error
  return ''
}

/** A CSV field as the original string: the writer's protective `'` comes off formula-like text. */
export function csvCellText(field: string): string {
  if (field.charCodeAt(0) !== 39) return field
  const rest = field.slice(1)
  return looksLikeFormula(rest) ? rest : field
}
