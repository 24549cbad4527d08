/**
 * How Convoso's string values become spreadsheet cells. Every rule keeps the
 * value exact or leaves it as text: nothing is guessed.
 */

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/

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
  const match = WALL_CLOCK.exec(text)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const hasTime = match[4] !== undefined
  const [hour, minute, second] = hasTime ? [Number(match[4]), Number(match[5]), Number(match[6])] : [0, 0, 0]
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  return { date: new Date(Date.UTC(year, month - 1, day, hour, minute, second)), hasTime }
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
