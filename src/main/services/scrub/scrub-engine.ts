import { SCRUB_VERDICTS, type ScrubRules, type ScrubVerdict } from '../../../shared/scrub-result'
import { createRowStoreBuilder, type RowStore } from '../offline/row-store'
import { campaignKey, RecordScope, recordScope, verdictOfScopes } from './scrub-rules'
import { firstRowWithKey, type SnapshotIndex } from './snapshot-index'

/**
 * Matching a normalised send list against a snapshot: a verdict per row, and per row the snapshot
 * rows that matched it, blocking records first (scrub-rules.ts). Plain data in, typed arrays out, so
 * it runs in the scrub worker and is tested alone. It hands its thread back every `sliceRows` rows,
 * so a cancel (a message to the worker) is seen within a few milliseconds.
 */

/** The send list's numbers as the normaliser gives them (services/send-list). */
export interface ListKeys {
  /** E.164 digits as a number; NaN where the cell is not a phone number. */
  key: Float64Array
  /** Why a cell is not a number (undefined for valid ones). */
  problem: readonly (string | undefined)[]
  /** The row of the first occurrence of the same key; the row itself when it is the first. */
  firstRowOf: Int32Array
}

export interface IndexedSnapshot {
  index: SnapshotIndex
  store: Pick<RowStore, 'view'>
}

export interface Judgement {
  /** Per list row, an index into SCRUB_VERDICTS. */
  verdict: Uint8Array
  /** Matches of row i are matchRows[matchStarts[i] … matchStarts[i + 1]). */
  matchStarts: Uint32Array
  /** Snapshot rows, per list row in scope order (blocking, purpose-scoped, other campaigns), then row order. */
  matchRows: Uint32Array
  counts: Record<ScrubVerdict, number>
}

export const VERDICT_CODE: Readonly<Record<ScrubVerdict, number>> = Object.fromEntries(
  SCRUB_VERDICTS.map((verdict, code) => [verdict, code]),
) as Record<ScrubVerdict, number>

export const verdictOfCode = (code: number): ScrubVerdict => SCRUB_VERDICTS[code] as ScrubVerdict

export const emptyCounts = (): Record<ScrubVerdict, number> =>
  Object.fromEntries(SCRUB_VERDICTS.map((verdict) => [verdict, 0])) as Record<ScrubVerdict, number>

export class ScrubCancelled extends Error {
  constructor() {
    super('The scrub was cancelled.')
    this.name = 'ScrubCancelled'
  }
}

export interface JudgeOptions {
  signal?: AbortSignal
  /** Rows judged so far. */
  onProgress?: (rowsDone: number) => void
  sliceRows?: number
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A Uint32Array that grows as values are pushed. */
class Growing {
  values = new Uint32Array(1024)
  length = 0
  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Uint32Array(this.values.length * 2)
      bigger.set(this.values)
      this.values = bigger
    }
    this.values[this.length++] = value
  }
  sealed(): Uint32Array {
    return this.values.slice(0, this.length)
  }
}

export async function judgeList(
  list: ListKeys,
  snapshot: IndexedSnapshot,
  rules: Pick<ScrubRules, 'campaignId'>,
  { signal, onProgress, sliceRows = 20_000 }: JudgeOptions = {},
): Promise<Judgement> {
  const rows = list.key.length
  const verdict = new Uint8Array(rows)
  const matchStarts = new Uint32Array(rows + 1)
  const matchRows = new Growing()
  const counts = emptyCounts()
  const chosen = rules.campaignId === null ? null : campaignKey(rules.campaignId)
  const view = snapshot.store.view()
  const byScope: number[][] = [[], [], []]
  const code = VERDICT_CODE

  for (let row = 0; row < rows; row += 1) {
    if (row % sliceRows === 0 && row > 0) {
      onProgress?.(row)
      await nextTurn()
      if (signal?.aborted) throw new ScrubCancelled()
    }
    matchStarts[row] = matchRows.length
    const key = list.key[row] as number
    let judged: ScrubVerdict
    if (key !== key) judged = 'invalid'
    else if (list.firstRowOf[row] !== row) judged = 'duplicate'
    else {
      const { next } = snapshot.index
      let strictest: RecordScope | undefined
      for (
        let snapshotRow = firstRowWithKey(snapshot.index, key);
        snapshotRow !== -1;
        snapshotRow = next[snapshotRow] as number
      ) {
        view.at = snapshotRow
        const scope = recordScope(view, chosen)
        ;(byScope[scope] as number[]).push(snapshotRow)
        if (strictest === undefined || scope < strictest) strictest = scope
      }
      for (const group of byScope) {
        for (const snapshotRow of group) matchRows.push(snapshotRow)
        group.length = 0
      }
      judged = verdictOfScopes(strictest)
    }
    verdict[row] = code[judged]
    counts[judged] += 1
  }
  matchStarts[rows] = matchRows.length
  if (signal?.aborted) throw new ScrubCancelled()
  onProgress?.(rows)
  return { verdict, matchStarts, matchRows: matchRows.sealed(), counts }
}

/**
 * The snapshot records a scrub matched, in a store of their own (so its results outlive the snapshot,
 * at the cost of the matches only), and each match as an index into it.
 */
export function collectMatchedRecords(
  snapshot: Pick<RowStore, 'record'>,
  matchRows: Uint32Array,
): { records: RowStore; matchRecords: Uint32Array } {
  const localOf = new Map<number, number>()
  const builder = createRowStoreBuilder(0)
  const matchRecords = new Uint32Array(matchRows.length)
  for (let at = 0; at < matchRows.length; at += 1) {
    const snapshotRow = matchRows[at] as number
    let local = localOf.get(snapshotRow)
    if (local === undefined) {
      local = builder.length
      localOf.set(snapshotRow, local)
      builder.append(snapshot.record(snapshotRow))
    }
    matchRecords[at] = local
  }
  return { records: builder.finish(), matchRecords }
}
