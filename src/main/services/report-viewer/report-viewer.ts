import { basename, dirname } from 'node:path'
import type { ReportInfo } from '../../../shared/offline'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { JobRegistry } from '../../jobs/job-registry'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem, reportPathProblem } from '../../lib/report-path'
import type { OpenedReport, OpenReportFile } from '../offline/types'
import type { ReportHistory } from '../reports/report-history'

/**
 * Opens exported reports for viewing in the app, with no token and no network:
 * one file at a time, read in the background as a job of the registry (which
 * pushes its progress to the window), cancellable. The report that finished opening becomes the search
 * source (see sources/search-source.ts) until it is closed or another opens.
 * Paths come from the native open dialog, from the report history (by id), or
 * from a file dropped on the window; only .xlsx and .csv are read.
 */

export interface OpenReportDialog {
  chooseReportToOpen(folder: string | undefined): Promise<string | null>
}

export interface ReportViewer {
  /** Null when the user closed the dialog. */
  openWithDialog(): Promise<Result<{ jobId: string } | null>>
  openPath(path: string): Result<{ jobId: string }>
  openFromHistory(reportId: string): Promise<Result<{ jobId: string }>>
  /** The report now searched, if any. */
  current(): OpenedReport | undefined
  currentInfo(): ReportInfo | null
  close(): ReportInfo | null
}

export interface ReportViewerDeps {
  openReportFile: OpenReportFile
  dialog: OpenReportDialog
  history: ReportHistory
  jobs: JobRegistry
  log: Log
}

const CANNOT_OPEN: AppError = { kind: 'report-file', message: CANNOT_OPEN_MESSAGE }
const CANCELLED: AppError = { kind: 'cancelled', message: 'Opening the report was cancelled.' }

export function createReportViewer({
  openReportFile,
  dialog,
  history,
  jobs,
  log,
}: ReportViewerDeps): ReportViewer {
  /**
   * Only an absolute, local .xlsx or .csv path (lib/report-path.ts, the check
   * every way of opening shares; the reader checks the file itself again). Every
   * refusal gets the same message, so the window cannot tell files apart by it.
   */
  function refusal(path: unknown, how: string): AppError | undefined {
    const problem = reportPathProblem(path)
    if (problem === undefined) return undefined
    log(`report viewer: refused to open ${String(path)} (${how}): ${problem}`)
    return CANNOT_OPEN
  }

  let opened: OpenedReport | undefined
  let lastFolder: string | undefined
  let reading: string | undefined

  function start(path: string): { jobId: string } {
    // One file at a time: a newer open replaces a slower older one.
    if (reading !== undefined) jobs.cancel(reading)
    const job = jobs.start({
      kind: 'open-report',
      name: basename(path),
      filePath: path,
      phase: 'reading',
      unexpectedMessage:
        'The report could not be opened because of an unexpected error. Try again; if it keeps failing, open it in Excel.',
      run: async ({ signal, report }) => {
        const result = await openReportFile(path, {
          signal,
          log,
          onProgress: ({ bytesRead, totalBytes, rowsRead }) =>
            report({ bytesDone: bytesRead, bytesTotal: totalBytes, rowsDone: rowsRead }),
        })
        if (!result.ok || signal.aborted) return result.ok ? fail(CANCELLED) : result
        opened = result.data
        return ok(result.data.info)
      },
    })
    reading = job.jobId
    return { jobId: job.jobId }
  }

  return {
    async openWithDialog() {
      const path = await dialog.chooseReportToOpen(lastFolder ?? (await history.lastFolder()))
      if (path === null) return ok(null)
      const problem = refusal(path, 'dialog')
      if (problem) return fail(problem)
      lastFolder = dirname(path)
      return ok(start(path))
    },

    openPath(path) {
      const problem = refusal(path, 'drop')
      if (problem) return fail(problem)
      return ok(start(path))
    },

    async openFromHistory(reportId) {
      const entry = (await history.list()).find((report) => report.id === reportId)
      if (!entry)
        return fail({ kind: 'not-found', message: 'That report is not in the Reports list any more.' })
      // reports.json is a file anyone can edit: its paths pass the same check as a dropped file, and the disk's.
      const problem = await reportFileProblem(entry.filePath)
      if (problem?.kind === 'refused') {
        log(`report viewer: refused to open history entry ${entry.filePath}: ${problem.reason}`)
        return fail(CANNOT_OPEN)
      }
      if (!entry.exists || problem?.kind === 'missing') {
        return fail({
          kind: 'not-found',
          message: `"${basename(entry.filePath)}" is no longer where it was saved (${entry.filePath}). If it was moved, open it with "Open a report…".`,
        })
      }
      return ok(start(entry.filePath))
    },

    current: () => opened,
    currentInfo: () => opened?.info ?? null,

    close() {
      const info = opened?.info ?? null
      opened = undefined
      return info
    },
  }
}
