/**
 * How many records each day of an insert-date range matches, remembered for a
 * short while so paging through a range and exporting it right after do not
 * ask Convoso for every day's total again. Entries are scoped by the caller to
 * the API host, the token and the other filters, so a total never serves
 * another account or another search.
 */

/** As long as an export plan is reused (export-jobs' PLAN_REUSE_MS): fresh enough for one review session. */
export const DAY_TOTALS_TTL_MS = 10 * 60 * 1000

/** Far more than any range (366 days) times the searches a user pages through in ten minutes. */
const MAX_ENTRIES = 20_000

export interface DayTotals {
  /** The total of `day` in `scope` when it was learned less than the lifetime ago. */
  get(scope: string, day: string): number | undefined
  set(scope: string, day: string, total: number): void
}

export function createDayTotals({
  ttlMs = DAY_TOTALS_TTL_MS,
  now = Date.now,
}: { ttlMs?: number; now?: () => number } = {}): DayTotals {
  const totals = new Map<string, { total: number; at: number }>()
  const key = (scope: string, day: string) => `${scope}\n${day}`

  return {
    get(scope, day) {
      const entry = totals.get(key(scope, day))
      if (!entry) return undefined
      const age = now() - entry.at
      if (age >= 0 && age < ttlMs) return entry.total
      totals.delete(key(scope, day))
      return undefined
    },

    set(scope, day, total) {
      const at = key(scope, day)
      // Re-inserted so the Map's order stays oldest first and the oldest go when it is full.
      totals.delete(at)
      totals.set(at, { total, at: now() })
      for (const oldest of totals.keys()) {
        if (totals.size <= MAX_ENTRIES) break
        totals.delete(oldest)
      }
    },
  }
}
