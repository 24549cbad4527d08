import { describeCompletion, numbersToCheck, type LookupOutcome } from '../../../shared/lookup/verdicts'
import { formatLocalTime } from '../export/report'
import { LOOKUP_REPORT_TITLE } from './lookup-report-marks'
import { recordCount, VERDICT_LABELS } from './verdict-table'

/**
 * What a lookup report says about itself (the workbook's Lookup sheet, the
 * CSV's first lines): that it is a lookup, when it ran, against what, how the
 * list was read, the counts per verdict, and whether it is complete.
 */

export interface LookupReportContext {
  generatedAt: Date
  appVersion: string
  /** Rows in the verdict table. */
  rows: number
}

const count = (value: number): string => value.toLocaleString('en-US')

function lookedUpIn(outcome: LookupOutcome): string {
  const { source } = outcome
  if (source.kind === 'report') {
    return `The opened report file ${source.reportFileName ?? '(unnamed)'}, not Convoso`
  }
  return `Convoso, at ${source.apiBase}`
}

/** The label and value of each metadata line, in order; the title line comes first. */
export function lookupMetadata(
  outcome: LookupOutcome,
  context: LookupReportContext,
): [string, string | number][] {
  const { counts } = outcome
  const records = recordCount(outcome)
  const entries: [string, string | number][] = [
    ['Report', LOOKUP_REPORT_TITLE],
    ['Generated at (local time)', formatLocalTime(context.generatedAt)],
    ['Generated at (UTC)', context.generatedAt.toISOString()],
    ['App version', context.appVersion],
    ['Lookup started at (UTC)', outcome.startedAt],
    ['Lookup ended at (UTC)', outcome.finishedAt],
    ['Looked up in', lookedUpIn(outcome)],
    ['API base', outcome.source.apiBase],
  ]
  if (outcome.source.reportFileName !== undefined) {
    entries.push(['Report file', outcome.source.reportFileName])
  }
  entries.push(
    ['Numbers without a country code read as', outcome.defaultCountry],
    ['Pieces of text pasted', outcome.inputCount],
    ['Duplicates collapsed', outcome.duplicatesCollapsed],
    ['Entries (distinct numbers and texts)', outcome.verdicts.length],
    ['Numbers to check', numbersToCheck(counts)],
    [
      VERDICT_LABELS['opted-out'],
      `${count(counts['opted-out'])} ${counts['opted-out'] === 1 ? 'number' : 'numbers'} (${count(records)} opt-out ${records === 1 ? 'record' : 'records'})`,
    ],
    [VERDICT_LABELS['not-found'], counts['not-found']],
    [VERDICT_LABELS.invalid, counts.invalid],
    [VERDICT_LABELS.failed, counts.failed],
    [VERDICT_LABELS['not-checked'], counts['not-checked']],
    ['Completeness', describeCompletion(outcome)],
    [
      'Rows',
      `${count(context.rows)}: one per opt-out record of an opted-out number (a number opted out in two places ` +
        'has two rows with the same Entry), one for every other entry, in pasted order.',
    ],
  )
  return entries
}
