import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min'
import { checkDateRange, describeRange } from './date-range'

/**
 * The filter form as the user typed it. Presets, the renderer's store and the
 * search IPC payload all carry this shape; `toSearchParams` turns it into the
 * exact fields sent to Convoso. One implementation, used by the renderer while
 * the user types and by main before anything is sent. (The runtime schema main
 * checks payloads with lives in contract.ts, so zod stays out of the renderer.)
 */
export const TEXT_MATCH_MODES = ['any', 'blank', 'notBlank', 'equals'] as const
export type TextMatchMode = (typeof TEXT_MATCH_MODES)[number]

export interface SearchFilters {
  id: string
  campaignId: string
  phoneCode: string
  phoneNumber: string
  reasonMode: TextMatchMode
  reasonText: string
  purposeMode: TextMatchMode
  purposeText: string
  /** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`; with `insertDateTo`, the first day of a range. */
  insertDate: string
  /** The last day of an insert-date range (`YYYY-MM-DD`), or '' when `insertDate` alone applies. */
  insertDateTo: string
}

export type FilterField = keyof SearchFilters

export const EMPTY_FILTERS: SearchFilters = {
  id: '',
  campaignId: '',
  phoneCode: '',
  phoneNumber: '',
  reasonMode: 'any',
  reasonText: '',
  purposeMode: 'any',
  purposeText: '',
  insertDate: '',
  insertDateTo: '',
}

/** Purpose values seen in Convoso accounts: offered as suggestions, free text stays allowed. */
export const KNOWN_PURPOSES = [
  'COLLECT',
  'COMMNOTM',
  'CONFIRM',
  'ESIGN',
  'HIPAA',
  'INFORM',
  'NONCOMM',
  'NONPROF',
  'NOTFOUND',
  'NOTIFY',
  'TELEMKT',
  'VERIFY',
] as const

export const BLANK = '-BLANK-'
export const NOT_BLANK = '-NOTBLANK-'

/** The Convoso search fields a filter can set; empty fields are never sent. */
export interface SearchParams {
  id?: string
  campaign_id?: string
  phone_number?: string
  phone_code?: string
  reason?: string
  purpose?: string
  insert_date?: string
  /**
   * Not a Convoso field and never sent: the last day of a range starting on the day in `insert_date`.
   * Sources run such a range as one search per day (services/search/day-range-search.ts).
   */
  insert_date_to?: string
}

/** Every search field Convoso takes besides auth_token, offset and limit, in the order they are sent. */
export const SEARCH_PARAM_FIELDS = [
  'id',
  'campaign_id',
  'phone_number',
  'phone_code',
  'reason',
  'purpose',
  'insert_date',
] as const satisfies readonly (keyof SearchParams)[]

export type FilterValidation =
  { ok: true; params: SearchParams } | { ok: false; fieldErrors: Partial<Record<FilterField, string>> }

const PHONE_PUNCTUATION = /[\s\-.()]/g
const DIGITS = /^\d+$/

/** Country calling codes are prefix-free, so the first match on a leading `+` is the code. */
let callingCodes: Set<string> | undefined
function knownCallingCodes(): Set<string> {
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)))
  return callingCodes
}

export interface NormalisedPhone {
  phoneNumber: string
  /** Set when the number was typed with a leading `+code`. */
  phoneCode?: string
}

/**
 * Normalises a phone number typed the way people type them:
 * `(818) 123-3567`, `818.123.3567`, `+1 818 123 3567`, `+18181233567`.
 * Returns an error message instead when what is left is not digits.
 */
export function normalisePhone(raw: string): NormalisedPhone | { error: string } {
  const trimmed = raw.trim()
  if (trimmed.startsWith('+')) {
    const rest = trimmed.slice(1)
    // "+44 20 7946 0000": the user's own separator marks where the code ends.
    const separated = /^(\d{1,4})[\s\-.()]+(.*)$/.exec(rest)
    if (separated) {
      const number = (separated[2] ?? '').replace(PHONE_PUNCTUATION, '')
      if (!DIGITS.test(number)) return { error: 'Use digits only after the country code.' }
      return { phoneCode: separated[1] ?? '', phoneNumber: number }
    }
    const digits = rest.replace(PHONE_PUNCTUATION, '')
    if (!DIGITS.test(digits)) return { error: 'Use digits only, e.g. +1 818 123 3567.' }
    for (let length = 1; length <= 3; length += 1) {
      const code = digits.slice(0, length)
      if (knownCallingCodes().has(code)) {
        const number = digits.slice(length)
        if (number === '') return { error: 'Type the number after the country code.' }
        return { phoneCode: code, phoneNumber: number }
      }
    }
    return { error: 'That country code is not recognised. Put the code in the Phone code field.' }
  }
  const digits = trimmed.replace(PHONE_PUNCTUATION, '')
  if (!DIGITS.test(digits)) {
    return { error: 'Use digits only; spaces, dashes, dots and parentheses are fine.' }
  }
  return { phoneNumber: digits }
}

