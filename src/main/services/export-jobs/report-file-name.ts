import { BLANK, NOT_BLANK, type SearchParams } from '../../../shared/filters'

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .slice(0, 24)

function textPart(field: string, value: string | undefined): string | null {
  if (value === undefined) return null
  if (value === BLANK) return `no-${field}`
  if (value === NOT_BLANK) return `with-${field}`
  return `${field}-${slug(value)}`
}

function insertedPart({ insert_date: from, insert_date_to: to }: SearchParams): string | null {
  if (from === undefined) return null
  return to === undefined ? `inserted-${from.replace(/[ :]/g, '-')}` : `inserted-${from}-to-${to}`
}

/** A few words of the filters for a file name: "global_no-reason", "campaign-42", "all". */
export function filterSummary(params: SearchParams): string {
  const parts = [
    params.id !== undefined ? `record-${params.id}` : null,
    params.campaign_id === undefined
      ? null
      : params.campaign_id === '0'
        ? 'global'
        : `campaign-${params.campaign_id}`,
    params.phone_code !== undefined ? `plus${params.phone_code}` : null,
    params.phone_number !== undefined ? `phone-${params.phone_number}` : null,
    textPart('reason', params.reason),
    textPart('purpose', params.purpose),
    insertedPart(params),
  ].filter((part): part is string => part !== null)
  return parts.length === 0 ? 'all' : parts.join('_').slice(0, 80)
}

const pad = (value: number) => String(value).padStart(2, '0')

/** `sms-opt-outs_<short filter summary>_<YYYY-MM-DD_HHmm>` in the computer's local time, without extension. */
export function suggestedReportName(params: SearchParams, at: Date): string {
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}_${pad(at.getHours())}${pad(at.getMinutes())}`
  return `sms-opt-outs_${filterSummary(params)}_${stamp}`
}
