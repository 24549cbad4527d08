import type { LookupOutcome, LookupVerdict, VerdictKind } from '../../../shared/lookup/verdicts'
import { optOutScope } from '../../../shared/lookup/verdicts'

/**
 * The lookup report's table: one row per opt-out record of an opted-out
 * number, and one row for every other entry. A number opted out in two places
 * takes two rows with the same Entry number: each record keeps its own where,
 * since and reason in its own cell, so an auditor can filter by campaign or
 * sort by date and count records, where one row with the records joined would
 * need reading cell by cell. Pasted order is kept; "Entry" ties the rows of
 * one number together.
 */

export interface VerdictRow {
  /** 1-based position of the entry in the pasted list (duplicates collapsed). */
  entry: number
  input: string
  timesPasted: number
  /** Convoso's phone_code: the country calling code, digits only; '' for text that is not a number. */
  countryCode: string
  /**
   * The phone_number asked for, digits only ("7700900123 or 07700900123" when both stored forms were).
   * Without a "+", which a spreadsheet would read as the start of a formula.
   */
  numberSearched: string
  country: string
  verdict: string
  where: string
  campaignId: string
  campaignName: string
  /** The record's insert date exactly as Convoso sent it. */
  since: string
  reason: string
  purpose: string
  recordId: string
  /** Why a number is invalid, Convoso's message for one that failed, or why it was not checked. */
  problem: string
}

export type VerdictColumn = keyof VerdictRow

export const VERDICT_COLUMNS: ReadonlyArray<{ key: VerdictColumn; label: string; width: number }> = [
  { key: 'entry', label: 'Entry', width: 8 },
  { key: 'input', label: 'Input as pasted', width: 22 },
  { key: 'timesPasted', label: 'Times pasted', width: 8 },
  { key: 'countryCode', label: 'Country code', width: 8 },
  { key: 'numberSearched', label: 'Number searched', width: 17 },
  { key: 'country', label: 'Country', width: 9 },
  { key: 'verdict', label: 'Verdict', width: 20 },
  { key: 'where', label: 'Where', width: 28 },
  { key: 'campaignId', label: 'Campaign ID', width: 12 },
  { key: 'campaignName', label: 'Campaign name', width: 24 },
  { key: 'since', label: 'Opted out since (insert date)', width: 20 },
  { key: 'reason', label: 'Reason', width: 40 },
  { key: 'purpose', label: 'Purpose', width: 14 },
  { key: 'recordId', label: 'Opt-out record ID', width: 14 },
  { key: 'problem', label: 'Problem', width: 50 },
]

export const VERDICT_LABELS: Record<VerdictKind, string> = {
  'opted-out': 'Opted out',
  'not-found': 'Not on the list',
  invalid: 'Not a valid number',
  failed: 'Could not be checked',
  'not-checked': 'Not checked',
}

const NOT_CHECKED_PROBLEM = 'The lookup was cancelled before this number was checked.'

const BLANK: Omit<
  VerdictRow,
  'entry' | 'input' | 'timesPasted' | 'countryCode' | 'numberSearched' | 'country' | 'verdict'
> = {
  where: '',
  campaignId: '',
  campaignName: '',
  since: '',
  reason: '',
  purpose: '',
  recordId: '',
  problem: '',
}

function rowsOf(verdict: LookupVerdict, entry: number): VerdictRow[] {
  const common = {
    entry,
    input: verdict.entry.input,
    timesPasted: verdict.entry.occurrences,
    countryCode: verdict.entry.kind === 'number' ? verdict.entry.phoneCode : '',
    numberSearched: verdict.entry.kind === 'number' ? verdict.entry.searchForms.join(' or ') : '',
    country: verdict.entry.kind === 'number' ? (verdict.entry.country ?? '') : '',
    verdict: VERDICT_LABELS[verdict.verdict],
  }
  switch (verdict.verdict) {
    case 'opted-out':
      return verdict.records.map((record) => ({
        ...common,
        ...BLANK,
        where: optOutScope(record),
        campaignId: record.campaign_id,
        campaignName: record.campaign_name,
        since: record.insert_date,
        reason: record.reason,
        purpose: record.purpose,
        recordId: record.id,
      }))
    case 'not-found':
      return [{ ...common, ...BLANK }]
    case 'invalid':
      return [{ ...common, ...BLANK, problem: verdict.entry.reason }]
    case 'failed':
      return [{ ...common, ...BLANK, problem: verdict.error.message }]
    case 'not-checked':
      return [{ ...common, ...BLANK, problem: NOT_CHECKED_PROBLEM }]
  }
}

export function verdictRows(outcome: Pick<LookupOutcome, 'verdicts'>): VerdictRow[] {
  return outcome.verdicts.flatMap((verdict, index) => rowsOf(verdict, index + 1))
}

/** Opt-out records across every opted-out number. */
export function recordCount(outcome: Pick<LookupOutcome, 'verdicts'>): number {
  return outcome.verdicts.reduce(
    (sum, verdict) => sum + (verdict.verdict === 'opted-out' ? verdict.records.length : 0),
    0,
  )
}
