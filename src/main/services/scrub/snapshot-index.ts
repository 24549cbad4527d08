/**
 * The snapshot's rows by phone key, for matching a send list against it: the distinct keys sorted, and
 * for each the snapshot rows that carry it (compressed rows, CSR). Typed arrays only, built with the
 * engine's numeric sort and one binary search per row: about 16 bytes a row, a million rows in a few
 * tenths of a second (a Map of a million numbers took longer and about four times the memory; see
 * bench/scrub.ts). Built once per snapshot and kept while it stays open.
 */
export interface SnapshotIndex {
  /** Distinct valid keys, ascending. */
  keys: Float64Array
  /** Rows of key i are rows[starts[i] … starts[i + 1]); length keys.length + 1. */
  starts: Uint32Array
  /** Snapshot rows, grouped by key, each group in row order. */
  rows: Uint32Array
  /** Rows of the snapshot, including those without a valid key. */
  snapshotRows: number
}

/** Position of `key` in the sorted `keys`, or -1. */
export function keyPosition(keys: Float64Array, key: number): number {
  let low = 0
  let high = keys.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const value = keys[middle] as number
    if (value < key) low = middle + 1
    else if (value > key) high = middle - 1
    else return middle
  }
  return -1
}

/** `rowKeys[row]`: the phone key of each snapshot row, NaN where the record's number is not valid. */
export function buildSnapshotIndex(rowKeys: Float64Array): SnapshotIndex {
  const sorted = rowKeys.filter((key) => key === key).sort()
  let distinct = 0
  for (let at = 0; at < sorted.length; at += 1) {
    if (at === 0 || sorted[at] !== sorted[at - 1]) sorted[distinct++] = sorted[at] as number
  }
  const keys = sorted.slice(0, distinct)
  const position = new Int32Array(rowKeys.length)
  const counts = new Uint32Array(distinct + 1)
  for (let row = 0; row < rowKeys.length; row += 1) {
    const key = rowKeys[row] as number
    const at = key === key ? keyPosition(keys, key) : -1
    position[row] = at
    if (at >= 0) counts[at + 1] = (counts[at + 1] as number) + 1
  }
  const starts = counts
  for (let at = 1; at <= distinct; at += 1) starts[at] = (starts[at] as number) + (starts[at - 1] as number)
  const rows = new Uint32Array(starts[distinct] as number)
  const next = starts.slice(0, distinct)
  for (let row = 0; row < rowKeys.length; row += 1) {
    const at = position[row] as number
    if (at < 0) continue
    rows[next[at] as number] = row
    next[at] = (next[at] as number) + 1
  }
  return { keys, starts, rows, snapshotRows: rowKeys.length }
}

/** The snapshot rows whose key is `key` (a view, in row order; empty when none or `key` is NaN). */
export function rowsWithKey(index: SnapshotIndex, key: number): Uint32Array {
  if (key !== key) return index.rows.subarray(0, 0)
  const at = keyPosition(index.keys, key)
  if (at < 0) return index.rows.subarray(0, 0)
  return index.rows.subarray(index.starts[at] as number, index.starts[at + 1] as number)
}
