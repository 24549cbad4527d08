import { SEARCH_PARAM_FIELDS, type SearchParams } from '../../../shared/filters'
import type { SearchPage } from '../../../shared/records'
import { compileMatcher, hasFilters, insertDay } from '../convoso/matching'
import type { RowStore } from './row-store'

/**
 * Search over an opened report with Convoso's semantics (compileMatcher, the
 * same code the fake Convoso filters with). Paging through one filter is the
 * common case, so the matching rows of the last filter are kept as a compact
 * index list and each further page costs only its own rows.
 */

export type ReportSearch = (params: SearchParams, offset: number, limit: number) => SearchPage

/** A key that is equal for params that filter the same way (unset and empty are alike). */
function paramsKey(params: SearchParams): string {
  return JSON.stringify([
    ...SEARCH_PARAM_FIELDS.map((field) => params[field] ?? ''),
    params.insert_date_to ?? '',
  ])
}

function wholeNumber(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0
}

function matchingRows(store: RowStore, params: SearchParams): Uint32Array {
  const matches = compileMatcher(params)
  const view = store.view()
  let found = new Uint32Array(1024)
  let count = 0
  for (let row = 0; row < store.length; row += 1) {
    view.at = row
    if (!matches(view)) continue
    if (count === found.length) {
      const grown = new Uint32Array(found.length * 2)
      grown.set(found)
      found = grown
    }
    found[count] = row
    count += 1
  }
  const rows = found.slice(0, count)
  return params.insert_date && params.insert_date_to ? byDay(store, rows) : rows
}

/**
 * A range over Convoso comes back day by day in ascending order; a report's range is put in the same
 * order (stable, so rows of one day keep the file's order), and a report exported from a range reads
 * back exactly as written.
 */
function byDay(store: RowStore, rows: Uint32Array): Uint32Array {
  const view = store.view()
  const days = Array.from(rows, (row) => {
    view.at = row
    return insertDay(view.insert_date)
  })
  const order = Array.from(rows.keys()).sort((a, b) => {
    const dayA = days[a] ?? ''
    const dayB = days[b] ?? ''
    return dayA < dayB ? -1 : dayA > dayB ? 1 : a - b
  })
  return Uint32Array.from(order, (at) => rows[at] as number)
}

export function createReportSearch(store: RowStore): ReportSearch {
  let cached: { key: string; rows: Uint32Array } | undefined

  return (params, offset, limit) => {
    const start = wholeNumber(offset)
    const size = wholeNumber(limit)
    if (!hasFilters(params)) {
      // Every row matches: the page is a plain slice, no index needed.
      const end = Math.min(store.length, start + size)
      const records = []
      for (let row = start; row < end; row += 1) records.push(store.record(row))
      return { offset: start, limit: size, total: store.length, records }
    }
    const key = paramsKey(params)
    if (cached?.key !== key) cached = { key, rows: matchingRows(store, params) }
    const rows = cached.rows
    const end = Math.min(rows.length, start + size)
    const records = []
    for (let at = start; at < end; at += 1) records.push(store.record(rows[at] as number))
    return { offset: start, limit: size, total: rows.length, records }
  }
}
