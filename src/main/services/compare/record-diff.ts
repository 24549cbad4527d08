import type { FieldChange } from '../../../shared/compare'
import { RECORD_FIELDS, type OptOutRecord } from '../../../shared/records'

/**
 * What differs between two versions of one record: every field of
 * RECORD_FIELDS compared as the exact text Convoso sent; fields the app does
 * not know (`extra`) are left out, as every report leaves them out.
 */

export function sameFields(a: OptOutRecord, b: OptOutRecord): boolean {
  // Unrolled over the fields: this runs for every record both reports hold.
  return (
    a.phone_number === b.phone_number &&
    a.insert_date === b.insert_date &&
    a.reason === b.reason &&
    a.purpose === b.purpose &&
    a.phone_code === b.phone_code &&
    a.campaign_id === b.campaign_id &&
    a.campaign_name === b.campaign_name &&
    a.id === b.id
  )
}

export function fieldChanges(before: OptOutRecord, after: OptOutRecord): FieldChange[] {
  return RECORD_FIELDS.filter((field) => before[field] !== after[field]).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }))
}

/** The phone as digits (phone code and number end to end) and its scope: campaign id and purpose. */
export function phoneScopeKey(
  record: Pick<OptOutRecord, 'phone_code' | 'phone_number' | 'campaign_id' | 'purpose'>,
): string {
  const digits = (record.phone_code + record.phone_number).replace(/\D/g, '')
  return `${digits}\u0000${record.campaign_id}\u0000${record.purpose}`
}
