import type { OptOutRecord } from '../../src/shared/records'

/**
 * The opt-out list the lookup's tests look numbers up in: (818) 123-3567 opted
 * out globally and in campaign 42 (that record stored with no country code),
 * (213) 555-0100 globally with no reason, the digits of (310) 555-0199 only
 * under +44 (so the US number is on no list), and twenty others.
 */

/** A US global opt-out of 2024-04-22 17:01:31 with no reason or purpose; each record says what differs. */
const US_GLOBAL = {
  phone_code: '1',
  reason: '',
  purpose: '',
  insert_date: '2024-04-22 17:01:31',
  campaign_id: '0',
  campaign_name: '',
} satisfies Partial<OptOutRecord>

export const LOOKUP_GLOBAL: OptOutRecord = {
  ...US_GLOBAL,
  id: '2778557',
  phone_number: '8181233567',
  reason: 'Customer asked by phone',
}

export const LOOKUP_CAMPAIGN_42: OptOutRecord = {
  ...US_GLOBAL,
  id: '2778558',
  phone_number: '8181233567',
  phone_code: '',
  campaign_id: '42',
  campaign_name: 'Spring promo',
  insert_date: '2025-01-05 09:30:00',
  reason: 'STOP reply',
  purpose: 'TELEMKT',
}

export const LOOKUP_RECORDS: OptOutRecord[] = [
  LOOKUP_GLOBAL,
  LOOKUP_CAMPAIGN_42,
  { ...US_GLOBAL, id: '2778559', phone_number: '2135550100', insert_date: '2023-07-01' },
  { ...US_GLOBAL, id: '2778560', phone_number: '3105550199', phone_code: '44', reason: 'STOP' },
  ...Array.from({ length: 20 }, (_, i) => ({
    ...US_GLOBAL,
    id: String(2_778_600 + i),
    phone_number: String(9_495_550_000 + i),
    reason: `Reason ${i}`,
  })),
]
