import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import type { ReportInfo } from '../../../shared/offline'
import type { SendListColumns } from '../../../shared/scrub'
import type { ScrubOutputFile, ScrubRules, ScrubVerdict } from '../../../shared/scrub-result'
import { readReport, type ReadReport } from '../offline/open-report'
import { ReportFileFailure } from '../offline/report-errors'
import { rowStoreFromColumns, type RowStore, type RowStoreColumns } from '../offline/row-store'
import type { OpenReportOptions } from '../offline/types'
import { normaliseNumbers, recordKey } from '../send-list/normalise'
import { readSendList } from '../send-list/read-send-list'
import type { NormalisedList, ReadSendListOptions, SendListRead } from '../send-list/types'
import { collectMatchedRecords, judgeList, ScrubCancelled, type ListKeys } from './scrub-engine'
import { writeScrubOutputs, type OutputPaths, type ScrubReportFacts } from './scrub-outputs'
import { packTexts, scrubTable, type ScrubTableData } from './scrub-table'
import { buildSnapshotIndex, type SnapshotIndex } from './snapshot-index'

/**
 * The scrub's heavy half, run in the scrub worker (src/main/workers/scrub.ts) and, in tests, on the
 * test's thread: read the list, normalise it, get the snapshot and its index (kept for the next scrub
 * against the same snapshot), judge every row, and later write the outputs. Plain Node, dependencies
 * as arguments.
 */

export type SnapshotRequest =
  /** The report open in the viewer: main sends its columns the first time, then only its token. */
  | { kind: 'opened'; token: string; info: ReportInfo; columns: RowStoreColumns | null }
  /** A report file (from the Reports list or chosen): read here. */
  | { kind: 'file'; path: string }

export interface ScrubWorkRequest {
  scrubId: string
  listPath: string
  columns: SendListColumns
  rules: ScrubRules
  snapshot: SnapshotRequest
}

export interface ScrubWorkResult {
  input: {
    fileName: string
    sha256: string
    rows: number
    format: 'csv' | 'xlsx'
    header: string[]
    hasHeaderRow: boolean
  }
  snapshotInfo: ReportInfo
  table: ScrubTableData
  counts: Record<ScrubVerdict, number>
  /** Where the time went, for the benchmark and the log. */
  timings: { readListMs: number; normaliseMs: number; snapshotMs: number; matchMs: number }
  /** True when the snapshot's index was already built (a second scrub against the same snapshot). */
  snapshotReused: boolean
}

export interface SaveWorkRequest {
  listPath: string
  /** The list's SHA-256 at scrub time: a list changed since is refused. */
  listSha256: string
  phoneColumn: number
  codeColumn: number | null
  format: 'csv' | 'xlsx'
  paths: OutputPaths
  table: ScrubTableData
  rules: ScrubRules
  report: ScrubReportFacts
}

export interface WorkProgress {
  rowsDone: number
  rowsExpected: number | null
}

export interface ScrubWorkDeps {
  readSendList: (path: string, options: ReadSendListOptions) => Promise<SendListRead>
  normaliseNumbers: (
    rows: readonly (readonly string[])[],
    options: SendListColumns & { signal?: AbortSignal },
  ) => NormalisedList | ListKeys
  recordKey: (phoneCode: string, phoneNumber: string) => number
  readReport: (path: string, options: OpenReportOptions) => Promise<ReadReport>
}

export const DEFAULT_WORK_DEPS: ScrubWorkDeps = { readSendList, normaliseNumbers, recordKey, readReport }

/** The snapshot wanted is not held here (the worker restarted): main sends the columns again. */
export class SnapshotNotHeld extends Error {
  constructor() {
    super('snapshot not held')
    this.name = 'SnapshotNotHeld'
  }
}

