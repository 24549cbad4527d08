import { BLANK, NOT_BLANK, type SearchParams } from '../../../shared/filters'
import type { OptOutRecord } from '../../../shared/records'

/**
 * Convoso's search-filter semantics, in one place: the local Convoso-compatible
 * server filters with this, and so will any offline search over saved reports,
 * so the two can never disagree about which rows a filter selects.
 *
 * Every filter is an exact, case-sensitive string comparison. The published spec
 * says nothing about case or padding, and exact equality is the only reading it
 * implies. (The live API may well sit on a case-insensitive SQL collation; that is
 * unverified, and guessing "looser" would make offline results claim matches the
 * live API might not return.) Filters combine with AND; an unset or empty field
 * does not filter, mirroring "empty fields are not sent".
 */

export type RecordPredicate = (record: OptOutRecord) => boolean

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== ''
}

function exact(field: 'id' | 'campaign_id' | 'phone_code' | 'phone_number', wanted: string): RecordPredicate {
  return (record) => record[field] === wanted
}

function text(field: 'reason' | 'purpose', wanted: string): RecordPredicate {
  // A reason of only spaces reads as empty to a person, so it counts as blank.
  if (wanted === BLANK) return (record) => record[field].trim() === ''
  if (wanted === NOT_BLANK) return (record) => record[field].trim() !== ''
  return (record) => record[field] === wanted
}

function insertDate(wanted: string): RecordPredicate {
  if (DATE_ONLY.test(wanted)) {
    // A day selects every record stamped that day, whatever the time.
    return (record) => {
      const value = record.insert_date
      if (!value.startsWith(wanted)) return false
      return value.length === wanted.length || value[wanted.length] === ' ' || value[wanted.length] === 'T'
    }
  }
  return (record) => record.insert_date === wanted
}

/** The day a record was inserted (`YYYY-MM-DD`), or '' when its insert date does not start with one. */
export function insertDay(value: string): string {
  const day = value.slice(0, 10)
  if (!DATE_ONLY.test(day)) return ''
  return value.length === 10 || value[10] === ' ' || value[10] === 'T' ? day : ''
}

/** An app-side range (never sent to Convoso, which filters one date a request): every day from…to. */
function insertDayRange(from: string, to: string): RecordPredicate {
  return (record) => {
    const day = insertDay(record.insert_date)
    // `YYYY-MM-DD` strings sort as the days they name.
    return day !== '' && day >= from && day <= to
  }
}

/** True when `params` filters anything at all. */
export function hasFilters(params: SearchParams): boolean {
  return (
    isSet(params.id) ||
    isSet(params.campaign_id) ||
    isSet(params.phone_code) ||
    isSet(params.phone_number) ||
    isSet(params.reason) ||
    isSet(params.purpose) ||
    isSet(params.insert_date)
  )
}

/**
 * Builds the predicate once so scanning a million records costs only the
 * comparisons, not re-reading `params` per record.
 */
export function compileMatcher(params: SearchParams): RecordPredicate {
  const checks: RecordPredicate[] = []
  if (isSet(params.id)) checks.push(exact('id', params.id))
  if (isSet(params.campaign_id)) checks.push(exact('campaign_id', params.campaign_id))
  if (isSet(params.phone_code)) checks.push(exact('phone_code', params.phone_code))
  if (isSet(params.phone_number)) checks.push(exact('phone_number', params.phone_number))
  if (isSet(params.reason)) checks.push(text('reason', params.reason))
  if (isSet(params.purpose)) checks.push(text('purpose', params.purpose))
  if (isSet(params.insert_date) && isSet(params.insert_date_to)) {
    checks.push(insertDayRange(params.insert_date, params.insert_date_to))
  } else if (isSet(params.insert_date)) checks.push(insertDate(params.insert_date))

  if (checks.length === 0) return () => true
  if (checks.length === 1) return checks[0] as RecordPredicate
  return (record) => {
    for (const check of checks) if (!check(record)) return false
    return true
  }
}

export function recordMatches(record: OptOutRecord, params: SearchParams): boolean {
  return compileMatcher(params)(record)
}
