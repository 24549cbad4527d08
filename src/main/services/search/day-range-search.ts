import { rangeDays } from '../../../shared/date-range'
import type { SearchParams } from '../../../shared/filters'
import type { OptOutRecord, SearchPage } from '../../../shared/records'
import { ok, type AppError, type Result } from '../../../shared/result'
import type { DayTotals } from './day-range-totals'

/**
 * An insert-date range over Convoso, which filters one date per request: the
 * range is the days laid end to end in ascending order, each searched on its
 * own. One request per day learns its total (cached, see day-range-totals.ts);
 * a page of the range then maps to (day, offset, limit) spans, so a page can
 * take the last rows of one day and the first of the next, and Convoso's
 * offset limit applies to each day, not to the range.
 */

export type RangeParams = SearchParams & { insert_date: string; insert_date_to: string }

/** One search of one day, with the caller's token, host and offset-limit handling bound in. */
export type DaySearch = (
  params: SearchParams,
  offset: number,
  limit: number,
  signal?: AbortSignal,
) => Promise<Result<SearchPage>>

export interface DaySpan {
  day: string
  offset: number
  limit: number
}

/** Days asked at once: enough to hide latency on a month, gentle on Convoso. */
const DAYS_AT_ONCE = 3

export function isDayRange(params: SearchParams): params is RangeParams {
  return Boolean(params.insert_date && params.insert_date_to)
}

/** The filters of one day of the range: that day as the insert date, no range. */
export function dayParams(params: SearchParams, day: string): SearchParams {
  const { insert_date_to: _to, ...rest } = params
  return { ...rest, insert_date: day }
}

/** Rows `offset … offset+limit-1` of the days laid end to end, as spans in day order; empty days are skipped. */
export function daySpans(
  days: readonly { day: string; total: number }[],
  offset: number,
  limit: number,
): DaySpan[] {
  const spans: DaySpan[] = []
  let start = 0
  let wanted = limit
  let at = offset
  for (const { day, total } of days) {
    if (wanted <= 0) break
    const end = start + total
    if (at < end) {
      const inDay = at - start
      const take = Math.min(wanted, total - inDay)
      spans.push({ day, offset: inDay, limit: take })
      wanted -= take
      at += take
    }
    start = end
  }
  return spans
}

/** Names the day a failure belongs to, so the user knows which part of the range to retry or narrow. */
function onDay(error: AppError, day: string): AppError {
  if (error.kind === 'cancelled') return error
  return {
    ...error,
    message: `The search of ${day} failed, so nothing of the range is shown. ${error.message}`,
  }
}

/**
 * Runs `work` over `items` with at most DAYS_AT_ONCE at a time, started in order. Stops starting new
 * ones at the first failure and returns the failure of the earliest item that failed.
 */
async function inOrder<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<Result<R>>,
): Promise<Result<R[]>> {
  const results = new Array<Result<R> | undefined>(items.length)
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next
      next += 1
      const result = await work(items[index] as T)
      results[index] = result
      if (!result.ok) failed = true
    }
  }
  await Promise.all(Array.from({ length: Math.min(DAYS_AT_ONCE, items.length) }, worker))
  const values: R[] = []
  for (const result of results) {
    if (result === undefined) continue
    if (!result.ok) return result
    values.push(result.data)
  }
  return ok(values)
}

export interface DayRangeSearch {
  params: RangeParams
  offset: number
  limit: number
  signal?: AbortSignal
  searchDay: DaySearch
  totals: DayTotals
  /** The host, token and other filters the totals belong to (never the token itself). */
  scope: string
}

/** One page of a range: totals first (each day asked once per lifetime of the cache), then the spans. */
export async function searchDayRange({
  params,
  offset,
  limit,
  signal,
  searchDay,
  totals,
  scope,
}: DayRangeSearch): Promise<Result<SearchPage>> {
  const days = rangeDays(params.insert_date, params.insert_date_to)
  const counted = await inOrder(days, async (day) => {
    const known = totals.get(scope, day)
    if (known !== undefined) return ok({ day, total: known })
    const first = await searchDay(dayParams(params, day), 0, 1, signal)
    if (!first.ok) return { ok: false, error: onDay(first.error, day) }
    totals.set(scope, day, first.data.total)
    return ok({ day, total: first.data.total })
  })
  if (!counted.ok) return counted

  // A day a page reads from answers with its current total: the range's total uses it (an export
  // compares its first and last totals to say whether the data changed while it ran).
  const fresh = new Map<string, number>()
  const pages = await inOrder(daySpans(counted.data, offset, limit), async (span) => {
    const page = await searchDay(dayParams(params, span.day), span.offset, span.limit, signal)
    if (!page.ok) return { ok: false, error: onDay(page.error, span.day) }
    totals.set(scope, span.day, page.data.total)
    fresh.set(span.day, page.data.total)
    return ok(page.data.records)
  })
  if (!pages.ok) return pages
  const total = counted.data.reduce((sum, { day, total: known }) => sum + (fresh.get(day) ?? known), 0)
  const records: OptOutRecord[] = pages.data.flat()
  return ok({ offset, limit, total, records })
}
