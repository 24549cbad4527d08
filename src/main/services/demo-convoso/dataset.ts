import { KNOWN_PURPOSES } from '../../../shared/filters'
import type { OptOutRecord } from '../../../shared/records'

/**
 * Deterministic demo opt-out records for demo mode, tests and benchmarks. The
 * same (count, seed) always yields the same records on every machine: no
 * Math.random, no local time zone. The data carries the edge cases exports
 * must survive: commas, quotes, accents, a newline, a formula-like reason,
 * whitespace-only reasons, leading-zero numbers and repeated numbers.
 */

/** mulberry32: tiny, fast, and good enough to make demo data look random. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface DemoCampaign {
  id: string
  name: string
}

/** Campaign 0 is the global list; Convoso leaves its name empty. */
export const DEMO_CAMPAIGNS: readonly DemoCampaign[] = [
  { id: '0', name: '' },
  { id: '1001', name: 'Spring Renewals 2024' },
  { id: '1002', name: 'Collections – East' },
  { id: '1003', name: 'Appointment Reminders' },
  { id: '1004', name: 'Solar Leads, Tier 1' },
  { id: '1005', name: 'Café Loyalty' },
  { id: '1006', name: 'HIPAA Notices' },
]

const EVERYDAY_REASONS = [
  'STOP',
  'Replied STOP',
  'Replied UNSUBSCRIBE',
  'Customer asked by phone',
  'Wrong number',
  'DNC',
  'ConsentRevoked',
  'Opted out via web form',
  'Complaint forwarded by carrier',
]

/** Reasons that break naive CSV/Excel writers; each appears early and then now and again. */
export const EDGE_CASE_REASONS = [
  'Asked to stop, then called back, twice',
  'Said "never text me again"',
  "Customer's lawyer requested removal",
  'Demande de désinscription – client très mécontent',
  'Número equivocado; pidió la baja',
  'Called in.\nAsked to be removed from all lists',
  '   ',
  '+1 replied STOP from a second handset',
] as const

/** Exactly one record carries this, so an export test can find it by value. */
export const FORMULA_REASON = '=HYPERLINK("https://example.com/unsubscribe","click")'

const FIRST_ID = 2_700_001
// Two years ending on the spec's example date, as wall-clock time (no zone is implied).
const FIRST_INSERT = Date.UTC(2022, 3, 23, 0, 0, 0)
const LAST_INSERT = Date.UTC(2024, 3, 22, 23, 59, 59)

type Random = () => number

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function digits(random: Random, length: number): string {
  return String(Math.floor(random() * 10 ** length)).padStart(length, '0')
}

/** Returns [phone_code, phone_number]; non-US numbers sometimes keep their trunk 0. */
function phone(random: Random): [string, string] {
  const roll = random()
  const trunk = random() < 0.5 ? '0' : ''
  if (roll < 0.78) {
    const area = String(2 + Math.floor(random() * 8)) + digits(random, 2)
    const exchange = String(2 + Math.floor(random() * 8)) + digits(random, 2)
    return ['1', area + exchange + digits(random, 4)]
  }
  if (roll < 0.84) return ['44', `${trunk}7${digits(random, 9)}`]
  if (roll < 0.88) return ['61', `${trunk}4${digits(random, 8)}`]
  if (roll < 0.93) return ['52', `55${digits(random, 8)}`]
  if (roll < 0.97) return ['49', `${trunk}15${digits(random, 8)}`]
  return ['33', `${trunk}6${digits(random, 8)}`]
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'))
const DAY_MS = 86_400_000

/** Formats as wall-clock `YYYY-MM-DD HH:MM:SS`; the date part is cached since dates only move forward. */
function wallClockFormatter(): (ms: number) => string {
  let cachedDay = Number.NaN
  let cachedDate = ''
  return (ms) => {
    const day = Math.floor(ms / DAY_MS)
    if (day !== cachedDay) {
      cachedDay = day
      cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10)
    }
    const seconds = Math.floor((ms - day * DAY_MS) / 1000)
    const hh = TWO_DIGITS[Math.floor(seconds / 3600)] as string
    const mm = TWO_DIGITS[Math.floor(seconds / 60) % 60] as string
    const ss = TWO_DIGITS[seconds % 60] as string
    return `${cachedDate} ${hh}:${mm}:${ss}`
  }
}

function reasonFor(index: number, count: number, random: Random): string {
  // Fixed early slots guarantee every edge case even in a 50-record sample.
  if (index === Math.min(13, count - 1)) return FORMULA_REASON
  if (index < 40 && index % 5 === 2)
    return EDGE_CASE_REASONS[(index - 2) / 5] ?? pick(random, EVERYDAY_REASONS)
  const roll = random()
  if (roll < 0.25) return ''
  if (roll < 0.27) return pick(random, EDGE_CASE_REASONS)
  return pick(random, EVERYDAY_REASONS)
}

const GLOBAL: DemoCampaign = { id: '0', name: '' }
const NAMED_CAMPAIGNS = DEMO_CAMPAIGNS.filter((campaign) => campaign.id !== '0')

const CODE_SLOTS = new Map(['1', '44', '61', '52', '49', '33'].map((code, slot) => [code, slot]))

/**
 * A number standing for (code, number, campaign): at most 12 digits, so it stays an exact
 * double, and far cheaper to hash than a string when a million records are made.
 */
function phoneKey(code: string, number: string, campaign: DemoCampaign): number {
  const campaignSlot = campaign.id === '0' ? 0 : Number(campaign.id) - 1000
  return ((Number(number) * 16 + number.length) * 8 + (CODE_SLOTS.get(code) ?? 7)) * 8 + campaignSlot
}

export function generateDemoRecords(count = 25_000, seed = 20240422): OptOutRecord[] {
  const random = mulberry32(seed)
  const records = new Array<OptOutRecord>(count)
  const step = (LAST_INSERT - FIRST_INSERT) / Math.max(count, 1)
  const earlierPhones: [string, string][] = []
  // Convoso refuses the same number twice in one campaign (6059), so the demo never has it.
  const taken = new Set<number>()
  const formatWallClock = wallClockFormatter()
  let id = FIRST_ID

  for (let index = 0; index < count; index += 1) {
    const campaign = random() < 0.35 ? GLOBAL : pick(random, NAMED_CAMPAIGNS)
    // A number opted out globally is often opted out of a campaign too.
    let [phoneCode, phoneNumber] =
      earlierPhones.length > 0 && random() < 0.04 ? pick(random, earlierPhones) : phone(random)
    while (taken.has(phoneKey(phoneCode, phoneNumber, campaign))) [phoneCode, phoneNumber] = phone(random)
    taken.add(phoneKey(phoneCode, phoneNumber, campaign))
    if (earlierPhones.length < 5000) earlierPhones.push([phoneCode, phoneNumber])
    const reason = reasonFor(index, count, random)
    const purpose = random() < 0.3 ? '' : pick(random, KNOWN_PURPOSES)
    // Non-decreasing with the id, as inserts are.
    const insertedAt = FIRST_INSERT + Math.floor((index + random()) * step)

    records[index] = {
      id: String(id),
      phone_number: phoneNumber,
      phone_code: phoneCode,
      reason,
      purpose,
      insert_date: formatWallClock(insertedAt),
      campaign_id: campaign.id,
      campaign_name: campaign.name,
    }
    // Ids skip now and then, as they do when other rows share the sequence.
    id += 1 + (random() < 0.1 ? Math.floor(random() * 5) : 0)
  }
  return records
}
