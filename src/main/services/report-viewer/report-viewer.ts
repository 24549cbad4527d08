import { randomUUID } from 'node:crypto'
import { basename, dirname } from 'node:path'
import type { ReportInfo, ReportOpenStatus } from '../../../shared/offline'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem, reportPathProblem } from '../../lib/report-path'
import type { OpenedReport, OpenReportFile } from '../offline/types'
import type { ReportHistory } from '../reports/report-history'

/**
 * Opens exported reports for viewing in the app, with no token and no network:
 * one file at a time, read in the background while the window polls its
 * progress, cancellable. The report that finished opening becomes the search
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
  status(jobId: string): Result<ReportOpenStatus>
  cancel(jobId: string): boolean
  /** The report now searched, if any. */
  current(): OpenedReport | undefined
  currentInfo(): ReportInfo | null
  close(): ReportInfo | null
  cancelAll(): void
}

export interface ReportViewerDeps {
  openReportFile: OpenReportFile
  dialog: OpenReportDialog
  history: ReportHistory
  log: Log
}

function invalid(field: string, message: string): AppError {
  return { kind: 'validation', message, fieldErrors: { [field]: message } }
}

const CANNOT_OPEN: AppError = { kind: 'report-file', message: CANNOT_OPEN_MESSAGE }

export function createReportViewer({ openReportFile, dialog, history, log }: ReportViewerDeps): ReportViewer {
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

  const jobs = new Map<string, { status: ReportOpenStatus; controller: AbortController }>()
  let opened: OpenedReport | undefined
  let lastFolder: string | undefined

  function start(path: string): { jobId: string } {
    // One file at a time: a newer open replaces a slower older one.
    for (const job of jobs.values()) if (job.status.state === 'reading') job.controller.abort()
    const jobId = randomUUID()
    const controller = new AbortController()
    const fileName = basename(path)
    const job = {
      controller,
      status: {
        jobId,
        state: 'reading',
        fileName,
        bytesRead: 0,
        totalBytes: 0,
        rowsRead: 0,
      } as ReportOpenStatus,
    }
    jobs.set(jobId, job)
    void openReportFile(path, {
      signal: controller.signal,
      log,
      onProgress: ({ bytesRead, totalBytes, rowsRead }) => {
        if (job.status.state === 'reading') job.status = { ...job.status, bytesRead, totalBytes, rowsRead }
      },
    })
      .then((result) => {
        if (controller.signal.aborted || (!result.ok && result.error.kind === 'cancelled')) {
          job.status = { jobId, state: 'cancelled', fileName }
        } else if (!result.ok) {
          job.status = { jobId, state: 'failed', fileName, errorMessage: result.error.message }
        } else {
          opened = result.data
          job.status = { jobId, state: 'done', report: result.data.info }
        }
      })
      .catch((error: unknown) => {
        log(
          `report ${fileName} failed to open unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        )
        job.status = {
          jobId,
          state: 'failed',
          fileName,
          errorMessage:
            'The report could not be opened because of an unexpected error. Try again; if it keeps failing, open it in Excel.',
        }
      })
    return { jobId }
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
      if (!entry) return fail(invalid('reportId', 'That report is not in the Reports list any more.'))
      // reports.json is a file anyone can edit: its paths pass the same check as a dropped file, and the disk's.
      const problem = await reportFileProblem(entry.filePath)
      if (problem?.kind === 'refused') {
        log(`report viewer: refused to open history entry ${entry.filePath}: ${problem.reason}`)
        return fail(CANNOT_OPEN)
      }
      if (!entry.exists || problem?.kind === 'missing') {
        return fail({
          kind: 'report-file',
          message: `"${basename(entry.filePath)}" is no longer where it was saved (${entry.filePath}). If it was moved, open it with "Open a report…".`,
        })
      }
      return ok(start(entry.filePath))
    },

    status(jobId) {
      const job = jobs.get(jobId)
      if (!job) return fail(invalid('jobId', 'That report is not being opened in this app session.'))
      return ok(job.status)
    },

    cancel(jobId) {
      const job = jobs.get(jobId)
      if (!job || job.status.state !== 'reading') return false
      job.controller.abort()
      return true
    },

    current: () => opened,
    currentInfo: () => opened?.info ?? null,

    close() {
      const info = opened?.info ?? null
      opened = undefined
      return info
    },

    cancelAll() {
      for (const job of jobs.values()) job.controller.abort()
    },
  }
}
