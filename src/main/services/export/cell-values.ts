/**
 * How Convoso's string values become spreadsheet cells. Every rule keeps the
 * value exact or leaves it as text: nothing is guessed.
 */

export interface WallClock {
  /**
   * The wall-clock time as if it were UTC: exceljs writes a Date by its UTC
   * fields, so the sheet shows exactly the time Convoso gave, unshifted.
   */
  date: Date
  hasTime: boolean
}

/**
 * Parses Convoso's `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`. Anything else — a
 * different layout, an impossible date such as MySQL's `0000-00-00`, a year
 * before 1900 that Excel cannot show — is not a date and stays text.
 */
export function parseWallClock(text: string): WallClock | undefined {
  // Read character by character: this runs for every row of an export.
  const hasTime = text.length === 19
  if (!hasTime && text.length !== 10) return undefined
  if (text[4] !== '-' || text[7] !== '-') return undefined
  if (hasTime && (text[10] !== ' ' || text[13] !== ':' || text[16] !== ':')) return undefined
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = hasTime ? digitsAt(text, 11, 2) : 0
  const minute = hasTime ? digitsAt(text, 14, 2) : 0
  const second = hasTime ? digitsAt(text, 17, 2) : 0
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined
  return { date: new Date(Date.UTC(year, month - 1, day, hour, minute, second)), hasTime }
}

/** The number written by `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0)
}

/**
 * A number cell for a whole-number string that reads back as the same text:
 * no leading zeros ("007" stays text), no sign but `-`, at most 15 digits
 * (Excel keeps 15 significant digits).
 */
export function integerCellValue(text: string): number | undefined {
  return /^(?:0|-?[1-9]\d{0,14})$/.test(text) ? Number(text) : undefined
}

/** Excel refuses text longer than this in one cell. */
export const EXCEL_MAX_CELL_CHARS = 32_767

/**
 * Characters XML 1.0 cannot carry (exceljs drops them silently), a carriage
 * return (XML readers turn CR LF into LF), and lone surrogates (written as
 * U+FFFD). Text containing any of them cannot be stored exactly in XLSX.
 */
const XLSX_UNSAFE =
  // Control characters are exactly what this pattern is for.
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0B-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function xlsxCannotHold(text: string): boolean {
  return text.length > EXCEL_MAX_CELL_CHARS || XLSX_UNSAFE.test(text)
}

/**
 * Text a spreadsheet opening a CSV would run as a formula (OWASP "CSV
 * injection"): starting with = + - @, a tab or a carriage return, or the
 * full-width = + - @ that some spreadsheets normalise. A plain negative number
 * (e.g. campaign -1) is data, not a formula, and is left alone.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
const NEGATIVE_NUMBER = /^-\d+(?:\.\d+)?$/

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text)
}
