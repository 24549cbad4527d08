/**
 * Insert-date ranges. Convoso filters one insert date (a day, or one exact
 * time) per request and has no range parameter, so a range From…To is run as
 * one search per day, in ascending date order. These rules are shared: the
 * form checks and prices a range as the user types, main checks it again and
 * walks the days.
 */

/** A year and a day, so "the last twelve months" fits even across a leap day. */
export const MAX_RANGE_DAYS = 366

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 24 * 60 * 60 * 1000

/** Milliseconds since the epoch of a real `YYYY-MM-DD` day (UTC midnight), or undefined. */
function dayTime(day: string): number | undefined {
  const match = DAY.exec(day)
  if (!match) return undefined
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number]
  const time = Date.UTC(year, month - 1, date)
  // Date.UTC rolls 2024-02-30 over to March: a day that does not exist comes back different.
  return new Date(time).toISOString().slice(0, 10) === day ? time : undefined
}

export function isDay(value: string): boolean {
  return dayTime(value) !== undefined
}

/** Days from `from` to `to` inclusive; 0 when either is not a day or `to` is before `from`. */
export function rangeDayCount(from: string, to: string): number {
  const start = dayTime(from)
  const end = dayTime(to)
  if (start === undefined || end === undefined || end < start) return 0
  return Math.round((end - start) / MS_PER_DAY) + 1
}

/** Every day of the range in ascending order, as `YYYY-MM-DD`. */
export function rangeDays(from: string, to: string): string[] {
  const start = dayTime(from)
  const count = rangeDayCount(from, to)
  if (start === undefined) return []
  return Array.from({ length: count }, (_, index) =>
    new Date(start + index * MS_PER_DAY).toISOString().slice(0, 10),
  )
}

export type RangeCheck =
  { ok: true; days: number } | { ok: false; field: 'insertDate' | 'insertDateTo'; error: string }

/**
 * Checks a From…To pair that has a To. `from` must already be a valid insert
 * date (a day or an exact time); each message says what to type instead.
 */
export function checkDateRange(from: string, to: string): RangeCheck {
  if (from === '')
    return { ok: false, field: 'insertDate', error: 'Type the first day of the range in From.' }
  if (!isDay(from)) {
    return {
      ok: false,
      field: 'insertDate',
      error: 'A range runs from one day to another: use YYYY-MM-DD without a time, or clear To.',
    }
  }
  if (!isDay(to))
    return { ok: false, field: 'insertDateTo', error: 'Use YYYY-MM-DD for the last day of the range.' }
  const days = rangeDayCount(from, to)
  if (days === 0)
    return { ok: false, field: 'insertDateTo', error: 'To must be the same day as From or later.' }
  if (days > MAX_RANGE_DAYS) {
    return {
      ok: false,
      field: 'insertDateTo',
      error: `This range has ${days.toLocaleString('en-US')} days; a range can have at most ${MAX_RANGE_DAYS} (one search per day). Split it into smaller ranges.`,
    }
  }
  return { ok: true, days }
}

const plural = (count: number, one: string, many: string): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

/** What a range costs before it runs: one request per day learns its total, big days need more pages. */
export function describeRangeCost(days: number): string {
  return `${plural(days, 'day', 'days')}: at least ${plural(days, 'request', 'requests')}`
}

/** "2024-04-01 to 2024-04-30". */
export function describeRange(from: string, to: string): string {
  return `${from} to ${to}`
}
