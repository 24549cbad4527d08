import type { CompareCounts, CompareSide } from '../../../shared/compare'

/**
 * The sentences a comparison comes with: how the two reports' filters differ
 * and what that does to the lists, what weakens the comparison (integrity,
 * partial reports, repeated ids), and the one-line summary.
 */

const count = (value: number): string => value.toLocaleString('en-US')
const plural = (value: number, one: string, many = `${one}s`): string =>
  `${count(value)} ${value === 1 ? one : many}`

/** What one sent filter field covers, in words ("campaign 12", "reason blank"). */
const FIELD_WORDS: Record<string, (value: string) => string> = {
  id: (value) => `record ${value}`,
  campaign_id: (value) => (value === '0' ? 'global opt-outs (campaign 0)' : `campaign ${value}`),
  phone_number: (value) => `phone number ${value}`,
  phone_code: (value) => `phone code +${value}`,
  reason: (value) => `reason ${textWords(value)}`,
  purpose: (value) => `purpose ${textWords(value)}`,
  insert_date: (value) =>
    value.startsWith('each day')
      ? `insert dates ${value.replace(/, one search per day$/, '')}`
      : `insert date ${value}`,
}
const EVERY: Record<string, string> = {
  id: 'every record id',
  campaign_id: 'every campaign',
  phone_number: 'every phone number',
  phone_code: 'every phone code',
  reason: 'every reason',
  purpose: 'every purpose',
  insert_date: 'every insert date',
}

function textWords(value: string): string {
  if (value === '-BLANK-') return 'blank'
  if (value === '-NOTBLANK-') return 'not blank'
  return `"${value}"`
}

const covers = (field: string, value: string | undefined): string =>
  value === undefined
    ? (EVERY[field] ?? `every ${field}`)
    : (FIELD_WORDS[field]?.(value) ?? `${field} ${value}`)

export function filterNotes(older: CompareSide, newer: CompareSide): string[] {
  const fields = [...new Set([...Object.keys(older.paramsAsSent), ...Object.keys(newer.paramsAsSent)])]
  const notes: string[] = []
  for (const field of fields) {
    const before = older.paramsAsSent[field]
    const after = newer.paramsAsSent[field]
    if (before === after) continue
    const what = `The older report covers ${before === undefined ? '' : 'only '}${covers(field, before)}, the newer ${after === undefined ? '' : 'only '}${covers(field, after)}`
    if (before !== undefined && after === undefined) {
      notes.push(`${what}: records outside ${covers(field, before)} will read as added, not as new opt-outs.`)
    } else if (before === undefined && after !== undefined) {
      notes.push(
        `${what}: records outside ${covers(field, after)} will read as removed, though Convoso may still hold them.`,
      )
    } else {
      notes.push(
        `${what}: records of one and not the other will read as removed or added, not as deleted or new opt-outs.`,
      )
    }
  }
  return notes
}

function sideWarnings(side: CompareSide, which: 'older' | 'newer', duplicateIds: number): string[] {
  const warnings: string[] = []
  const name = `The ${which} report (${side.fileName})`
  if (side.integrity === 'modified') {
    warnings.push(
      `${name} reads as Modified: ${side.integrityDetail} Its rows are not all as Opt-Out Desk wrote them, so a difference may come from that edit rather than from Convoso.`,
    )
  } else if (side.integrity === 'unverified') {
    warnings.push(`${name} could not be verified: ${side.integrityDetail}`)
  }
  if (side.partial) {
    warnings.push(
      `${name} is partial: it holds only the first ${count(side.rows)} records Convoso let the app reach, so records past them read as ${which === 'older' ? 'added' : 'removed'}.`,
    )
  }
  if (side.generatedAt === null) {
    warnings.push(
      `${name} does not record when it was made, so the reports may be in the wrong order${which === 'older' ? ' and back-dated records cannot be found' : ''}.`,
    )
  }
  if (duplicateIds > 0) {
    warnings.push(
      `${name} holds the same record id more than once (${plural(duplicateIds, 'repeat')}), which an export should never do; repeats are matched in file order and the rest read as ${which === 'older' ? 'removed' : 'added'}.`,
    )
  }
  return warnings
}

export function comparisonWarnings(
  older: CompareSide,
  newer: CompareSide,
  duplicateIds: { older: number; newer: number },
): string[] {
  const warnings = [
    ...sideWarnings(older, 'older', duplicateIds.older),
    ...sideWarnings(newer, 'newer', duplicateIds.newer),
  ]
  if (older.generatedAt !== null && older.generatedAt === newer.generatedAt) {
    warnings.push(
      'Both reports record the same generation time, so which is older is a guess (the first chosen is taken as older).',
    )
  }
  return warnings
}

/** "1,000,012 → 1,004,377 records: 4,371 added, 6 removed, 2 changed" (+ re-entered and back-dated when any). */
export function comparisonSummary(olderRows: number, newerRows: number, counts: CompareCounts): string {
  const parts = [
    `${count(counts.added)} added`,
    `${count(counts.removed)} removed`,
    `${count(counts.changed)} changed`,
  ]
  if (counts['re-entered'] > 0)
    parts.push(`${count(counts['re-entered'])} re-entered (also counted as added and removed)`)
  if (counts['back-dated'] > 0)
    parts.push(`${count(counts['back-dated'])} back-dated (also counted as added)`)
  return `${count(olderRows)} → ${plural(newerRows, 'record')}: ${parts.join(', ')}`
}
