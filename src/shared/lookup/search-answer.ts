import { describeFilters, type SearchParams } from '../filters'
import type { OptOutRecord } from '../records'
import { DEFAULT_LOOKUP_COUNTRY, parsePhoneList } from './phone-list'
import { describeOptedOut, isRecordOfNumber, notFoundPhrase, type LookupSourceInfo } from './verdicts'

/**
 * The plain sentence shown above the grid when a search was for one phone
 * number: "(818) 123-3567 is opted out: global, since …" or "… is not on the
 * opt-out list". It is built from what the search sent and what it found,
 * never from what the form says now, so it is true of what was searched:
 * Convoso matches `phone_number` exactly, and a `phone_code` sent with it
 * leaves out records stored with another code or none (the sentence says so).
 */

export type SearchAnswer =
  /** The number's verdict, from every record the search found. */
  | { kind: 'verdict'; verdict: 'opted-out' | 'not-found'; text: string }
  /** Other filters narrowed the search: the rows are not the whole answer for the number. */
  | { kind: 'narrowed'; text: string }

export interface SearchAnswerInput {
  /** What main sent for the search (SearchResponse.params). */
  params: SearchParams
  /** The page on screen. */
  records: readonly OptOutRecord[]
  total: number
  offset: number
  source: LookupSourceInfo['kind']
}

const PHONE_PARAMS = new Set<keyof SearchParams>(['phone_number', 'phone_code'])

interface SearchedNumber {
  display: string
  /** Digits compared with each record's `phone_number`. */
  phoneNumber: string
  /** The country code a record must have (or none); undefined when not known. */
  phoneCode: string | undefined
  /** The digits this number is usually stored as, when the search asked for other digits. */
  usualForm: string | undefined
}

/** Names the searched number the way a lookup would, but only where that is the exact text searched. */
function searchedNumber(phoneNumber: string, phoneCode: string | undefined): SearchedNumber {
  const entry = parsePhoneList(
    phoneCode ? `+${phoneCode} ${phoneNumber}` : phoneNumber,
    DEFAULT_LOOKUP_COUNTRY,
  ).entries[0]
  if (entry?.kind !== 'number') {
    return {
      display: phoneCode ? `+${phoneCode} ${phoneNumber}` : phoneNumber,
      phoneNumber,
      phoneCode,
      usualForm: undefined,
    }
  }
  if (!entry.searchForms.includes(phoneNumber)) {
    // E.g. "18181233567": Convoso was asked for those exact digits, not for (818) 123-3567.
    return {
      display: phoneCode ? `+${phoneCode} ${phoneNumber}` : phoneNumber,
      phoneNumber,
      phoneCode,
      usualForm: entry.phoneNumber,
    }
  }
  return { display: entry.display, phoneNumber, phoneCode: entry.phoneCode, usualForm: undefined }
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

/** The sentence for a search, or null when it was not for a phone number. */
export function describeSearchAnswer({
  params,
  records,
  total,
  offset,
  source,
}: SearchAnswerInput): SearchAnswer | null {
  const phoneNumber = params.phone_number
  if (phoneNumber === undefined || phoneNumber === '') return null
  const number = searchedNumber(phoneNumber, params.phone_code)
  const others = Object.fromEntries(
    Object.entries(params).filter(([field]) => !PHONE_PARAMS.has(field as keyof SearchParams)),
  ) as SearchParams
  if (Object.keys(others).length > 0) {
    return {
      kind: 'narrowed',
      text:
        `Only ${number.display}’s records that also match ${describeFilters(others)} are shown. ` +
        'Clear the other filters to see whether it is opted out anywhere.',
    }
  }
  if (offset > 0 || total > records.length) {
    // More records than one page: the grid lists them; the sentence does not pretend to have read them all.
    return {
      kind: 'verdict',
      verdict: 'opted-out',
      text: `${number.display} has ${plural(total, 'opt-out record', 'opt-out records')} under these exact digits; the grid lists them page by page.`,
    }
  }
  const mine = records.filter((record) =>
    number.phoneCode === undefined
      ? record.phone_number.trim() === number.phoneNumber
      : isRecordOfNumber(record, number.phoneNumber, number.phoneCode),
  )
  const elsewhere = records.length - mine.length
  const notes: string[] = []
  if (elsewhere > 0) {
    notes.push(
      `The grid also shows ${plural(elsewhere, 'record', 'records')} for the same digits under another country code.`,
    )
  }
  if (mine.length === 0 && params.phone_code) {
    notes.push(`Only records stored with country code ${params.phone_code} were searched.`)
  }
  if (mine.length === 0 && number.usualForm) {
    notes.push(
      `Convoso matches the exact digits, and this number is usually stored as ${number.usualForm}: search that to check it.`,
    )
  }
  const sentence =
    mine.length > 0 ? describeOptedOut(number.display, mine) : `${number.display} ${notFoundPhrase(source)}.`
  return {
    kind: 'verdict',
    verdict: mine.length > 0 ? 'opted-out' : 'not-found',
    text: [sentence, ...notes].join(' '),
  }
}
