/**
 * One SMS opt-out record as Convoso returns it. Every value stays the string
 * Convoso sent: phone numbers keep leading zeros and insert dates keep the
 * account's wall-clock time (the zone is not documented, so it is never shifted).
 */
export interface OptOutRecord {
  id: string
  phone_number: string
  phone_code: string
  reason: string
  purpose: string
  /** `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`, exactly as Convoso gave it. */
  insert_date: string
  campaign_id: string
  campaign_name: string
  /** Fields Convoso sent that this app does not know (e.g. `campaign_uid`); kept, never fatal. */
  extra?: Record<string, string>
}

/** The eight record fields in the order the grid and every report show them. */
export const RECORD_FIELDS = [
  'id',
  'phone_code',
  'phone_number',
  'reason',
  'purpose',
  'insert_date',
  'campaign_id',
  'campaign_name',
] as const satisfies readonly (keyof OptOutRecord)[]

export type RecordField = (typeof RECORD_FIELDS)[number]

export const RECORD_FIELD_LABELS: Record<RecordField, string> = {
  id: 'Record ID',
  phone_code: 'Phone code',
  phone_number: 'Phone number',
  reason: 'Reason',
  purpose: 'Purpose',
  insert_date: 'Insert date',
  campaign_id: 'Campaign ID',
  campaign_name: 'Campaign name',
}

/** One page of a search, normalised from whichever response shape Convoso used. */
export interface SearchPage {
  offset: number
  limit: number
  total: number
  records: OptOutRecord[]
}

/** Campaign 0 is the global opt-out list; Convoso leaves its name empty. */
export function campaignLabel(record: Pick<OptOutRecord, 'campaign_id' | 'campaign_name'>): string {
  if (record.campaign_name.trim() !== '') return record.campaign_name
  return record.campaign_id === '0' ? 'Global' : ''
}
