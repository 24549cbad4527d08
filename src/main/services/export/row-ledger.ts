import type { OptOutRecord } from '../../../shared/records'
import { IdSet } from './id-set'
import type { FetchedPage } from './page-fetcher'

/**
 * Keeps the books of an export as pages go by in offset order: drops rows
 * whose id was already written (an insert ahead of the export shifts every
 * later offset, so the row at a page boundary comes back on the next page),
 * and notes every sign that the data changed while the export ran.
 */

export interface LedgerStats {
  /** Total Convoso reported with the first page. */
  totalAtStart: number
  /** Total reported with the page that arrived last. */
  totalAtEnd: number
  rowsAccepted: number
  duplicatesRemoved: number
  /** Pages that came back shorter than asked although the reported total said more rows followed. */
  shortPages: number
  /** Why the data is known to have changed during the export; empty when it did not. */
  changes: string[]
}

export interface RowLedger {
  /** The rows of `page` not seen before, in the order Convoso sent them. */
  accept(fetched: FetchedPage): OptOutRecord[]
  stats(): LedgerStats
}

export function createRowLedger(options: { rowCap: number }): RowLedger {
  const seen = new IdSet()
  let totalAtStart: number | undefined
  let totalAtEnd = 0
  let latestArrival = -1
  let rowsAccepted = 0
  let duplicatesRemoved = 0
  let shortPages = 0

  return {
    accept({ offset, limit, page, arrival }) {
      totalAtStart ??= page.total
      if (arrival > latestArrival) {
        latestArrival = arrival
        totalAtEnd = page.total
      }
      // Rows this page should have had by its own total; fewer means rows vanished meanwhile.
      const expected = Math.max(0, Math.min(limit, Math.min(page.total, options.rowCap) - offset))
      if (page.records.length < expected) shortPages += 1

      const fresh: OptOutRecord[] = []
      for (const record of page.records) {
        if (seen.add(record.id)) fresh.push(record)
        else duplicatesRemoved += 1
      }
      rowsAccepted += fresh.length
      return fresh
    },

    stats() {
      const start = totalAtStart ?? 0
      const changes: string[] = []
      if (start !== totalAtEnd) {
        changes.push(
          `Convoso reported ${start.toLocaleString('en-US')} matching records at the start and ${totalAtEnd.toLocaleString('en-US')} at the end.`,
        )
      }
      if (duplicatesRemoved > 0) {
        changes.push(
          `${duplicatesRemoved.toLocaleString('en-US')} rows came back twice (rows inserted during the export shift later pages) and were written once.`,
        )
      }
      if (shortPages > 0) {
        changes.push(
          `${shortPages.toLocaleString('en-US')} pages came back shorter than the reported total implied (rows deleted during the export).`,
        )
      }
      return {
        totalAtStart: start,
        totalAtEnd,
        rowsAccepted,
        duplicatesRemoved,
        shortPages,
        changes,
      }
    },
  }
}