export function normalisePhoneCode(raw: string): string | { error: string } {
  const code = raw.trim().replace(/^\+/, '')
  if (!/^\d{1,4}$/.test(code)) return { error: 'Use 1 to 4 digits, e.g. 1 for US and Canada.' }
  return code
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** Accepts `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` naming a real calendar moment. */
export function validateInsertDate(raw: string): string | { error: string } {
  const value = raw.trim().replace('T', ' ')
  const match = DATE_TIME.exec(value) ?? DATE_ONLY.exec(value)
  if (!match) return { error: 'Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.' }
  const [year, month, day, hour = '0', minute = '0', second = '0'] = match.slice(1).map(String)
  const y = Number(year)
  const m = Number(month)
  const d = Number(day)
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth) return { error: 'That date does not exist.' }
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return { error: 'That time does not exist.' }
  }
  return value
}

function textParam(mode: TextMatchMode, text: string): string | undefined | { error: string } {
  switch (mode) {
    case 'any':
      return undefined
    case 'blank':
      return BLANK
    case 'notBlank':
      return NOT_BLANK
    case 'equals': {
      const value = text.trim()
      return value === '' ? { error: 'Type the text to match, or choose "any".' } : value
    }
  }
}

function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value
}

/**
 * Validates every field and builds the Convoso search fields. A search with
 * any field error is never sent; each error says what to type instead.
 */
export function toSearchParams(filters: SearchFilters): FilterValidation {
  const errors: Partial<Record<FilterField, string>> = {}
  const params: SearchParams = {}

  const id = filters.id.trim()
  if (id !== '') {
    if (DIGITS.test(id)) params.id = id
    else errors.id = 'A record ID is digits only.'
  }

  const campaign = filters.campaignId.trim()
  if (campaign !== '') {
    // -1 selects "purpose-type" opt-outs in some Convoso accounts.
    if (/^(-1|\d+)$/.test(campaign) && campaign.length <= 12) {
      params.campaign_id = String(Number(campaign))
    } else {
      errors.campaignId = 'Use a whole number: 0 for global opt-outs, or a campaign ID.'
    }
  }

  let codeFromNumber: string | undefined
  if (filters.phoneNumber.trim() !== '') {
    const phone = normalisePhone(filters.phoneNumber)
    if (isError(phone)) errors.phoneNumber = phone.error
    else {
      params.phone_number = phone.phoneNumber
      codeFromNumber = phone.phoneCode
    }
  }

  if (filters.phoneCode.trim() !== '') {
    const code = normalisePhoneCode(filters.phoneCode)
    if (isError(code)) errors.phoneCode = code.error
    else if (codeFromNumber !== undefined && codeFromNumber !== code) {
      errors.phoneNumber = `The number starts with +${codeFromNumber} but the phone code is ${code}.`
    } else params.phone_code = code
  } else if (codeFromNumber !== undefined) {
    params.phone_code = codeFromNumber
  }

  const reason = textParam(filters.reasonMode, filters.reasonText)
  if (isError(reason)) errors.reasonText = reason.error
  else if (reason !== undefined) params.reason = reason

  const purpose = textParam(filters.purposeMode, filters.purposeText)
  if (isError(purpose)) errors.purposeText = purpose.error
  else if (purpose !== undefined) params.purpose = purpose

  if (filters.insertDate.trim() !== '') {
    const date = validateInsertDate(filters.insertDate)
    if (isError(date)) errors.insertDate = date.error
    else params.insert_date = date
  }
  const to = filters.insertDateTo.trim()
  if (to !== '' && errors.insertDate === undefined) {
    const range = checkDateRange(params.insert_date ?? '', to)
    if (!range.ok) errors[range.field] = range.error
    // From = To is one day: one request, no range to walk.
    else if (range.days > 1) params.insert_date_to = to
  }

  return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, params }
}

/** A short human summary of the filters, e.g. for a banner or a file name. */
export function describeFilters(params: SearchParams): string {
  const parts: string[] = []
  const text = (value: string): string =>
    value === BLANK ? 'blank' : value === NOT_BLANK ? 'not blank' : `"${value}"`
  if (params.id) parts.push(`record ${params.id}`)
  if (params.campaign_id !== undefined) {
    parts.push(params.campaign_id === '0' ? 'global' : `campaign ${params.campaign_id}`)
  }
  if (params.phone_code) parts.push(`+${params.phone_code}`)
  if (params.phone_number) parts.push(`phone ${params.phone_number}`)
  if (params.reason) parts.push(`reason ${text(params.reason)}`)
  if (params.purpose) parts.push(`purpose ${text(params.purpose)}`)
  if (params.insert_date && params.insert_date_to) {
    parts.push(`inserted ${describeRange(params.insert_date, params.insert_date_to)}`)
  } else if (params.insert_date) parts.push(`inserted ${params.insert_date}`)
  return parts.length === 0 ? 'all records' : parts.join(', ')
}
