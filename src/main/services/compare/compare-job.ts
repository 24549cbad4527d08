import type { CompareCounts, CompareOutcome, CompareSide, ReportSource } from '../../../shared/compare'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { JobContext } from '../../jobs/job-registry'
import type { ReadReport } from '../offline/open-report'
import type { OpenProgress } from '../offline/types'
import { comparisonSummary, comparisonWarnings, filterNotes } from './compare-notes'
import type { Comparison } from './kept-comparisons'
import { matchStores } from './match'
import {
  readReportAt,
  reportSourcePath,
  sameFile,
  type ReadSourceOptions,
  type ReportSourceDeps,
} from './report-source'

/**
 * One comparison, as a job: finds both reports, reads them (each in its own
 * report-reader worker, both at once unless told otherwise), refuses a file the
 * app did not write, orders them by their recorded generation time and matches
 * them by record id. Progress is the rows read from both files.
 */

export interface CompareJobDeps extends ReportSourceDeps {
  reader?: ReadSourceOptions['reader']
  /** Read the two files one after the other (less memory at the peak, more time). */
  oneAtATime?: boolean
}

export const COMPARE_CANCELLED: AppError = { kind: 'cancelled', message: 'The comparison was cancelled.' }

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function sideOf(read: ReadReport): CompareSide {
  const { info } = read
  return {
    fileName: info.fileName,
    filePath: info.filePath,
    format: info.format,
    generatedAt: info.generatedAt ?? null,
    rows: info.rowsRead,
    filtersDescription: info.filtersDescription ?? '',
    paramsAsSent: info.paramsAsSent ?? {},
    integrity: info.integrity,
    integrityDetail: info.integrityDetail,
    recordedSha256: info.recordedSha256 ?? null,
    actualSha256: info.actualSha256,
    partial: info.partial,
    appVersion: info.appVersion ?? '',
  }
}

function foreign(fileName: string): AppError {
  return {
    kind: 'report-file',
    message:
      `${fileName} was not exported by Opt-Out Desk, so it records neither when it was made nor what it covers; ` +
      'compare two reports the app exported.',
  }
}

/** Both reports read, with progress summed over the two; the first failure stops the other read. */
async function readBoth(
  paths: [string, string],
  deps: CompareJobDeps,
  { signal, report }: JobContext,
): Promise<Result<[ReadReport, ReadReport]>> {
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  signal.addEventListener('abort', stop, { once: true })
  const progress: OpenProgress[] = paths.map(() => ({ bytesRead: 0, totalBytes: 0, rowsRead: 0 }))
  const readOne = async (index: 0 | 1): Promise<Result<ReadReport>> => {
    const result = await readReportAt(paths[index], {
      signal: controller.signal,
      log: deps.log,
      reader: deps.reader,
      onProgress: (step) => {
        progress[index] = step
        report({
          rowsDone: progress.reduce((sum, one) => sum + one.rowsRead, 0),
          bytesDone: progress.reduce((sum, one) => sum + one.bytesRead, 0),
          bytesTotal: progress.reduce((sum, one) => sum + one.totalBytes, 0),
        })
      },
    })
    const refused =
      result.ok && !result.data.info.madeByApp ? fail(foreign(result.data.info.fileName)) : result
    // The other read is of no use once this one failed.
    if (!refused.ok) controller.abort()
    return refused
  }
  try {
    let reads: Result<ReadReport>[]
    if (deps.oneAtATime) {
      const first = await readOne(0)
      reads = [first, first.ok ? await readOne(1) : first]
    } else reads = await Promise.all([readOne(0), readOne(1)])
    if (signal.aborted) return fail(COMPARE_CANCELLED)
    const failed =
      reads.find((read) => !read.ok && read.error.kind !== 'cancelled') ?? reads.find((read) => !read.ok)
    if (failed && !failed.ok) return failed
    return ok(reads.map((read) => (read as { ok: true; data: ReadReport }).data) as [ReadReport, ReadReport])
  } finally {
    signal.removeEventListener('abort', stop)
  }
}

const generatedMs = (read: ReadReport): number => {
  const time = Date.parse(read.info.generatedAt ?? '')
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time
}

export async function runComparison(
  compareId: string,
  { a, b }: { a: ReportSource; b: ReportSource },
  deps: CompareJobDeps,
  context: JobContext,
): Promise<Result<Comparison>> {
  const pathA = await reportSourcePath(a, deps)
  if (!pathA.ok) return pathA
  const pathB = await reportSourcePath(b, deps)
  if (!pathB.ok) return pathB
  if (await sameFile(pathA.data, pathB.data)) {
    return fail({
      kind: 'validation',
      message: 'Both choices are the same file. Choose two different reports: an older and a newer export.',
      fieldErrors: {},
    })
  }
  const read = await readBoth([pathA.data, pathB.data], deps, context)
  if (!read.ok) return read
  // Older first; a report without a generation time sorts last, and equal times keep the order chosen.
  const [older, newer] = [...read.data].sort((x, y) => {
    const order = generatedMs(x) - generatedMs(y)
    return Number.isNaN(order) ? 0 : order
  }) as [ReadReport, ReadReport]

  let match
  try {
    const olderTime = Date.parse(older.info.generatedAt ?? '')
    match = await matchStores(older.store, newer.store, {
      olderGeneratedAt: Number.isNaN(olderTime) ? null : olderTime,
      signal: context.signal,
      pause: nextTurn,
    })
  } catch (error) {
    if (context.signal.aborted) return fail(COMPARE_CANCELLED)
    throw error
  }
  const olderSide = sideOf(older)
  const newerSide = sideOf(newer)
  const counts: CompareCounts = {
    removed: match.removed.length,
    changed: match.changed.newer.length,
    added: match.added.length,
    're-entered': match.reEntered.length,
    'back-dated': match.backDated.length,
    unchanged: match.unchanged,
  }
  const notes = filterNotes(olderSide, newerSide)
  const outcome: CompareOutcome = {
    compareId,
    older: olderSide,
    newer: newerSide,
    filtersMatch: notes.length === 0,
    filterNotes: notes,
    warnings: comparisonWarnings(olderSide, newerSide, match.duplicateIds),
    counts,
    summary: comparisonSummary(olderSide.rows, newerSide.rows, counts),
  }
  return ok({ outcome, older: older.store, newer: newer.store, match })
}
