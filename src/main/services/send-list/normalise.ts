import { Metadata } from 'libphonenumber-js/core'
import { getCountryCallingCode, isSupportedCountry, type CountryCode } from 'libphonenumber-js/min'
import metadata from 'libphonenumber-js/metadata.min.json'
import { attempt, countryForCallingCode, PUNCTUATION } from '../../../shared/lookup/phone-list'
import type { SendListColumns } from '../../../shared/scrub'
import { cancelled } from '../offline/report-errors'
import type { NormalisedList } from './types'

/**
 * Send-list cells and opt-out records to one comparable key: the E.164
 * number's digits as a Number (at most 15 digits, exact in a double), NaN
 * when there is no number.
 *
 * A cell is read exactly as the lookup reads a pasted number (phone-list.ts's
 * `attempt`: libphonenumber, "possible" rather than "valid", `00` read as `+`),
 * so a number the lookup accepts is accepted here and becomes the same E.164.
 * "Possible" decides for the same reason as in the lookup: a list number the
 * metadata thinks unassigned (Convoso's own example, (818) 123-3567) must still
 * be checked against the opt-outs; refusing it would let it through unscrubbed
 * or hide it as "invalid" when it may be opted out.
 *
 * libphonenumber takes 10–45 µs a number (UK numbers are the slow ones), too
 * slow for a million rows. `fastCell` answers the common shapes (+CC national,
 * national with or without the trunk prefix) from the same metadata, and only
 * where the answer cannot differ from libphonenumber's; anything else goes to
 * `attempt`. test/main/services/send-list/normalise.test.ts checks the two
 * agree on generated numbers of many countries.
 */

export interface NormaliseOptions extends SendListColumns {
  signal?: AbortSignal
}

/** One cell's reading: `e164` digits without '+', or the problem in words. */
export type CellReading = { ok: true; digits: string; note?: string } | { ok: false; problem: string }

const plans = new Metadata(metadata)

/** The numbering plan's accessors: libphonenumber has them at runtime (its own parser uses them) but does not declare them. */
interface PlanAccess {
  callingCode(): string
  possibleLengths(): number[]
  nationalPrefixForParsing(): string | undefined
  nationalPrefixTransformRule(): string | undefined
  nationalNumberPattern(): string
  IDDPrefix(): string | undefined
}

function selectPlan(country: CountryCode): PlanAccess {
  plans.selectNumberingPlan(country)
  const plan = plans.numberingPlan as unknown as PlanAccess | undefined
  if (!plan) throw new RangeError(`no numbering plan for ${country}`)
  return plan
}

/** What the fast path needs of a country's numbering plan, compiled once. */
interface Plan {
  callingCode: string
  /** possible[n]: a national number of n digits is possible in this country. */
  possible: boolean[]
  maxLength: number
  /**
   * The same for every country that shares the calling code (NANP's 1: the US and Canada's 7 digits;
   * 44: the UK and Jersey), since libphonenumber judges a number by the country it places it in:
   * true or false when they all agree, undefined when they do not (then it decides).
   */
  agreedPossible: (boolean | undefined)[]
  /** Whether the national prefix may come off before a rest of n digits, where the sharers agree. */
  agreedStrip: (boolean | undefined)[]
  /** The national number pattern, whole: what libphonenumber calls valid. */
  valid: RegExp
  /** `^(?:national prefix for parsing)`, or null when the country has none. */
  prefix: RegExp | null
  /** A transform rule (carrier codes, AR's 15…): the fast path stays out. */
  transforms: boolean
  /** `^(?:international dialling prefix)`: a national-looking number that starts with it is international. */
  idd: RegExp | null
}

/** No national number is longer than 17 digits (libphonenumber's MAX_LENGTH_FOR_NSN). */
const MAX_NATIONAL = 17

const planCache = new Map<string, Plan>()

function lengthsOf(country: string): number[] {
  return isSupportedCountry(country) ? selectPlan(country).possibleLengths() : []
}

/** For each length, the one answer every list of possible lengths gives, or undefined. */
function agreed(
  all: number[][],
  answer: (lengths: number[], length: number) => boolean,
): (boolean | undefined)[] {
  const out: (boolean | undefined)[] = []
  for (let length = 0; length <= MAX_NATIONAL; length += 1) {
    const answers = new Set(all.map((lengths) => answer(lengths, length)))
    out[length] = answers.size === 1 ? answers.has(true) : undefined
  }
  return out
}

