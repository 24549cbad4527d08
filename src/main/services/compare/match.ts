import { parseWallClock } from '../export/cell-values'
import type { RowStore } from '../offline/row-store'
import { idOrder, type IdOrder } from './id-order'
import { phoneScopeKey, sameFields } from './record-diff'

/**
 * Two reports matched by record id. Rows are row numbers into each report's
 * store (older for removed, newer for the rest), so a million-row list costs
 * 4 MB, and records are read back only for the page or file that shows them.
 */
export interface MatchResult {
  removed: Uint32Array
  added: Uint32Array
  /** Pairs of one record in both, with at least one field different. */
  changed: { older: Uint32Array; newer: Uint32Array }
  /** Added rows whose phone and scope are those of removed rows (also in `added`). */
  reEntered: Uint32Array
  /** For each re-entered row (newer), the removed rows (older) with its phone and scope. */
  previous: Map<number, number[]>
  /** Added rows inserted, by their insert date, before the older report was made (also in `added`). */
  backDated: Uint32Array
  unchanged: number
  /** Repeats of an id within one report (rows past the first of each id). */
  duplicateIds: { older: number; newer: number }
}

export interface MatchOptions {
  /** When the older report was made (ms since the epoch, UTC); null when it did not record it. */
  olderGeneratedAt: number | null
  signal?: AbortSignal
  /** Lets the caller's event loop run between slices of the work (main's thread stays responsive). */
  pause?: () => Promise<void>
}

/**
 * Insert dates are Convoso's wall-clock time in a zone it does not document, the generation time is UTC:
 * a record is called back-dated only when its insert date is earlier by more than the widest UTC offset.
 */
export const BACK_DATED_MARGIN_MS = 14 * 3_600_000
const SLICE = 50_000
const DAY_MS = 86_400_000

class Rows {
  private values = new Uint32Array(1024)
  length = 0
  push(row: number): void {
    if (this.length === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.length] = row
    this.length += 1
  }
  done(): Uint32Array {
    return this.values.slice(0, this.length)
  }
}

interface Pairing {
  removed: Rows
  added: Rows
  pairs: { older: Rows; newer: Rows }
  duplicates: { older: number; newer: number }
}

/** The end of the run of equal keys starting at `from`. */
function runEnd(length: number, from: number, keyAt: (at: number) => number | string): number {
  let end = from + 1
  while (end < length && keyAt(end) === keyAt(from)) end += 1
  return end
}

/**
 * Merges two id-sorted lists. Equal ids pair up in file order; a repeated id (which a report should
 * never hold) pairs its first occurrences, and the rest read as removed or added and are counted.
 */
function mergeSorted(
  lengths: [number, number],
  keys: [(at: number) => number | string, (at: number) => number | string],
  rows: [(at: number) => number, (at: number) => number],
  into: Pairing,
): void {
  const [lengthA, lengthB] = lengths
  const [keyA, keyB] = keys
  const [rowA, rowB] = rows
  let a = 0
  let b = 0
  while (a < lengthA || b < lengthB) {
    const endA = a < lengthA ? runEnd(lengthA, a, keyA) : a
    const endB = b < lengthB ? runEnd(lengthB, b, keyB) : b
    const order = a >= lengthA ? 1 : b >= lengthB ? -1 : keyA(a) < keyB(b) ? -1 : keyA(a) > keyB(b) ? 1 : 0
    if (order <= 0) into.duplicates.older += endA - a - 1
    if (order >= 0) into.duplicates.newer += endB - b - 1
    if (order < 0) {
      for (; a < endA; a += 1) into.removed.push(rowA(a))
    } else if (order > 0) {
      for (; b < endB; b += 1) into.added.push(rowB(b))
    } else {
      const paired = Math.min(endA - a, endB - b)
      for (let k = 0; k < paired; k += 1) {
        into.pairs.older.push(rowA(a + k))
        into.pairs.newer.push(rowB(b + k))
      }
      for (let k = a + paired; k < endA; k += 1) into.removed.push(rowA(k))
      for (let k = b + paired; k < endB; k += 1) into.added.push(rowB(k))
      a = endA
      b = endB
    }
  }
}

