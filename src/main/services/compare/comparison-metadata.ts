import {
  COMPARE_LISTS,
  type ComparisonListHash,
  type CompareOutcome,
  type CompareSide,
} from '../../../shared/compare'
import { CANONICAL_FORM_DESCRIPTION, CANONICAL_FORM_ID } from '../export/canonical-hash'
import { formatLocalTime } from '../export/report'
import { LIST_TITLES } from './comparison-table'
import { BACK_DATED_MARGIN_MS } from './match'

/**
 * What a comparison report says about itself, for its "Report" sheet and each
 * CSV's `.report.json`: both source files (name, path, when made, rows, the row
 * hash they recorded and the one recomputed, their verdict), the counts, how
 * their filters differ, the warnings, and each list's row hash.
 */

export type ListWritten = ComparisonListHash

export interface ComparisonReportFacts {
  outcome: CompareOutcome
  generatedAt: Date
  appVersion: string
  lists: ListWritten[]
}

const count = (value: number): string => value.toLocaleString('en-US')

export const BACK_DATED_RULE = `An added record whose insert date is more than ${BACK_DATED_MARGIN_MS / 3_600_000} hours earlier than the older report's generation time (insert dates are Convoso's wall-clock time in an undocumented zone, the generation time is UTC, and no zone is more than 14 hours from UTC).`
export const RE_ENTERED_RULE =
  'An added record with the phone number (phone code and number, as digits) and scope (campaign ID and purpose) of a removed record; it is also counted as added, and the removed record as removed.'
export const CHANGED_HASH_RULE = 'Changed: each record as it was, then as it is.'

function sideEntries(label: string, side: CompareSide): [string, string | number][] {
  return [
    [`${label}: file`, side.fileName],
    [`${label}: path`, side.filePath],
    [`${label}: generated at (UTC)`, side.generatedAt ?? 'Not recorded'],
    [`${label}: rows`, side.rows],
    [`${label}: filters`, side.filtersDescription || 'Not recorded'],
    [`${label}: row hash recorded (SHA-256)`, side.recordedSha256 ?? 'Not recorded'],
    [`${label}: row hash of its rows as read (SHA-256)`, side.actualSha256],
    [`${label}: integrity`, `${side.integrity}${side.partial ? ', partial' : ''}: ${side.integrityDetail}`],
  ]
}

export function comparisonReportEntries(facts: ComparisonReportFacts): [string, string | number][] {
  const { outcome } = facts
  const entries: [string, string | number][] = [
    ['Report', 'Opt-Out Desk: comparison of two SMS opt-out reports'],
    ['Generated at (local time)', formatLocalTime(facts.generatedAt)],
    ['Generated at (UTC)', facts.generatedAt.toISOString()],
    ['App version', facts.appVersion],
    ['Summary', outcome.summary],
    ...sideEntries('Older report', outcome.older),
    ...sideEntries('Newer report', outcome.newer),
    ...COMPARE_LISTS.map((list): [string, number] => [LIST_TITLES[list], outcome.counts[list]]),
    ['Unchanged', outcome.counts.unchanged],
    ['Filters match', outcome.filtersMatch ? 'Yes' : 'No'],
    ...outcome.filterNotes.map((note): [string, string] => ['Filter note', note]),
    ...outcome.warnings.map((warning): [string, string] => ['Warning', warning]),
    ['Re-entered means', RE_ENTERED_RULE],
    ['Back-dated means', BACK_DATED_RULE],
  ]
  for (const written of facts.lists) {
    entries.push([`${LIST_TITLES[written.list]}: rows written`, written.rows])
    entries.push([`${LIST_TITLES[written.list]}: row hash (SHA-256)`, written.sha256])
  }
  entries.push([
    'Row hash method',
    `${CANONICAL_FORM_ID}: ${CANONICAL_FORM_DESCRIPTION} ${CHANGED_HASH_RULE}`,
  ])
  return entries
}

export const COMPARISON_JSON_KIND = 'opt-out-desk/comparison-report'

/** The `.report.json` beside one list's CSV. */
export function comparisonReportJson(
  facts: ComparisonReportFacts,
  written: ListWritten,
  file: { name: string; bytes: number; sha256: string; formulaCellsNeutralised: number },
): Record<string, unknown> {
  const { outcome } = facts
  return {
    kind: COMPARISON_JSON_KIND,
    version: 1,
    list: written.list,
    generatedAt: { utc: facts.generatedAt.toISOString(), local: formatLocalTime(facts.generatedAt) },
    appVersion: facts.appVersion,
    summary: outcome.summary,
    older: outcome.older,
    newer: outcome.newer,
    counts: outcome.counts,
    filtersMatch: outcome.filtersMatch,
    filterNotes: outcome.filterNotes,
    warnings: outcome.warnings,
    rules: { reEntered: RE_ENTERED_RULE, backDated: BACK_DATED_RULE },
    rowsWritten: written.rows,
    rowsHash: {
      algorithm: 'SHA-256',
      canonicalForm: CANONICAL_FORM_ID,
      description: `${CANONICAL_FORM_DESCRIPTION} ${CHANGED_HASH_RULE}`,
      value: written.sha256,
    },
    formulaCellsNeutralised: file.formulaCellsNeutralised,
    file: { name: file.name, bytes: file.bytes, sha256: file.sha256 },
    rowsDescription: `${count(written.rows)} ${LIST_TITLES[written.list].toLowerCase()} rows`,
  }
}
