import { integerCellValue } from '../export/cell-values'
import type { RowStore } from '../offline/row-store'

/**
 * A report's rows in record-id order, for matching two reports by id without
 * a million-entry map of strings: whole-number ids (nearly all) as numbers,
 * sorted as a typed array; the few text ids ("007", "A-100", 16 digits) apart.
 */
export interface IdOrder {
  /** Each row's id as a number; NaN for a text id. */
  ids: Float64Array
  /** Rows with a numeric id, by id ascending, then by row (file order) among equal ids. */
  numeric: Uint32Array
  /** Rows with a text id, by id then row. */
  text: { id: string; row: number }[]
}

/** Rows are packed below the id in one float when both fit in its 53 exact bits; then a plain numeric sort does. */
const ROW_BITS = 2 ** 21
const MAX_PACKED_ID = 2 ** 32

function ascending(ids: Float64Array, rows: Uint32Array): boolean {
  for (let at = 1; at < rows.length; at += 1) {
    if ((ids[rows[at] as number] as number) < (ids[rows[at - 1] as number] as number)) return false
  }
  return true
}

/**
 * Sorts row numbers by id (then row). Reports are often in id order already (checked first, in one pass);
 * otherwise a packed numeric sort is about 2.5 times faster than a comparator (190 ms against 500 ms for
 * 1,000,000 random ids, measured); ids past 2^32, negative ids or more than 2^21 rows use the comparator.
 */
function sortedById(ids: Float64Array, rows: Uint32Array): Uint32Array {
  if (ascending(ids, rows)) return rows
  const packable =
    rows.length <= ROW_BITS &&
    rows.every((row) => {
      const id = ids[row] as number
      return id >= 0 && id < MAX_PACKED_ID
    })
  if (!packable) return rows.slice().sort((a, b) => (ids[a] as number) - (ids[b] as number) || a - b)
  const keys = new Float64Array(rows.length)
  for (let at = 0; at < rows.length; at += 1) {
    const row = rows[at] as number
    keys[at] = (ids[row] as number) * ROW_BITS + row
  }
  keys.sort()
  const sorted = new Uint32Array(rows.length)
  for (let at = 0; at < keys.length; at += 1) sorted[at] = (keys[at] as number) % ROW_BITS
  return sorted
}

/** Rows read between turns of the caller's event loop. */
const SLICE = 100_000

export async function idOrder(
  store: RowStore,
  pause: () => Promise<void> = async () => undefined,
): Promise<IdOrder> {
  const ids = new Float64Array(store.length)
  const numericRows = new Uint32Array(store.length)
  let numericCount = 0
  const text: { id: string; row: number }[] = []
  const view = store.view()
  for (let row = 0; row < store.length; row += 1) {
    if (row % SLICE === SLICE - 1) await pause()
    view.at = row
    const id = view.id
    // The store's own rule: an id is kept as a number exactly when it reads back as the same text.
    const number = integerCellValue(id)
    if (number === undefined) {
      ids[row] = Number.NaN
      text.push({ id, row })
    } else {
      ids[row] = number
      numericRows[numericCount] = row
      numericCount += 1
    }
  }
  text.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.row - b.row))
  return { ids, numeric: sortedById(ids, numericRows.subarray(0, numericCount)), text }
}