function pairById(older: IdOrder, newer: IdOrder): Pairing {
  const pairing: Pairing = {
    removed: new Rows(),
    added: new Rows(),
    pairs: { older: new Rows(), newer: new Rows() },
    duplicates: { older: 0, newer: 0 },
  }
  mergeSorted(
    [older.numeric.length, newer.numeric.length],
    [
      (at) => older.ids[older.numeric[at] as number] as number,
      (at) => newer.ids[newer.numeric[at] as number] as number,
    ],
    [(at) => older.numeric[at] as number, (at) => newer.numeric[at] as number],
    pairing,
  )
  mergeSorted(
    [older.text.length, newer.text.length],
    [(at) => older.text[at]?.id ?? '', (at) => newer.text[at]?.id ?? ''],
    [(at) => older.text[at]?.row ?? 0, (at) => newer.text[at]?.row ?? 0],
    pairing,
  )
  return pairing
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The comparison was cancelled.', 'AbortError')
}

/** The latest wall-clock moment an insert date can stand for (a date alone: the end of that day); NaN if not a date. */
function latestInsertTime(insertDate: string): number {
  const wallClock = parseWallClock(insertDate)
  if (!wallClock) return Number.NaN
  return wallClock.date.getTime() + (wallClock.hasTime ? 0 : DAY_MS - 1000)
}

export async function matchStores(
  older: RowStore,
  newer: RowStore,
  options: MatchOptions,
): Promise<MatchResult> {
  const { signal, pause = async () => undefined } = options
  const olderOrder = await idOrder(older, pause)
  await pause()
  throwIfAborted(signal)
  const newerOrder = await idOrder(newer, pause)
  await pause()
  throwIfAborted(signal)
  const pairing = pairById(olderOrder, newerOrder)

  const olderPairs = pairing.pairs.older.done()
  const newerPairs = pairing.pairs.newer.done()
  const changedOlder = new Rows()
  const changedNewer = new Rows()
  const olderView = older.view()
  const newerView = newer.view()
  for (let at = 0; at < olderPairs.length; at += 1) {
    if (at % SLICE === 0) {
      await pause()
      throwIfAborted(signal)
    }
    olderView.at = olderPairs[at] as number
    newerView.at = newerPairs[at] as number
    if (sameFields(olderView, newerView)) continue
    changedOlder.push(olderView.at)
    changedNewer.push(newerView.at)
  }

  const removed = pairing.removed.done()
  const added = pairing.added.done()
  // Re-entered: the removed rows by phone and scope, looked up for each added row.
  const removedByScope = new Map<string, number[]>()
  for (const [at, row] of removed.entries()) {
    if (at % SLICE === SLICE - 1) await pause()
    olderView.at = row
    const key = phoneScopeKey(olderView)
    const rows = removedByScope.get(key)
    if (rows) rows.push(row)
    else removedByScope.set(key, [row])
  }
  await pause()
  throwIfAborted(signal)
  const reEntered = new Rows()
  const previous = new Map<number, number[]>()
  const backDated = new Rows()
  const backDatedBefore =
    options.olderGeneratedAt === null ? Number.NaN : options.olderGeneratedAt - BACK_DATED_MARGIN_MS
  for (const [at, row] of added.entries()) {
    if (at % SLICE === SLICE - 1) await pause()
    newerView.at = row
    const before = removedByScope.get(phoneScopeKey(newerView))
    if (before) {
      reEntered.push(row)
      previous.set(row, before)
    }
    // Wall-clock read as if UTC, against UTC less the margin (NaN compares false: no verdict without both).
    if (latestInsertTime(newerView.insert_date) < backDatedBefore) backDated.push(row)
  }

  return {
    removed,
    added,
    changed: { older: changedOlder.done(), newer: changedNewer.done() },
    reEntered: reEntered.done(),
    previous,
    backDated: backDated.done(),
    unchanged: olderPairs.length - changedOlder.length,
    duplicateIds: pairing.duplicates,
  }
}