function planOf(country: CountryCode): Plan {
  let plan = planCache.get(country)
  if (plan) return plan
  const sharers = metadata.country_calling_codes[getCountryCallingCode(country)] ?? [country]
  const sharedLengths = sharers.map(lengthsOf)
  const numbering = selectPlan(country)
  const lengths = numbering.possibleLengths()
  const possible: boolean[] = []
  for (const length of lengths) possible[length] = true
  const prefixForParsing = numbering.nationalPrefixForParsing()
  const idd = numbering.IDDPrefix()
  plan = {
    callingCode: numbering.callingCode(),
    possible,
    maxLength: Math.max(...lengths),
    agreedPossible: agreed(sharedLengths, (list, length) => list.includes(length)),
    agreedStrip: agreed(sharedLengths, (list, length) => list.includes(length) || length > Math.max(...list)),
    valid: new RegExp(`^(?:${numbering.nationalNumberPattern()})$`),
    prefix: prefixForParsing ? new RegExp(`^(?:${prefixForParsing})`) : null,
    transforms: Boolean(numbering.nationalPrefixTransformRule()),
    idd: idd ? new RegExp(`^(?:${idd})`) : null,
  }
  planCache.set(country, plan)
  return plan
}

const mainCountryCache = new Map<string, CountryCode | null>()

/** The main country of a calling code (1 → US, 44 → GB), or null for a code no country has. */
function mainCountry(callingCode: string): CountryCode | null {
  let country = mainCountryCache.get(callingCode)
  if (country === undefined) {
    country = countryForCallingCode(callingCode) ?? null
    mainCountryCache.set(callingCode, country)
  }
  return country
}

/**
 * libphonenumber's rule for the national prefix (extractNationalNumber): it
 * comes off unless the whole is a valid number and the rest is not, or the
 * rest is too short or of an impossible length (too long is fine). Returns
 * the national number, or undefined when libphonenumber might decide
 * otherwise: a captured group (a carrier code kept, a prefix rewritten), or
 * (`strict`) countries sharing the calling code that disagree about the rest's length.
 */
function withoutPrefix(digits: string, plan: Plan, strict: boolean): string | undefined {
  const match = plan.prefix?.exec(digits)
  if (!match || match[0] === '') return digits
  for (let group = 1; group < match.length; group += 1) if (match[group]) return undefined
  const rest = digits.slice(match[0].length)
  if (plan.valid.test(digits) && !plan.valid.test(rest)) return digits
  const strip = strict
    ? plan.agreedStrip[rest.length]
    : plan.possible[rest.length] === true || rest.length > plan.maxLength
  if (strip === undefined) return undefined
  return strip ? rest : digits
}

/**
 * The national significant number of `digits` read in `plan`'s country when
 * it is certainly a possible one, or undefined to let libphonenumber read it
 * (and word what is wrong).
 */
function fastNational(digits: string, plan: Plan): string | undefined {
  if (plan.transforms) return undefined
  const national = withoutPrefix(digits, plan, true)
  return national !== undefined && national.length >= 2 && plan.agreedPossible[national.length] === true
    ? national
    : undefined
}

/**
 * The fast reading of a cell compacted to digits (maybe after '+' or '00'),
 * or undefined to ask libphonenumber. Only answers "this number": every
 * problem and every doubtful shape goes the slow way, which words the message.
 */
