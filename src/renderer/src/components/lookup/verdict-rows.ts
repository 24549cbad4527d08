import type { LookupEntry } from '../../../../shared/lookup/phone-list'
import {
  optOutScope,
  toMinute,
  type LookupVerdict,
  type VerdictKind,
} from '../../../../shared/lookup/verdicts'
import type { OptOutRecord } from '../../../../shared/records'
import type { LookupView } from '../../stores/lookup'

/**
 * The verdict table's rows: main's verdicts once the lookup is done or
 * cancelled (a cancel keeps those given; the rest are "not checked"), and
 * until then the list as the window read it (the invalid entries already
 * answered, the numbers "checking").
 */

export type RowVerdict = VerdictKind | 'checking' | 'not-checked'

export interface OptOutLine {
  where: string
  since: string
  reason: string
  purpose: string
}

export interface VerdictRow {
  key: string
  /** The number formatted, or the text as pasted when it is not a number. */
  number: string
  verdict: RowVerdict
  /** "Opted out", "Not found", … */
  label: string
  /** Why it is not a valid number, or Convoso's message when it could not be checked. */
  detail: string | null
  /** One per opt-out record (where, since when, why). */
  optOuts: OptOutLine[]
  /** Times it was pasted (duplicates are checked once). */
  occurrences: number
}

export const VERDICT_LABELS: Record<RowVerdict, string> = {
  'opted-out': 'Opted out',
  'not-found': 'Not found',
  invalid: 'Not a valid number',
  failed: 'Could not be checked',
  checking: 'Checking…',
  'not-checked': 'Not checked',
}

function optOutLine(record: OptOutRecord): OptOutLine {
  return {
    where: optOutScope(record),
    since: toMinute(record.insert_date.trim()),
    reason: record.reason.trim(),
    purpose: record.purpose.trim(),
  }
}

function fromVerdict(verdict: LookupVerdict): VerdictRow {
  const base = { label: VERDICT_LABELS[verdict.verdict], occurrences: verdict.entry.occurrences }
  switch (verdict.verdict) {
    case 'opted-out':
      return {
        ...base,
        key: verdict.entry.e164,
        number: verdict.entry.display,
        verdict: 'opted-out',
        detail: null,
        optOuts: verdict.records.map(optOutLine),
      }
    case 'not-found':
      return {
        ...base,
        key: verdict.entry.e164,
        number: verdict.entry.display,
        verdict: 'not-found',
        detail: null,
        optOuts: [],
      }
    case 'invalid':
      return {
        ...base,
        key: `invalid:${verdict.entry.input}`,
        number: verdict.entry.input,
        verdict: 'invalid',
        detail: verdict.entry.reason,
        optOuts: [],
      }
    case 'failed':
      return {
        ...base,
        key: verdict.entry.e164,
        number: verdict.entry.display,
        verdict: 'failed',
        detail: verdict.error.message,
        optOuts: [],
      }
    case 'not-checked':
      return {
        ...base,
        key: verdict.entry.e164,
        number: verdict.entry.display,
        verdict: 'not-checked',
        detail: null,
        optOuts: [],
      }
  }
}

function fromEntry(entry: LookupEntry, pending: 'checking' | 'not-checked'): VerdictRow {
  if (entry.kind === 'invalid') return fromVerdict({ verdict: 'invalid', entry })
  return {
    key: entry.e164,
    number: entry.display,
    verdict: pending,
    label: VERDICT_LABELS[pending],
    detail: null,
    optOuts: [],
    occurrences: entry.occurrences,
  }
}

export function verdictRows(view: LookupView): VerdictRow[] {
  if (view.outcome) return view.outcome.verdicts.map(fromVerdict)
  if (!view.list) return []
  const pending = view.phase === 'starting' || view.phase === 'running' ? 'checking' : 'not-checked'
  return view.list.entries.map((entry) => fromEntry(entry, pending))
}
