import type { OptOutRecord } from '../records'
import type { AppError } from '../result'
import type { InvalidEntry, PhoneEntry } from './phone-list'

/**
 * What a lookup answers for each number pasted: the job's outcome, shown by
 * the window and written by the lookup report. One verdict per distinct
 * number, in pasted order.
 */

export type LookupVerdict =
  /** Every opt-out record Convoso holds for the number (global and per campaign). */
  | { verdict: 'opted-out'; entry: PhoneEntry; records: OptOutRecord[] }
  | { verdict: 'not-found'; entry: PhoneEntry }
  /** The parser could not read it as a number; nothing was asked. */
  | { verdict: 'invalid'; entry: InvalidEntry }
  /** Convoso could not be asked (after retries); the other numbers are unaffected. */
  | { verdict: 'failed'; entry: PhoneEntry; error: AppError }
  /** The lookup was cancelled before this number was asked. */
  | { verdict: 'not-checked'; entry: PhoneEntry }

export type VerdictKind = LookupVerdict['verdict']

export interface LookupSourceInfo {
  kind: 'convoso' | 'report'
  /** The API base asked, or where the opened report's rows came from. */
  apiBase: string
  /** Set when the numbers were looked up in an opened report file rather than in Convoso. */
  reportFileName?: string
}

export interface LookupOutcome {
  /**
   * One per distinct entry, in pasted order. A cancelled lookup keeps the
   * verdicts it had and gives every number it had not asked 'not-checked'.
   */
  verdicts: LookupVerdict[]
  /** 'cancelled': stopped by the user; `counts['not-checked']` numbers were never asked. */
  completion: 'complete' | 'cancelled'
  counts: Record<VerdictKind, number>
  /** Pieces of text pasted, duplicates included. */
  inputCount: number
  duplicatesCollapsed: number
  /** ISO 3166 country numbers without a country code were read as. */
  defaultCountry: string
  source: LookupSourceInfo
  /** ISO 8601. */
  startedAt: string
  finishedAt: string
}

export function countVerdicts(verdicts: readonly LookupVerdict[]): Record<VerdictKind, number> {
  const counts: Record<VerdictKind, number> = {
    'opted-out': 0,
    'not-found': 0,
    invalid: 0,
    failed: 0,
    'not-checked': 0,
  }
  for (const { verdict } of verdicts) counts[verdict] += 1
  return counts
}

/** "global" or "campaign 42 (Spring promo)". */
export function optOutScope(record: Pick<OptOutRecord, 'campaign_id' | 'campaign_name'>): string {
  if (record.campaign_id === '0') return 'global'
  const name = record.campaign_name.trim()
  return `campaign ${record.campaign_id}${name === '' ? '' : ` (${name})`}`
}

/** `2024-04-22 17:01:31` → `2024-04-22 17:01`; anything else as Convoso sent it. */
export function toMinute(insertDate: string): string {
  return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/.test(insertDate) ? insertDate.slice(0, 16) : insertDate
}

/** One record as a clause: "global, since 2024-04-22 17:01, reason: Customer asked". */
export function describeOptOut(record: OptOutRecord): string {
  const parts = [optOutScope(record)]
  if (record.insert_date.trim() !== '') parts.push(`since ${toMinute(record.insert_date.trim())}`)
  parts.push(record.reason.trim() === '' ? 'no reason recorded' : `reason: ${record.reason.trim()}`)
  if (record.purpose.trim() !== '') parts.push(`purpose: ${record.purpose.trim()}`)
  return parts.join(', ')
}

/**
 * Whether a record is one of `phoneNumber` in country `phoneCode`: the exact
 * digits, stored with that country code or with none (Convoso keeps what was
 * inserted, so "+1" and "" occur too). The same digits under another code are
 * another number.
 */
export function isRecordOfNumber(
  record: Pick<OptOutRecord, 'phone_number' | 'phone_code'>,
  phoneNumber: string,
  phoneCode: string,
): boolean {
  const code = record.phone_code.trim().replace(/^(\+|00)/, '')
  return record.phone_number.trim() === phoneNumber && (code === '' || code === phoneCode)
}

/** "is not on the opt-out list", or "is not in this report" when an opened report was searched. */
export function notFoundPhrase(source: LookupSourceInfo['kind'] = 'convoso'): string {
  return source === 'report' ? 'is not in this report' : 'is not on the opt-out list'
}

/**
 * "(818) 123-3567 is opted out: global, since …." for one record, "… is opted
 * out in 3 places: …; …; …." for several (one clause each).
 */
export function describeOptedOut(display: string, records: readonly OptOutRecord[]): string {
  const clauses = records.map(describeOptOut).join('; ')
  return records.length === 1
    ? `${display} is opted out: ${clauses}.`
    : `${display} is opted out in ${records.length} places: ${clauses}.`
}

/**
 * The verdict as one plain sentence, e.g.
 * "(818) 123-3567 is opted out: global, since 2024-04-22 17:01, reason: …".
 * `source`: where the numbers were looked up (an opened report says "is not in this report").
 */
export function describeVerdict(
  verdict: LookupVerdict,
  source: LookupSourceInfo['kind'] = 'convoso',
): string {
  switch (verdict.verdict) {
    case 'opted-out':
      return describeOptedOut(verdict.entry.display, verdict.records)
    case 'not-found':
      return `${verdict.entry.display} ${notFoundPhrase(source)}.`
    case 'invalid':
      return `"${verdict.entry.input}" is not a valid phone number: ${verdict.entry.reason}`
    case 'failed':
      return `${verdict.entry.display} could not be checked: ${verdict.error.message}`
    case 'not-checked':
      return `${verdict.entry.display} was not checked: the lookup was cancelled first.`
  }
}

/** Numbers that were (or were to be) asked: every verdict but 'invalid'. */
export function numbersToCheck(counts: Record<VerdictKind, number>): number {
  return counts['opted-out'] + counts['not-found'] + counts.failed + counts['not-checked']
}

/** "Complete: all 3 numbers checked" or "Cancelled after 12 of 40 numbers: 28 not checked". */
export function describeCompletion(outcome: Pick<LookupOutcome, 'completion' | 'counts'>): string {
  const total = numbersToCheck(outcome.counts)
  const left = outcome.counts['not-checked']
  const of = (value: number): string => value.toLocaleString('en-US')
  if (outcome.completion === 'complete') {
    return `Complete: ${total === 1 ? 'the number' : `all ${of(total)} numbers`} checked`
  }
  return `Cancelled after ${of(total - left)} of ${of(total)} ${total === 1 ? 'number' : 'numbers'}: ${of(left)} not checked`
}