export function fastCell(compacted: string, country: CountryCode): string | undefined {
  const compact = compacted.startsWith('00') ? `+${compacted.slice(2)}` : compacted
  if (compact.charCodeAt(0) === 43 /* + */) {
    // Calling codes are prefix-free: the first 1–3 digits that are one are the code.
    for (let length = 1; length <= 3 && length < compact.length; length += 1) {
      const code = compact.slice(1, 1 + length)
      const main = mainCountry(code)
      if (main === null) continue
      const national = fastNational(compact.slice(1 + length), planOf(main))
      return national === undefined ? undefined : code + national
    }
    return undefined
  }
  const plan = planOf(country)
  // An international dialling prefix (011 from the US) is libphonenumber's business.
  if (plan.idd?.test(compact)) return undefined
  let digits = compact
  if (compact.startsWith(plan.callingCode)) {
    // The calling code without '+' (1 818…, 44 7700…): libphonenumber takes it off when the whole
    // is not valid and the rest is, or the whole is too long (extractCountryCallingCode…WithoutPlusSign).
    const rest = compact.slice(plan.callingCode.length)
    const whole = withoutPrefix(compact, plan, true)
    const shorter = withoutPrefix(rest, plan, true)
    if (whole === undefined || shorter === undefined) return undefined
    if ((!plan.valid.test(whole) && plan.valid.test(shorter)) || whole.length > plan.maxLength) digits = rest
  }
  const national = fastNational(digits, plan)
  return national === undefined ? undefined : plan.callingCode + national
}

/** Excel's scientific notation, as a CSV saved from Excel writes a long number kept as a number. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/
/** "818-123-3567 x123", "… ext. 12", "…, extension 12", "… #12" at the end of a cell. */
const EXTENSION = /^(.*\d)[\s,;]*(?:ext(?:ension)?\.?|x|#)\s*:?\s*(\d{1,7})$/i
const DIGITS_ONLY = /^\+?\d+$/
/** The lookup's advice for pasted text; a cell holds one number or a mistake. */
const LOOKUP_ADVICE = / If two numbers ran together, put each on its own line\./

export const EXCEL_SCIENTIFIC_PROBLEM =
  'Written in scientific notation (as Excel shows a long number), so its last digits are lost: the column was ' +
  'formatted as a number in Excel. Format the phone column as Text, put the full numbers back, save and choose the file again.'

/**
 * The country a country-code cell names: a calling code ("44", "+44", "0044") or a two-letter
 * country ("GB"; "UK" too). Empty: the default. A string is the problem in words.
 */
export function countryOfCodeCell(
  cell: string,
  defaultCountry: CountryCode,
): { country: CountryCode } | { problem: string } {
  const text = cell.trim()
  if (text === '') return { country: defaultCountry }
  const code = /^(?:\+|00)?(\d{1,3})$/.exec(text.replace(/[\s()-]/g, ''))
  if (code?.[1] !== undefined) {
    const country = mainCountry(code[1])
    return country
      ? { country }
      : {
          problem: `The country code column says “${text}”, which is not a country calling code. Use one such as 1, 44 or +44.`,
        }
  }
  const letters = text.toUpperCase()
  if (/^[A-Z]{2}$/.test(letters)) {
    const country = letters === 'UK' ? 'GB' : letters
    if (isSupportedCountry(country)) return { country }
  }
  return {
    problem: `The country code column says “${text}”. Use a calling code such as 44 or +44, or a two-letter country such as GB.`,
  }
}

/**
 * One cell (and its country-code cell) to E.164 digits, or the problem. The
 * extension of a number ("x123") is dropped with a note: a text message goes
 * to the line itself, and the opt-out is recorded against the line.
 */
export function readCell(
  cell: string,
  codeCell: string | undefined,
  defaultCountry: CountryCode,
): CellReading {
  const text = cell.trim()
  if (text === '') return { ok: false, problem: 'Empty: this row has no number in the phone column.' }
  if (SCIENTIFIC.test(text)) return { ok: false, problem: EXCEL_SCIENTIFIC_PROBLEM }
  const place =
    codeCell === undefined ? { country: defaultCountry } : countryOfCodeCell(codeCell, defaultCountry)
  if ('problem' in place) return { ok: false, problem: place.problem }
  const { country } = place
  let number = text
  let note: string | undefined
  const extension = EXTENSION.exec(text)
  if (extension?.[1] !== undefined) {
    number = extension[1]
    note = `Extension ${extension[2] ?? ''} left out: the number itself is scrubbed.`
  }
  const compact = number.replace(PUNCTUATION, '')
  if (DIGITS_ONLY.test(compact)) {
    const digits = fastCell(compact, country)
    if (digits !== undefined) return note ? { ok: true, digits, note } : { ok: true, digits }
  }
  const read = attempt(number, country)
  if (!read.ok)
    return {
      ok: false,
      problem: read.reason.replace(LOOKUP_ADVICE, ' Check that the cell holds one number.'),
    }
  const digits = String(read.number.number).slice(1)
  return note ? { ok: true, digits, note } : { ok: true, digits }
}

/** `readCell` without the fast path: what libphonenumber alone says (for the tests that compare the two). */
export function slowCell(cell: string, country: CountryCode): string | undefined {
  const read = attempt(cell, country)
  return read.ok ? String(read.number.number).slice(1) : undefined
}

export function assertCountry(country: string): CountryCode {
  if (!isSupportedCountry(country)) throw new RangeError(`not a supported country: ${country}`)
  return country
}

const CHECK_EVERY = 16_384

/**
 * Every row's key, problem and first occurrence (see NormalisedList). A row
 * with no cell in the phone column is invalid ("Empty"). Throws the
 * 'cancelled' ReportFileFailure when `signal` aborts.
 */
export function normaliseNumbers(
  rows: readonly (readonly string[])[],
  { phoneColumn, codeColumn, defaultCountry, signal }: NormaliseOptions,
): NormalisedList {
  const country = assertCountry(defaultCountry)
  const count = rows.length
  const key = new Float64Array(count)
  const firstRowOf = new Int32Array(count)
  const problem: (string | undefined)[] = new Array<string | undefined>(count)
  const note: (string | undefined)[] = new Array<string | undefined>(count)
  const seen = new Map<number, number>()
  for (let row = 0; row < count; row += 1) {
    if (row % CHECK_EVERY === 0 && signal?.aborted) throw cancelled()
    const cells = rows[row] ?? []
    const reading = readCell(
      cells[phoneColumn] ?? '',
      codeColumn === null ? undefined : (cells[codeColumn] ?? ''),
      country,
    )
    firstRowOf[row] = row
    if (!reading.ok) {
      key[row] = NaN
      problem[row] = reading.problem
      continue
    }
    const value = Number(reading.digits)
    key[row] = value
    if (reading.note !== undefined) note[row] = reading.note
    const first = seen.get(value)
    if (first === undefined) seen.set(value, row)
    else firstRowOf[row] = first
  }
  return { key, problem, firstRowOf, note }
}

const recordPlans = new Map<string, Plan | null>()

function recordPlanOf(callingCode: string): Plan | null {
  let plan = recordPlans.get(callingCode)
  if (plan === undefined) {
    const country = mainCountry(callingCode)
    plan = country === null ? null : planOf(country)
    recordPlans.set(callingCode, plan)
  }
  return plan
}

/** A record's digits: all of them, in order, with nothing else counted. */
function digitsOf(text: string): string {
  let digits = ''
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at)
    if (code >= 48 && code <= 57) digits += text[at]
  }
  return digits
}