interface HeldSnapshot {
  key: string
  info: ReportInfo
  store: RowStore
  index: SnapshotIndex
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const KEY_SLICE_ROWS = 50_000

/** Every record's phone key; hands the thread back now and then so a cancel is seen. */
async function snapshotKeys(
  store: RowStore,
  keyOf: ScrubWorkDeps['recordKey'],
  signal: AbortSignal,
): Promise<Float64Array> {
  const keys = new Float64Array(store.length)
  const view = store.view()
  for (let row = 0; row < store.length; row += 1) {
    if (row % KEY_SLICE_ROWS === 0 && row > 0) {
      await nextTurn()
      if (signal.aborted) throw new ScrubCancelled()
    }
    view.at = row
    keys[row] = keyOf(view.phone_code, view.phone_number)
  }
  return keys
}

export interface ScrubWork {
  scrub(
    request: ScrubWorkRequest,
    options: {
      signal: AbortSignal
      onProgress: (progress: WorkProgress) => void
      log: (line: string) => void
    },
  ): Promise<ScrubWorkResult>
  save(request: SaveWorkRequest, options: { signal: AbortSignal }): Promise<ScrubOutputFile[]>
  /** The key of the snapshot held, if any (tests). */
  heldSnapshot(): string | undefined
}

export function createScrubWork(deps: ScrubWorkDeps = DEFAULT_WORK_DEPS): ScrubWork {
  // One snapshot at a time: the one scrubbed against last, usually the opened report.
  let held: HeldSnapshot | undefined

  async function keyOf(request: SnapshotRequest): Promise<string> {
    if (request.kind === 'opened') return `opened:${request.token}`
    const path = resolve(request.path)
    const stat = await fs.stat(path).catch(() => undefined)
    return stat ? `file:${path}:${stat.size}:${stat.mtimeMs}` : `file:${path}`
  }

  async function snapshotFor(
    request: SnapshotRequest,
    signal: AbortSignal,
    log: (line: string) => void,
  ): Promise<{ snapshot: HeldSnapshot; reused: boolean }> {
    const key = await keyOf(request)
    if (held?.key === key) return { snapshot: held, reused: true }
    // Whatever was held goes before the next is built: one snapshot's memory at a time.
    held = undefined
    let info: ReportInfo
    let store: RowStore
    if (request.kind === 'opened') {
      if (request.columns === null) throw new SnapshotNotHeld()
      info = request.info
      store = await rowStoreFromColumns(request.columns)
    } else {
      ;({ info, store } = await deps.readReport(request.path, { signal, log }))
    }
    if (signal.aborted) throw new ScrubCancelled()
    const index = buildSnapshotIndex(await snapshotKeys(store, deps.recordKey, signal))
    held = { key, info, store, index }
    return { snapshot: held, reused: false }
  }

  return {
    async scrub(request, { signal, onProgress, log }) {
      // Asked before the list is read: main then sends the rows it assumed were held.
      if (request.snapshot.kind === 'opened' && request.snapshot.columns === null) {
        if (held?.key !== (await keyOf(request.snapshot))) throw new SnapshotNotHeld()
      }
      const started = performance.now()
      const list = await deps.readSendList(request.listPath, {
        signal,
        onProgress: ({ rowsRead }) => onProgress({ rowsDone: rowsRead, rowsExpected: null }),
      })
      if (signal.aborted) throw new ScrubCancelled()
      const rows = list.rows.length
      onProgress({ rowsDone: 0, rowsExpected: rows })
      const listRead = performance.now()
      const keys = deps.normaliseNumbers(list.rows, { ...request.columns, signal })
      if (signal.aborted) throw new ScrubCancelled()
      const normalised = performance.now()
      const { snapshot, reused } = await snapshotFor(request.snapshot, signal, log)
      const snapshotReady = performance.now()
      const judgement = await judgeList(keys, snapshot, request.rules, {
        signal,
        onProgress: (rowsDone) => onProgress({ rowsDone, rowsExpected: rows }),
      })
      const { records, matchRecords } = collectMatchedRecords(snapshot.store, judgement.matchRows)
      const phoneColumn = request.columns.phoneColumn
      const inputs = packTexts(list.rows.map((cells) => cells[phoneColumn] ?? ''))
      const problems: [number, string][] = []
      keys.problem.forEach((problem, row) => {
        if (problem !== undefined) problems.push([row, problem])
      })
      const matched = performance.now()
      return {
        input: {
          fileName: list.fileName,
          sha256: list.sha256,
          rows,
          format: list.format,
          header: list.header,
          hasHeaderRow: list.hasHeaderRow,
        },
        snapshotInfo: snapshot.info,
        table: {
          verdict: judgement.verdict,
          key: keys.key,
          firstRowOf: keys.firstRowOf,
          inputs,
          problems,
          matchStarts: judgement.matchStarts,
          matchRecords,
          records: records.columns(),
        },
        counts: judgement.counts,
        timings: {
          readListMs: listRead - started,
          normaliseMs: normalised - listRead,
          snapshotMs: snapshotReady - normalised,
          matchMs: matched - snapshotReady,
        },
        snapshotReused: reused,
      }
    },

    async save(request, { signal }) {
      const list = await deps.readSendList(request.listPath, { signal })
      if (list.sha256 !== request.listSha256) {
        throw new ReportFileFailure({
          kind: 'report-file',
          message: `${list.fileName} changed after it was scrubbed, so its rows may not be the ones judged. Scrub it again, then save.`,
        })
      }
      const { records, ...rest } = request.table
      const table = scrubTable(rest, await rowStoreFromColumns(records), request.rules)
      return writeScrubOutputs({
        format: request.format,
        paths: request.paths,
        list,
        phoneColumn: request.phoneColumn,
        codeColumn: request.codeColumn,
        table,
        rules: request.rules,
        report: request.report,
        signal,
      })
    },

    heldSnapshot: () => held?.key,
  }
}
