import type { CompareList, ComparisonPage, ComparisonRow } from '../../../shared/compare'
import type { SearchParams } from '../../../shared/filters'
import { compileMatcher, hasFilters } from '../convoso/matching'
import type { RowStore } from '../offline/row-store'
import type { Comparison } from './kept-comparisons'
import { fieldChanges } from './record-diff'

/**
 * A list of a comparison as rows of one report (removed: the older report's
 * records; the others: the newer's), filtered with the main search's meaning
 * (convoso/matching.ts), paged. The rows matching the last filter of each list
 * are kept, so paging costs only the page.
 */

export interface ListRows {
  store: RowStore
  rows: Uint32Array
}

export function listRows(comparison: Comparison, list: CompareList): ListRows {
  const { older, newer, match } = comparison
  switch (list) {
    case 'removed':
      return { store: older, rows: match.removed }
    case 'changed':
      return { store: newer, rows: match.changed.newer }
    case 'added':
      return { store: newer, rows: match.added }
    case 're-entered':
      return { store: newer, rows: match.reEntered }
    case 'back-dated':
      return { store: newer, rows: match.backDated }
  }
}

/** The row of the older report each changed row of the newer one was, by position in the changed list. */
export function olderOfChanged(comparison: Comparison): Map<number, number> {
  const { older, newer } = comparison.match.changed
  return new Map(Array.from(newer, (row, at) => [row, older[at] as number]))
}

/** One list's row as the window and the export show it: the record, and what changed or what it replaced. */
export function comparisonRow(
  comparison: Comparison,
  list: CompareList,
  store: RowStore,
  row: number,
  changedFrom?: Map<number, number>,
): ComparisonRow {
  const record = store.record(row)
  if (list === 'changed') {
    const olderRow = (changedFrom ?? olderOfChanged(comparison)).get(row)
    const before = olderRow === undefined ? record : comparison.older.record(olderRow)
    return { record, changes: fieldChanges(before, record) }
  }
  if (list === 're-entered') {
    const previous = comparison.match.previous.get(row) ?? []
    return { record, previous: previous.map((olderRow) => comparison.older.record(olderRow)) }
  }
  return { record }
}

export function filteredRows({ store, rows }: ListRows, params: SearchParams): Uint32Array {
  if (!hasFilters(params)) return rows
  const matches = compileMatcher(params)
  const view = store.view()
  return rows.filter((row) => {
    view.at = row
    return matches(view)
  })
}

export interface ComparisonSearch {
  page(
    comparison: Comparison,
    list: CompareList,
    params: SearchParams,
    offset: number,
    limit: number,
  ): ComparisonPage
}

export function createComparisonSearch(): ComparisonSearch {
  let cached: { key: string; rows: Uint32Array; changedFrom?: Map<number, number> } | undefined
  return {
    page(comparison, list, params, offset, limit) {
      const key = JSON.stringify([comparison.outcome.compareId, list, params])
      const source = listRows(comparison, list)
      if (cached?.key !== key) {
        cached = {
          key,
          rows: filteredRows(source, params),
          ...(list === 'changed' ? { changedFrom: olderOfChanged(comparison) } : {}),
        }
      }
      const { rows, changedFrom } = cached
      const end = Math.min(rows.length, offset + limit)
      const page: ComparisonRow[] = []
      for (let at = offset; at < end; at += 1) {
        page.push(comparisonRow(comparison, list, source.store, rows[at] as number, changedFrom))
      }
      return { total: rows.length, offset, limit, rows: page }
    },
  }
}
