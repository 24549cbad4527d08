/** Convoso caps `limit` at 1000 and `offset` at 1,000,000 (documented; some accounts refuse earlier, see offset-limits.ts). */
export const MAX_LIMIT = 1000
export const MAX_OFFSET = 1_000_000
export const PAGE_SIZES = [25, 50, 100, 250, 500, 1000] as const
export type PageSize = (typeof PAGE_SIZES)[number]
export const DEFAULT_PAGE_SIZE: PageSize = 100

export interface PagerState {
  /** 1-based page number currently shown. */
  page: number
  pageCount: number
  /** 1-based index of the first row shown; 0 when there are no rows. */
  firstRow: number
  lastRow: number
  total: number
  /** Rows past what the API lets any client reach with this page size. */
  unreachableRows: number
}

/**
 * The highest page whose offset the API still accepts. `maxOffset` is the
 * documented 1,000,000 unless the API host has shown a lower limit.
 */
export function lastReachablePage(total: number, pageSize: number, maxOffset: number = MAX_OFFSET): number {
  if (total <= 0) return 1
  const pagesForTotal = Math.ceil(total / pageSize)
  const pagesWithinCap = Math.floor(maxOffset / pageSize) + 1
  return Math.min(pagesForTotal, pagesWithinCap)
}

export function offsetForPage(page: number, pageSize: number): number {
  return (Math.max(1, Math.floor(page)) - 1) * pageSize
}

export function pagerState(
  total: number,
  offset: number,
  pageSize: number,
  rowsShown: number,
  maxOffset: number = MAX_OFFSET,
): PagerState {
  const pageCount = lastReachablePage(total, pageSize, maxOffset)
  const page = Math.floor(offset / pageSize) + 1
  const reachable = Math.min(total, pageCount * pageSize)
  return {
    page,
    pageCount,
    firstRow: rowsShown === 0 ? 0 : offset + 1,
    lastRow: offset + rowsShown,
    total,
    unreachableRows: Math.max(0, total - reachable),
  }
}

/** Clamps a page the user asked for (typed, or first/last) to the reachable range. */
export function clampPage(
  requested: number,
  total: number,
  pageSize: number,
  maxOffset: number = MAX_OFFSET,
): number {
  if (!Number.isFinite(requested)) return 1
  return Math.min(Math.max(1, Math.floor(requested)), lastReachablePage(total, pageSize, maxOffset))
}
