import { promises as fs } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { ReportSource } from '../../../shared/compare'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem, reportPathProblem } from '../../lib/report-path'
import type { WorkerEntry } from '../../lib/worker-host'
import { readReport, type ReadReport } from '../offline/open-report'
import { detailOf, EXPORT_AGAIN, OPEN_CANCELLED, ReportFileFailure } from '../offline/report-errors'
import type { OpenReportOptions, ReportInfo } from '../offline/types'
import { readInWorker } from '../offline/worker-read'
import type { ReportHistory } from '../reports/report-history'

/**
 * A report named by a ReportSource (the one open in the viewer, a line of the
 * Reports list, or a file), found and read with its rows: compare and scrub
 * both start here. The read runs in the report-reader worker when one is given
 * (as the app does), so main's thread only rebuilds the rows.
 */

export interface ReportSourceDeps {
  /** The report open in the viewer now, if any. */
  openedReport: () => Pick<ReportInfo, 'filePath'> | null
  history: Pick<ReportHistory, 'list'>
  log: Log
}

const CANNOT_OPEN: AppError = { kind: 'report-file', message: CANNOT_OPEN_MESSAGE }

/** The file a source names, checked like every report path (lib/report-path.ts); a missing file is refused clearly. */
export async function reportSourcePath(
  source: ReportSource,
  { openedReport, history, log }: ReportSourceDeps,
): Promise<Result<string>> {
  let path: string
  if (source.kind === 'opened') {
    const opened = openedReport()
    if (!opened) {
      return fail({
        kind: 'not-found',
        message: 'No report is open now. Choose the report from the Reports list or with "Choose a file…".',
      })
    }
    // Read again from its file: the viewer keeps only what its search needs.
    path = opened.filePath
  } else if (source.kind === 'history') {
    const entry = (await history.list()).find((report) => report.id === source.reportId)
    if (!entry)
      return fail({ kind: 'not-found', message: 'That report is not in the Reports list any more.' })
    path = entry.filePath
  } else {
    path = source.path
  }
  const pathProblem = reportPathProblem(path)
  if (pathProblem !== undefined) {
    log(`report source: refused ${String(path)} (${source.kind}): ${pathProblem}`)
    return fail(CANNOT_OPEN)
  }
  const problem = await reportFileProblem(path)
  if (problem?.kind === 'refused') {
    log(`report source: refused ${path} (${source.kind}): ${problem.reason}`)
    return fail(CANNOT_OPEN)
  }
  if (problem?.kind === 'missing') {
    const again =
      source.kind === 'history' ? ' If it was moved, choose it with "Choose a file…".' : ' Choose it again.'
    return fail({
      kind: 'not-found',
      message: `"${basename(path)}" is no longer where it was saved (${path}).${again}`,
    })
  }
  return ok(resolve(path))
}

/** The same file under another name (a link, `..`): compared by where it really is. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [statA, statB] = await Promise.all([fs.stat(a), fs.stat(b)])
    return statA.dev === statB.dev && statA.ino === statB.ino
  } catch {
    return resolve(a) === resolve(b)
  }
}

export interface ReadSourceOptions extends Omit<OpenReportOptions, 'reader'> {
  /** The built report-reader worker; without it the file is read on this thread (tests, benchmarks). */
  reader?: WorkerEntry
}

/** Reads a report's facts and rows; every failure (damaged, foreign, cancelled) is a Result with a clear message. */
export async function readReportAt(path: string, options: ReadSourceOptions): Promise<Result<ReadReport>> {
  const log = options.log ?? (() => undefined)
  try {
    return ok(
      options.reader ? await readInWorker(options.reader, path, options) : await readReport(path, options),
    )
  } catch (error) {
    if (options.signal?.aborted) return fail(OPEN_CANCELLED)
    if (error instanceof ReportFileFailure) {
      if (error.detail !== undefined)
        log(`report ${basename(path)}: ${error.error.message} [${error.detail}]`)
      return fail(error.error)
    }
    log(`report ${basename(path)} could not be read: ${detailOf(error)}`)
    return fail({
      kind: 'report-file',
      message: `${basename(path)} could not be read: something in it is not as a report's would be. ${EXPORT_AGAIN}`,
    })
  }
}

/** A source found and read: the whole path from a ReportSource to its rows. */
export async function readReportSource(
  source: ReportSource,
  deps: ReportSourceDeps,
  options: ReadSourceOptions,
): Promise<Result<ReadReport>> {
  const path = await reportSourcePath(source, deps)
  if (!path.ok) return path
  return readReportAt(path.data, { log: deps.log, ...options })
}
