import { isValidPhoneNumber } from 'libphonenumber-js/max'
import type { OptOutRecord } from '../../src/shared/records'
import type { ScrubVerdict } from '../../src/shared/scrub-result'

/**
 * A send list with known answers, for the scrub's window tests and its
 * end-to-end spec: the opt-out records to add to the local Convoso server, and
 * a list whose every row says which verdict it must get when scrubbed for
 * `SEND_CAMPAIGN` with purpose-scoped opt-outs held back. The rows are built
 * here, from what each number is, never read back from the app.
 *
 * - global opt-outs (campaign 0, no purpose) → do not send, written five ways;
 * - one opt-out for the campaign the list is sent for → do not send;
 * - one for another campaign only → clear (noted);
 * - a purpose-scoped one (campaign -1) and a global one with a purpose → review;
 * - a UK number stored with its trunk 0, written +44 in the list → do not send;
 * - a few texts that are no number → invalid;
 * - a clear number and a global one written again later → duplicate;
 * - every other row a number on no list at all → clear.
 */

/** The campaign the list is sent for in these tests. */
export const SEND_CAMPAIGN = '1003'
/** Another campaign, whose own opt-outs do not stop this send. */
export const OTHER_CAMPAIGN = '1001'

export const SEND_LIST_HEADER = ['Name', 'Phone', 'City']

export interface SendListRow {
  cells: string[]
  verdict: ScrubVerdict
}

export interface ScrubFixture {
  /** Records to add to the local server before the snapshot is exported. */
  records: OptOutRecord[]
  rows: SendListRow[]
}

const BASE: Omit<OptOutRecord, 'id' | 'phone_number'> = {
  phone_code: '1',
  reason: 'STOP',
  purpose: '',
  insert_date: '2024-03-01 10:00:00',
  campaign_id: '0',
  campaign_name: '',
}

/** US numbers of the 212 area the fixtures use: 212-98x-xxxx, far from the demo data's random ones. */
function usNumber(index: number): string {
  return String(2_129_800_000 + index)
}

/** (212) 980-0007 */
const national = (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`

/**
 * Builds the fixture for a list of `rowCount` rows (at least 40). `taken`: the
 * digits of every number the server already holds, under any code, so no
 * "clear" number is on a list by accident.
 */
export function scrubFixture(rowCount: number, taken: ReadonlySet<string>): ScrubFixture {
  if (rowCount < 40) throw new Error('the scrub fixture needs at least 40 rows')
  let next = 0
  const fresh = (): string => {
    for (;;) {
      const n = usNumber(next)
      next += 1
      if (!taken.has(n) && isValidPhoneNumber(n, 'US')) return n
    }
  }
  let id = 9_100_001
  const record = (overrides: Partial<OptOutRecord> & { phone_number: string }): OptOutRecord => ({
    ...BASE,
    id: String(id++),
    ...overrides,
  })

  const globals = Array.from({ length: 5 }, fresh)
  const forSend = fresh()
  const forOther = fresh()
  const purposeOnly = fresh()
  const globalWithPurpose = fresh()
  const ukStored = '07911123456'
  if (!isValidPhoneNumber('+447911123456')) throw new Error('the UK fixture number is not valid')

  const records: OptOutRecord[] = [
    ...globals.map((n, i) => record({ phone_number: n, reason: i === 0 ? '' : 'Replied STOP' })),
    record({
      phone_number: forSend,
      campaign_id: SEND_CAMPAIGN,
      campaign_name: 'Appointment Reminders',
      reason: 'Asked on the call',
    }),
    record({
      phone_number: forOther,
      campaign_id: OTHER_CAMPAIGN,
      campaign_name: 'Spring Renewals 2024',
      reason: 'Not interested in renewals',
    }),
    record({
      phone_number: purposeOnly,
      campaign_id: '-1',
      purpose: 'TELEMKT',
      reason: 'No marketing texts',
    }),
    record({ phone_number: globalWithPurpose, purpose: 'MARKETING', reason: 'No promotions' }),
    record({ phone_number: ukStored, phone_code: '44', reason: 'STOP' }),
  ]

  const rows: SendListRow[] = []
  const add = (phone: string, verdict: ScrubVerdict) =>
    rows.push({
      cells: [`Customer ${rows.length + 1}`, phone, rows.length % 2 ? 'Austin' : 'Leeds'],
      verdict,
    })
  const [g0, g1, g2, g3, g4] = globals as [string, string, string, string, string]
  const firstClear = fresh()

  add(national(g0), 'do-not-send')
  add(firstClear, 'clear')
  add(`+1 ${g1.slice(0, 3)} ${g1.slice(3, 6)} ${g1.slice(6)}`, 'do-not-send')
  add(`${g2.slice(0, 3)}.${g2.slice(3, 6)}.${g2.slice(6)}`, 'do-not-send')
  add(`1-${g3.slice(0, 3)}-${g3.slice(3, 6)}-${g3.slice(6)}`, 'do-not-send')
  add(g4, 'do-not-send')
  add(national(forSend), 'do-not-send')
  add(national(forOther), 'clear')
  add(national(purposeOnly), 'review')
  add(national(globalWithPurpose), 'review')
  add('+44 7911 123456', 'do-not-send')
  add('12345', 'invalid')
  add('call me after 6', 'invalid')
  add('+1 212 98', 'invalid')
  while (rows.length < rowCount - 2) add(national(fresh()), 'clear')
  // Written again, another way: the first row of each is judged, the repeat is a duplicate.
  add(`+1${firstClear}`, 'duplicate')
  add(`+1 ${national(g0)}`, 'duplicate')
  return { records, rows }
}

/** RFC 4180 CSV of the list, header first, CRLF. */
export function sendListCsv(rows: readonly SendListRow[]): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)
  return (
    [SEND_LIST_HEADER, ...rows.map((row) => row.cells)]
      .map((cells) => cells.map(quote).join(','))
      .join('\r\n') + '\r\n'
  )
}

/** How many rows get each verdict. */
export function expectedCounts(rows: readonly SendListRow[]): Record<ScrubVerdict, number> {
  const counts: Record<ScrubVerdict, number> = {
    'do-not-send': 0,
    review: 0,
    clear: 0,
    invalid: 0,
    duplicate: 0,
  }
  for (const row of rows) counts[row.verdict] += 1
  return counts
}

/** The clean list with purpose-scoped opt-outs held back: exactly the clear rows, in file order. */
export function expectedClean(rows: readonly SendListRow[]): string[][] {
  return rows.filter((row) => row.verdict === 'clear').map((row) => row.cells)
}

/** The digits of every number the records hold, under any code, for `scrubFixture`'s `taken`. */
export function heldDigits(records: readonly OptOutRecord[]): Set<string> {
  return new Set(records.map((record) => record.phone_number.replace(/^0+/, '')))
}

const VERDICT_WORDS: Record<ScrubVerdict, string> = {
  'do-not-send': 'Do not send',
  review: 'Review',
  clear: 'Clear',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
}

/**
 * The suppressed list with purpose-scoped opt-outs held back: every row left out of the clean list,
 * in file order, as its input cells followed by its verdict in words.
 */
export function expectedSuppressed(rows: readonly SendListRow[]): string[][] {
  return rows
    .filter((row) => row.verdict !== 'clear')
    .map((row) => [...row.cells, VERDICT_WORDS[row.verdict]])
}