/**
 * The key of an opt-out record from Convoso's `phone_code` and `phone_number`,
 * without a libphonenumber parse: the code's digits (the default country's
 * when the record has none) and the number's, with the country's trunk prefix
 * (UK 0, US 1) taken off by libphonenumber's own rule (`withoutPrefix`), and the calling code taken off where Convoso was given it twice
 * ("44" + "447700900123"). NaN when there are no digits or more than 15.
 * A number kept with its own '+' or '00' ("+44 7700 900123") is read as a list
 * cell is. Agrees with `normaliseNumbers` for the same phone (tested).
 */
export function recordKey(phoneCode: string, phoneNumber: string, defaultCallingCode = '1'): number {
  const number = phoneNumber.trim()
  if (number.charCodeAt(0) === 43 /* + */ || number.startsWith('00')) {
    const reading = readCell(number, undefined, 'US')
    return reading.ok ? Number(reading.digits) : NaN
  }
  let code = digitsOf(phoneCode)
  if (code === '') code = defaultCallingCode
  let national = digitsOf(number)
  if (national === '') return NaN
  const plan = recordPlanOf(code)
  if (plan) {
    if (
      national.startsWith(code) &&
      plan.possible[national.length] !== true &&
      plan.possible[national.length - code.length] === true
    ) {
      national = national.slice(code.length)
    }
    national = withoutPrefix(national, plan, false) ?? national
  }
  const total = code.length + national.length
  return total > 15 ? NaN : Number(code + national)
}
