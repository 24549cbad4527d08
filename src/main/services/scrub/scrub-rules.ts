import type { OptOutRecord } from '../../../shared/records'
import type { ScrubRules, ScrubVerdict } from '../../../shared/scrub-result'

/**
 * The scrub's rules, in one place (the engine, the result pages, the outputs and the scrub report all
 * use them):
 * - a record applies to this send when it is global (campaign 0), purpose-type (campaign -1), or for
 *   the campaign chosen for the send;
 * - an applying record with no purpose (and not campaign -1) means do not send;
 * - an applying record that is purpose-scoped (campaign -1, or a purpose such as TELEMKT) means review:
 *   the app cannot know the message's purpose, so the user judges; held out of the clean list unless
 *   the user chose to send them;
 * - records for other campaigns only leave the number clear, with a note.
 * A number with several records takes the strictest: do not send, then review, then clear.
 */

/** How a record relates to this send. Ordered: the engine lists a row's records in this order. */
export const RecordScope = { Blocks: 0, PurposeScoped: 1, OtherCampaign: 2 } as const
export type RecordScope = (typeof RecordScope)[keyof typeof RecordScope]

/** Campaign ids compared as whole numbers when they are ('042' is campaign 42), else as trimmed text. */
export function campaignKey(text: string): string {
  const trimmed = text.trim()
  return /^-?\d+$/.test(trimmed) ? String(Number(trimmed)) : trimmed
}

export const GLOBAL_CAMPAIGN = '0'
export const PURPOSE_TYPE_CAMPAIGN = '-1'

export function recordScope(
  record: Pick<OptOutRecord, 'campaign_id' | 'purpose'>,
  chosenCampaign: string | null,
): RecordScope {
  const campaign = campaignKey(record.campaign_id)
  if (campaign === PURPOSE_TYPE_CAMPAIGN) return RecordScope.PurposeScoped
  const applies = campaign === GLOBAL_CAMPAIGN || (chosenCampaign !== null && campaign === chosenCampaign)
  if (!applies) return RecordScope.OtherCampaign
  return record.purpose.trim() === '' ? RecordScope.Blocks : RecordScope.PurposeScoped
}

/** The verdict of a valid, first-seen number from the scopes of its records (none: clear). */
export function verdictOfScopes(strictest: RecordScope | undefined): ScrubVerdict {
  if (strictest === RecordScope.Blocks) return 'do-not-send'
  if (strictest === RecordScope.PurposeScoped) return 'review'
  return 'clear'
}

/** Whether rows of this verdict go into the clean list under these rules. */
export function sendsRow(verdict: ScrubVerdict, rules: Pick<ScrubRules, 'purposeScoped'>): boolean {
  return verdict === 'clear' || (verdict === 'review' && rules.purposeScoped === 'send')
}

function campaignName(record: OptOutRecord): string {
  const name = record.campaign_name.trim()
  return name === '' ? '' : ` (${name})`
}

/** "Global", "Campaign 42 (Summer)", "Purpose-type (campaign -1)": the Campaigns column's words. */
export function campaignText(record: OptOutRecord): string {
  const campaign = campaignKey(record.campaign_id)
  if (campaign === GLOBAL_CAMPAIGN) return 'Global'
  if (campaign === PURPOSE_TYPE_CAMPAIGN) return 'Purpose-type (campaign -1)'
  return `Campaign ${record.campaign_id.trim()}${campaignName(record)}`
}

function details(record: OptOutRecord): string {
  const reason = record.reason.trim() === '' ? 'no reason recorded' : `reason: ${record.reason}`
  const purpose = record.purpose.trim() === '' ? '' : `; purpose: ${record.purpose}`
  const since = record.insert_date === '' ? '' : ` since ${record.insert_date}`
  return `${since} (${reason}${purpose})`
}

function clause(record: OptOutRecord, chosenCampaign: string | null): string {
  const campaign = campaignKey(record.campaign_id)
  const scope = recordScope(record, chosenCampaign)
  if (campaign === GLOBAL_CAMPAIGN) {
    return `${scope === RecordScope.PurposeScoped ? 'Purpose-scoped global' : 'Global'} opt-out${details(record)}`
  }
  if (campaign === PURPOSE_TYPE_CAMPAIGN) return `Purpose-type opt-out (campaign -1)${details(record)}`
  const where = `campaign ${record.campaign_id.trim()}${campaignName(record)}`
  if (scope === RecordScope.OtherCampaign) return `Opted out of ${where} only${details(record)}`
  return `${scope === RecordScope.PurposeScoped ? 'Purpose-scoped opt-out' : 'Opt-out'} for ${where}, the campaign of this send${details(record)}`
}

/**
 * Why a row got its verdict, in a sentence or two: "Global opt-out since 2024-04-22 17:01:31 (reason:
 * STOP)". `records` in the engine's order (blocking first); `problem` for an invalid number;
 * `firstRow` (1-based) for a duplicate.
 */
export function whyOf(
  verdict: ScrubVerdict,
  records: readonly OptOutRecord[],
  rules: Pick<ScrubRules, 'campaignId' | 'purposeScoped'>,
  extra: { problem?: string; firstRow?: number; firstVerdict?: ScrubVerdict } = {},
): string {
  if (verdict === 'invalid') return extra.problem ?? 'Not a phone number.'
  if (verdict === 'duplicate') {
    const first = extra.firstVerdict ? ` (${VERDICT_LABELS[extra.firstVerdict].toLowerCase()})` : ''
    return `Same number as row ${(extra.firstRow ?? 0).toLocaleString('en-US')}${first}: it is judged and sent once.`
  }
  const chosen = rules.campaignId === null ? null : campaignKey(rules.campaignId)
  const clauses = records.map((record) => clause(record, chosen)).join('; ')
  if (verdict === 'clear') {
    if (records.length === 0) return 'Not on the opt-out snapshot.'
    const none =
      chosen === null
        ? 'no campaign was chosen for this send, so only global opt-outs count'
        : `not campaign ${rules.campaignId ?? ''}`
    return `${clauses}; ${none}.`
  }
  if (verdict === 'review') {
    const held = rules.purposeScoped === 'hold' ? 'held back for review' : 'sent, as chosen'
    return `${clauses}. Purpose-scoped: ${held}.`
  }
  return clauses
}

export const VERDICT_LABELS: Record<ScrubVerdict, string> = {
  'do-not-send': 'Do not send',
  review: 'Review',
  clear: 'Clear',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
}

/** The rules as sentences, for the scrub report. */
export function describeRules(rules: ScrubRules): [string, string][] {
  const campaign =
    rules.campaignId === null
      ? 'None chosen: only global (campaign 0) opt-outs stop a number; campaign opt-outs are noted.'
      : `Campaign ${rules.campaignId}: its opt-outs stop a number like global (campaign 0) ones; other campaigns' are noted.`
  return [
    ['Campaign of this send', campaign],
    [
      'Purpose-scoped opt-outs',
      `Campaign -1, or a global or this campaign's record with a purpose: marked Review and ${rules.purposeScoped === 'hold' ? 'held out of the clean list' : 'kept in the clean list (chosen: send)'}.`,
    ],
    ['Numbers without a country code read as', rules.defaultCountry],
    [
      'Duplicates',
      'A number repeated in the list is judged at its first row; later rows are Duplicate and left out.',
    ],
    ['Invalid numbers', 'Text that is not a phone number is Invalid and left out.'],
    [
      'Matching',
      'By the full international number (E.164), however it is written in the list or the snapshot.',
    ],
  ]
}
