import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/min'
import metadata from 'libphonenumber-js/metadata.min.json'

/**
 * Turns what a user pastes into the Phone number field into the numbers a
 * lookup searches for, one entry per number. Pure: main parses the text again
 * before any request (it never trusts the window), and the window uses the same
 * function to show what it will check.
 *
 * The rule that matters most: two numbers are never joined into one. Newlines,
 * commas, semicolons, tabs and runs of two or more spaces always separate. A
 * single space may sit inside a number ("818 123 3567"), so single-spaced
 * pieces are grouped into the longest run that makes a possible number and no
 * longer: "818 123 3567 213 555 0100" is two numbers. A `+` only ever
 * starts a number.
 *
 * "Possible" (the right number of digits for the country) rather than "valid"
 * (a number plan the metadata knows) decides: a lookup must still ask Convoso
 * about a number the metadata thinks unassigned (such as the (818) 123-3567 of
 * Convoso's own example), or a stored opt-out would read as "not found".
 */

/** Where a number is assumed to be when it has no country code. */
export const DEFAULT_LOOKUP_COUNTRY = 'US'

/** Most numbers one lookup checks; a longer list is refused with this number in the message. */
export const MAX_LOOKUP_NUMBERS = 10_000

/** Most characters of pasted text main reads for one lookup (10,000 numbers with generous punctuation). */
export const MAX_LOOKUP_TEXT_LENGTH = 1_000_000

export interface PhoneEntry {
  kind: 'number'
  /** The text as pasted (first occurrence), trimmed. */
  input: string
  /** Country calling code, digits only: Convoso's `phone_code`. */
  phoneCode: string
  /** The national number without country code or trunk prefix: Convoso's `phone_number`. */
  phoneNumber: string
  /**
   * Every `phone_number` text to search with, `phoneNumber` first. Where the
   * country writes numbers with a trunk 0 (UK 07700 900123) the form with it is
   * searched too, since Convoso keeps whatever text the number was inserted as.
   */
  searchForms: string[]
  /** ISO 3166 country, when the number tells (null for shared codes it cannot place). */
  country: string | null
  /** National format for the default country's calling code, international otherwise. */
  display: string
  /** +<code><number>, one key per number. */
  e164: string
  /** How many times it was pasted; duplicates are collapsed into the first. */
  occurrences: number
}

export interface InvalidEntry {
  kind: 'invalid'
  input: string
  /** What is wrong and what to do. */
  reason: string
  occurrences: number
}

export type LookupEntry = PhoneEntry | InvalidEntry

export interface PhoneList {
  /** In pasted order, one per distinct number (or distinct invalid text). */
  entries: LookupEntry[]
  /** Pieces of text found, duplicates included. */
  inputCount: number
  /** Pieces dropped because an earlier one was the same number. */
  duplicatesCollapsed: number
}

const HARD_SEPARATORS = /[\r\n,;\t]+/
const SPACE_RUN = /\s{2,}/
const SINGLE_SPACES = /\s+/
/** What may sit inside a number besides digits: spaces, dashes (any kind), dots, slashes, parentheses. */
export const PUNCTUATION = /[\s\-\u2010-\u2015\u2212.()/[\]]/g
/** A group is at most this many single-spaced pieces ("+1 (818) 123 - 35 67" is six). */
const MAX_PIECES = 8

export function isLookupCountry(country: string): country is CountryCode {
  return isSupportedCountry(country)
}

/**
 * The country a calling code is read as (its main country: 1 → US, 44 → GB),
 * e.g. for the Phone code field; undefined when no country has that code.
 */
export function countryForCallingCode(code: string): CountryCode | undefined {
  const main = metadata.country_calling_codes[code.trim().replace(/^\+/, '')]?.[0]
  return main !== undefined && isLookupCountry(main) ? main : undefined
}

export type Attempt = { ok: true; number: PhoneNumber } | { ok: false; reason: string }

function countryName(country: CountryCode): string {
  return country === 'US' ? 'a US' : country === 'GB' ? 'a UK' : `a ${country}`
}

/**
 * Reads one candidate number; `reason` says what is wrong with it and what to do. Also the send
 * list's reader of one cell (main/services/send-list/normalise.ts), so both read numbers alike.
 */
