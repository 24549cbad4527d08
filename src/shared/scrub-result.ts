import type { ReportFormat } from './exports'
import type { ReportIntegrity } from './offline'
import type { OptOutRecord } from './records'

/**
 * Scrubbing a send list against an opt-out snapshot (issue 14), the job's half: what `startScrub` asks,
 * what the finished job gives, and the rows and files it hands out afterwards. The send list's own half
 * (preview, normalising) is in scrub.ts.
 */

/**
 * - `do-not-send`: an opt-out record that applies to this send without a purpose: global (campaign 0) or
 *   the campaign chosen for the send.
 * - `review`: only purpose-scoped records apply (campaign -1, or a global / chosen-campaign record with a
 *   purpose such as TELEMKT): the user judges. Held out of the clean list unless `purposeScoped` is 'send'.
 * - `clear`: no record applies (records for other campaigns only are noted in `why`).
 * - `invalid`: not a phone number (why in `why`); never in the clean list.
 * - `duplicate`: the same number as an earlier row; the first one alone is judged and sent.
 */
export type ScrubVerdict = 'do-not-send' | 'review' | 'clear' | 'invalid' | 'duplicate'

export const SCRUB_VERDICTS = [
  'do-not-send',
  'review',
  'clear',
  'invalid',
  'duplicate',
] as const satisfies readonly ScrubVerdict[]

/** What purpose-scoped matches do: held back from the clean list (the safe default), or sent. */
export type PurposeScopedRule = 'hold' | 'send'

export interface ScrubRules {
  /** The campaign the list is sent for: its opt-outs count like global ones. Null: global ones only. */
  campaignId: string | null
  purposeScoped: PurposeScopedRule
  /** ISO 3166 alpha-2: numbers written without a country code are read for this country. */
  defaultCountry: string
}

export interface ScrubSnapshotFacts {
  fileName: string
  filePath: string
  /** ISO 8601, as recorded in the report; null when it records none (not made by the app). */
  generatedAt: string | null
  /** Hours between generatedAt and the scrub (one decimal); null when generatedAt is unknown. */
  ageHours: number | null
  rows: number
  /** SHA-256 of the rows as read back (the app's row hash). */
  sha256: string
  /** The row hash the report recorded, when it records one. */
  recordedSha256: string | null
  integrity: ReportIntegrity
  integrityDetail: string
  madeByApp: boolean
  partial: boolean
  filtersDescription: string
  /** True when the report was exported with filters, so it is not the whole opt-out list. */
  filtered: boolean
}

export interface ScrubOutcome {
  /** = the job's id; names the scrub in the calls below. */
  scrubId: string
  input: { fileName: string; filePath: string; sha256: string; rows: number; format: 'csv' | 'xlsx' }
  snapshot: ScrubSnapshotFacts
  /**
   * Sentences about the snapshot's fitness, most serious first: filtered (not all opt-outs), partial,
   * modified, not made by the app, older than the settings' maximum age. Empty when it is fit.
   */
  snapshotWarnings: string[]
  /** True when the snapshot is older than the settings' maximum age (the window offers a fresh export). */
  snapshotStale: boolean
  rules: ScrubRules
  counts: Record<ScrubVerdict, number>
  /** Rows that go into the clean list under these rules. */
  cleanRows: number
  /** "50,000 rows: 1,204 do not send, 37 to review, 48,611 clear, 148 invalid" (+ duplicates when > 0). */
  summary: string
  /** ISO 8601, when the match ran. */
  scrubbedAt: string
}

export interface ScrubRow {
  /** 1-based data row in the input file. */
  row: number
  /** The phone cell as in the file. */
  input: string
  e164: string | null
  verdict: ScrubVerdict
  /** "Global opt-out since 2024-04-22 17:01:31 (reason: STOP)"; for a duplicate: which row it repeats. */
  why: string
  /** The matching opt-out records (empty for invalid and duplicate rows and for numbers with none). */
  records: OptOutRecord[]
}

export interface ScrubResultsPage {
  total: number
  offset: number
  limit: number
  rows: ScrubRow[]
}

export type ScrubOutputKind = 'clean' | 'suppressed' | 'report'

export interface ScrubOutputFile {
  kind: ScrubOutputKind
  path: string
  /** SHA-256 of the file's bytes as written, lower-case hex. */
  sha256: string
  /** Data rows in the file (the report: rows of its counts table). */
  rows: number
}

export interface ScrubOutputs {
  format: ReportFormat
  files: ScrubOutputFile[]
}

/** At most this many rows per `scrubResultsPage`. */
export const MAX_SCRUB_PAGE_ROWS = 1000
