/**
 * Reading a list's first rows the way a person would: is the first row a
 * header, and which columns hold the phone numbers and the country codes.
 * Pure, on the first rows only, so the preview and the full read decide alike.
 */

/** Header words of a phone column, strongest first ("Mobile phone" beats "Account number"). */
const PHONE_HEADERS: RegExp[] = [
  /\b(?:phone|mobile|cell|msisdn|sms)\b/i,
  /\b(?:tel|telephone|phone ?number|cellphone|mobile ?number|contact ?number)\b/i,
  /phone|mobile|msisdn|\btel/i,
  /\bnumber\b|\bno\.?$/i,
]
/** Header words of a country-code column; checked before the phone words ("Phone code" is a code). */
const CODE_HEADER =
  /^(?:country|iso|cc)$|country[ _-]?(?:code|iso)|(?:phone|calling|dial(?:ling)?|dialing|intl|international)[ _-]?(?:code|prefix)/i

/** Text that is one phone number: at least 7 digits and only what numbers are written with. */
const PHONE_LIKE = /^[+(]?[\d\s\-.()/\u2010-\u2015\u2212]{7,}(?:\s*(?:x|ext\.?|#)\s*\d{1,7})?$/i
/** Excel's scientific notation of a long number: still the column of numbers the user means. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/
/** Calling codes only: two letters next to a phone column are as often a US state (CA, GA) as a country. */
const CODE_LIKE = /^(?:\+|00)?\d{1,3}$/

/** Dates written with separators (2024-04-22, 12/05/2024) have 8 digits too. */
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/

function digitCount(text: string): number {
  let digits = 0
  for (const char of text) if (char >= '0' && char <= '9') digits += 1
  return digits
}

export function isPhoneLike(cell: string): boolean {
  const text = cell.trim()
  if (SCIENTIFIC.test(text)) return true
  if (!PHONE_LIKE.test(text) || DATE_LIKE.test(text)) return false
  const digits = digitCount(text)
  return digits >= 7 && digits <= 18
}

/**
 * How much a cell looks like a whole phone number: 1 for ten digits or more (or a +code), less for
 * 7–9 digits, which account numbers and local numbers share.
 */
function phoneWeight(cell: string): number {
  if (!isPhoneLike(cell)) return 0
  const text = cell.trim()
  return text.startsWith('+') || digitCount(text) >= 10 ? 1 : 0.6
}

const isBlank = (cell: string | undefined): boolean => cell === undefined || cell.trim() === ''

/** A header row names columns: no cell of it is a phone number, and at least one is words. */
export function looksLikeHeader(first: readonly string[], rest: readonly (readonly string[])[]): boolean {
  if (first.some(isPhoneLike)) return false
  if (first.some((cell) => matchesPhoneHeader(cell) || CODE_HEADER.test(cell.trim()))) return true
  const wordy = first.some((cell) => /[A-Za-z]{2,}/.test(cell) && !/^[A-Za-z]{2}$/.test(cell.trim()))
  // Words above a column that holds numbers below: a header.
  return wordy && rest.some((row) => row.some(isPhoneLike))
}

function matchesPhoneHeader(cell: string): number {
  const text = cell.trim()
  if (text === '' || CODE_HEADER.test(text)) return 0
  const index = PHONE_HEADERS.findIndex((pattern) => pattern.test(text))
  return index === -1 ? 0 : PHONE_HEADERS.length - index
}

/** Column names: the header's, or 'Column 1'…; as wide as the widest row seen. */
export function columnNames(header: readonly string[] | undefined, width: number): string[] {
  return Array.from({ length: Math.max(width, header?.length ?? 0) }, (_, column) => {
    const name = header?.[column]?.trim() ?? ''
    return name === '' ? `Column ${column + 1}` : name
  })
}

/** The mean weight of the column's filled cells (a test's true counts 1). */
function share(
  rows: readonly (readonly string[])[],
  column: number,
  weight: (cell: string) => number | boolean,
): number {
  let filled = 0
  let total = 0
  for (const row of rows) {
    const cell = row[column]
    if (isBlank(cell)) continue
    filled += 1
    total += Number(weight(cell as string))
  }
  return filled === 0 ? 0 : total / filled
}

/**
 * The phone column: the header's best phone word above a column whose cells
 * are mostly numbers, else the column with the most phone-like cells; null
 * when no column has any.
 */
export function suggestPhoneColumn(
  header: readonly string[] | undefined,
  sample: readonly (readonly string[])[],
  width: number,
): number | null {
  let best: number | null = null
  let bestScore = 0
  for (let column = 0; column < width; column += 1) {
    const phones = share(sample, column, phoneWeight)
    const named = header ? matchesPhoneHeader(header[column] ?? '') : 0
    if (phones === 0 && !(named > 0 && sample.length === 0)) continue
    // A named column wins over an unnamed one unless its cells are mostly not numbers.
    const score = (phones >= 0.5 ? named * 10 : 0) + phones * 5
    if (score > bestScore) {
      best = column
      bestScore = score
    }
  }
  return best
}

/** The country-code column: named so, or calling codes ("44", "+1") in every filled cell beside it; never the phone column. */
export function suggestCodeColumn(
  header: readonly string[] | undefined,
  sample: readonly (readonly string[])[],
  width: number,
  phoneColumn: number | null,
): number | null {
  for (let column = 0; column < width; column += 1) {
    if (column !== phoneColumn && header && CODE_HEADER.test((header[column] ?? '').trim())) return column
  }
  // Without a header, only a column of calling codes next to the phone column is a safe guess.
  if (phoneColumn === null || header) return null
  for (const column of [phoneColumn - 1, phoneColumn + 1]) {
    if (column < 0 || column >= width) continue
    const filled = sample.filter((row) => !isBlank(row[column]))
    if (filled.length > 0 && share(sample, column, (cell) => CODE_LIKE.test(cell.trim())) === 1) return column
  }
  return null
}