export function attempt(text: string, country: CountryCode): Attempt {
  const trimmed = text.trim()
  let compact = trimmed.replace(PUNCTUATION, '')
  // "00 44 …" is how most of the world dials abroad: read it as "+44 …".
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`
  if (compact === '' || compact === '+') return { ok: false, reason: 'Not a phone number: it has no digits.' }
  if (!/^\+?\d+$/.test(compact)) {
    return {
      ok: false,
      reason: 'Not a phone number: use digits (spaces, dashes, dots and parentheses are fine).',
    }
  }
  try {
    const number = parsePhoneNumberWithError(compact, { defaultCountry: country, extract: false })
    if (number.isPossible()) return { ok: true, number }
    const digits = number.nationalNumber.length
    return {
      ok: false,
      reason:
        digits < 10 && number.countryCallingCode === getCountryCallingCode(country)
          ? `Too short for ${countryName(country)} number: include the area code.`
          : `Not a possible +${number.countryCallingCode} number (${digits} digits after the country code). If two numbers ran together, put each on its own line.`,
    }
  } catch (error) {
    const code = error instanceof ParseError ? error.message : ''
    switch (code) {
      case 'INVALID_COUNTRY':
        return compact.startsWith('+')
          ? { ok: false, reason: 'The country code after "+" is not one that exists.' }
          : { ok: false, reason: 'Add the country code, e.g. +44 for the UK.' }
      case 'TOO_SHORT':
        return { ok: false, reason: 'Too short to be a phone number.' }
      case 'TOO_LONG':
        return {
          ok: false,
          reason: 'Too long to be one phone number. If two numbers ran together, put each on its own line.',
        }
      default:
        return { ok: false, reason: 'Not a phone number.' }
    }
  }
}

function entryFor(input: string, number: PhoneNumber, country: CountryCode): PhoneEntry {
  const phoneNumber = String(number.nationalNumber)
  const phoneCode = String(number.countryCallingCode)
  const national = number.formatNational()
  const nationalDigits = national.replace(/\D/g, '')
  const withTrunk =
    nationalDigits !== phoneNumber && nationalDigits.endsWith(phoneNumber) ? [nationalDigits] : []
  return {
    kind: 'number',
    input,
    phoneCode,
    phoneNumber,
    searchForms: [phoneNumber, ...withTrunk],
    country: number.country ?? null,
    display: phoneCode === getCountryCallingCode(country) ? national : number.formatInternational(),
    e164: String(number.number),
    occurrences: 1,
  }
}

const startsNumber = (piece: string): boolean => piece.replace(/[\s()]/g, '').startsWith('+')
/** No number has more digits than this (15 by E.164, plus an international prefix). */
const MAX_DIGITS = 18

/**
 * Splits one space-separated segment into numbers: at each piece, the longest
 * run of pieces that reads as a possible number. Pieces that start no possible
 * number are kept together as one invalid entry until the next number starts.
 */
function splitSegment(segment: string, country: CountryCode): Array<{ input: string } & Attempt> {
  const pieces = segment.trim().split(SINGLE_SPACES)
  const found: Array<{ input: string } & Attempt> = []
  const longestAt = (start: number): { end: number; number: PhoneNumber } | undefined => {
    // The runs worth reading: up to MAX_PIECES pieces, MAX_DIGITS digits, and no "+" after the first.
    let last = start
    let digits = 0
    while (last < Math.min(pieces.length, start + MAX_PIECES)) {
      const piece = pieces[last] ?? ''
      digits += piece.replace(/\D/g, '').length
      if (digits > MAX_DIGITS || (last > start && startsNumber(piece))) break
      last += 1
    }
    // Longest first: one number per line is then read once.
    for (let end = last; end > start; end -= 1) {
      const read = attempt(pieces.slice(start, end).join(' '), country)
      if (read.ok) return { end, number: read.number }
    }
    return undefined
  }
  let index = 0
  let pending: string[] = []
  const flushPending = (): void => {
    if (pending.length === 0) return
    const input = pending.join(' ')
    found.push({ input, ...attempt(input, country) })
    pending = []
  }
  while (index < pieces.length) {
    const match = longestAt(index)
    if (match) {
      flushPending()
      found.push({ input: pieces.slice(index, match.end).join(' '), ok: true, number: match.number })
      index = match.end
    } else {
      pending.push(pieces[index] ?? '')
      index += 1
    }
  }
  flushPending()
  return found
}

interface ListReader {
  /** Reads one piece of text between hard separators (a line, or what sits between commas). */
  read(chunk: string): void
  result(): PhoneList
}

function createListReader(defaultCountry: string): ListReader {
  const country: CountryCode = isLookupCountry(defaultCountry) ? defaultCountry : DEFAULT_LOOKUP_COUNTRY
  const entries: LookupEntry[] = []
  const seen = new Map<string, LookupEntry>()
  let inputCount = 0
  return {
    read(chunk) {
      for (const segment of chunk.split(SPACE_RUN)) {
        if (segment.trim() === '') continue
        for (const read of splitSegment(segment, country)) {
          inputCount += 1
          const entry: LookupEntry = read.ok
            ? entryFor(read.input, read.number, country)
            : { kind: 'invalid', input: read.input, reason: read.reason, occurrences: 1 }
          const key = entry.kind === 'number' ? entry.e164 : `invalid:${entry.input}`
          const earlier = seen.get(key)
          if (earlier) {
            earlier.occurrences += 1
            continue
          }
          seen.set(key, entry)
          entries.push(entry)
        }
      }
    },
    result: () => ({ entries, inputCount, duplicatesCollapsed: inputCount - entries.length }),
  }
}

/**
 * Parses a pasted list. `defaultCountry` (ISO 3166, e.g. 'US', 'GB') places
 * numbers typed without a country code; an unknown one falls back to the US.
 */
export function parsePhoneList(text: string, defaultCountry: string = DEFAULT_LOOKUP_COUNTRY): PhoneList {
  const reader = createListReader(defaultCountry)
  for (const chunk of text.split(HARD_SEPARATORS)) reader.read(chunk)
  return reader.result()
}

/**
 * The same parse, handing the thread back (`pause`) after every `sliceMs` of
 * work: 10,000 numbers take a few hundred milliseconds to a second or two, which
 * main must not spend in one piece while it also answers the window.
 */
export async function parsePhoneListInSteps(
  text: string,
  defaultCountry: string,
  pause: () => Promise<void>,
  sliceMs = 10,
): Promise<PhoneList> {
  const reader = createListReader(defaultCountry)
  let sliceStart = performance.now()
  for (const chunk of text.split(HARD_SEPARATORS)) {
    reader.read(chunk)
    if (performance.now() - sliceStart >= sliceMs) {
      await pause()
      sliceStart = performance.now()
    }
  }
  return reader.result()
}
