import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { RequestOf } from '../../../shared/contract'
import {
  exportRowCap,
  type ExportFormat,
  type ExportJobStatus,
  type ExportPlan,
  type ExportResult,
  type ReportEntry,
} from '../../../shared/exports'
import { describeFilters, toSearchParams, type SearchParams } from '../../../shared/filters'
import { MAX_LIMIT } from '../../../shared/paging'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem } from '../../lib/report-path'
import { isOffsetRefusal } from '../convoso/offset-limits'
import { reportJsonPathFor } from '../export/export-job'
import type { ReportHistory } from '../reports/report-history'
import type { SearchSource, SearchSources } from '../sources/search-source'
import { suggestedReportName } from './report-file-name'

export interface ExportRunRequest {
  /** Convoso, or the opened report the rows come from. */
  source: SearchSource
  params: SearchParams
  filtersDescription: string
  scope: { kind: 'page'; offset: number; limit: number } | { kind: 'all' }
  format: ExportFormat
  targetPath: string
  acceptPartial: boolean
  /** Pages fetched at once, from Settings. */
  concurrency: number
  signal: AbortSignal
  onProgress(progress: { rowsWritten: number; total: number }): void
}

/** What a finished export reports; the job adds the report's id when it records it. */
export type ExportRunOutcome = Omit<ExportResult, 'reportId'>

/** Writes one report; the export pipeline in services/export does the work. */
export type ExportRunner = (request: ExportRunRequest) => Promise<Result<ExportRunOutcome>>

export interface SaveDialog {
  chooseReportPath(
    suggestedFileName: string,
    folder: string | undefined,
    format: ExportFormat,
  ): Promise<string | null>
  /**
   * Asks before an existing file is replaced that the save dialog did not name:
   * the `.report.json` beside a CSV. True to replace it.
   */
  confirmReplace(fileName: string): Promise<boolean>
}

export interface ShellActions {
  showInFolder(path: string): void
  open(path: string): Promise<string>
}

export interface ExportJobs {
  plan(request: RequestOf<'planExport'>): Promise<Result<ExportPlan>>
  start(request: RequestOf<'startExport'>): Promise<Result<{ jobId: string; filePath: string } | null>>
  status(jobId: string): Result<ExportJobStatus>
  cancel(jobId: string): boolean
  listReports(): Promise<Result<ReportEntry[]>>
  showInFolder(reportId: string): Promise<Result<null>>
  open(reportId: string): Promise<Result<null>>
  /** Stops every running export (app quitting); their temporary files are removed by the runner. */
  cancelAll(): void
}

export interface ExportJobsDeps {
  sources: SearchSources
  history: ReportHistory
  dialog: SaveDialog
  shell: ShellActions
  runExport: ExportRunner
  /** The user's "pages fetched at once" setting, read when each export starts. */
  concurrency: () => Promise<number>
  log: Log
  now?: () => Date
}

/**
 * Before an export of every match, asks for the last page it would fetch, so
 * an API host that refuses offsets below the documented 1,000,000 is found
 * now (and announced like the documented cap) rather than minutes into the
 * export. A refusal teaches the source its limit; any other failure is the
 * plan's answer.
 */
async function checkReach(source: SearchSource, params: SearchParams, total: number): Promise<Result<null>> {
  const rows = Math.min(total, exportRowCap(source.maxOffset()))
  const lastOffset = Math.floor((rows - 1) / MAX_LIMIT) * MAX_LIMIT
  // Asked once: the start that follows a plan (or a second export) finds the offset already served.
  if (lastOffset <= 0 || source.serves(lastOffset)) return ok(null)
  const answer = await source.search(params, lastOffset, 1)
  if (answer.ok || isOffsetRefusal(answer.error)) return ok(null)
  return answer
}

function validationFailure(fieldErrors: Record<string, string>): AppError {
  return { kind: 'validation', message: 'Some filters need fixing before the export can run.', fieldErrors }
}

/**
 * The export jobs main runs for the window: checks the scope with Convoso,
 * asks where to save, runs one export at a time in the background, keeps the
 * status the window polls, and records every finished report in the history.
 */
export function createExportJobs({
  sources,
  history,
  dialog,
  shell,
  runExport,
  concurrency,
  log,
  now = () => new Date(),
}: ExportJobsDeps): ExportJobs {
  const jobs = new Map<string, { status: ExportJobStatus; controller: AbortController }>()
  let lastFolder: string | undefined

  async function measure(
    request: RequestOf<'planExport'>,
  ): Promise<Result<ExportPlan & { source: SearchSource }>> {
    const validation = toSearchParams(request.filters)
    if (!validation.ok) return fail(validationFailure(validation.fieldErrors))
    const source = await sources.current()
    if (!source.ok) return source
    const probe = await source.data.search(validation.params, 0, 1)
    if (!probe.ok) return probe
    const { total } = probe.data
    if (request.scope === 'all') {
      const reach = await checkReach(source.data, validation.params, total)
      if (!reach.ok) return reach
    }
    const reachableRows = exportRowCap(source.data.maxOffset())
    const rows =
      request.scope === 'page'
        ? Math.max(0, Math.min(request.limit, total - request.offset))
        : Math.min(total, reachableRows)
    return ok({
      total,
      rows,
      reachableRows,
      overCap: request.scope === 'all' && total > reachableRows,
      suggestedFileName: suggestedReportName(validation.params, now()),
      params: validation.params,
      source: source.data,
    })
  }

  // Set from the moment a start is asked until its job exists, so two quick clicks cannot start two exports.
  let starting = false
  const running = () => starting || [...jobs.values()].some((job) => job.status.state === 'running')

  async function startJob(
    request: RequestOf<'startExport'>,
  ): Promise<Result<{ jobId: string; filePath: string } | null>> {
    const measured = await measure(request)
    if (!measured.ok) return measured
    const plan = measured.data
    if (plan.overCap && !request.acceptPartial) {
      const message = `This filter matches ${plan.total.toLocaleString('en-US')} opt-outs; Convoso lets an app reach the first ${plan.reachableRows.toLocaleString('en-US')} only. Narrow it by campaign or insert date, or export the first rows as a partial report.`
      return fail({ kind: 'validation', message, fieldErrors: { scope: message } })
    }
    const folder = lastFolder ?? (await history.lastFolder())
    const targetPath = await dialog.chooseReportPath(
      `${plan.suggestedFileName}.${request.format}`,
      folder,
      request.format,
    )
    if (targetPath === null) return ok(null)
    lastFolder = dirname(targetPath)
    if (request.format === 'csv') {
      // The save dialog asked about the CSV only; its report file is replaced too, so that gets its own question.
      const sidecar = reportJsonPathFor(targetPath)
      const exists = await fs.lstat(sidecar).then(
        () => true,
        () => false,
      )
      if (exists && !(await dialog.confirmReplace(basename(sidecar)))) return ok(null)
    }

    const jobId = randomUUID()
    const controller = new AbortController()
    const status: ExportJobStatus = {
      jobId,
      state: 'running',
      rowsWritten: 0,
      rowsExpected: plan.rows,
      startedAt: now().toISOString(),
    }
    jobs.set(jobId, { status, controller })
    const filtersDescription = describeFilters(plan.params)
    void runExport({
      source: plan.source,
      params: plan.params,
      filtersDescription,
      scope:
        request.scope === 'page'
          ? { kind: 'page', offset: request.offset, limit: request.limit }
          : { kind: 'all' },
      format: request.format,
      targetPath,
      acceptPartial: request.acceptPartial,
      concurrency: await concurrency(),
      signal: controller.signal,
      onProgress: ({ rowsWritten, total }) => {
        status.rowsWritten = rowsWritten
        if (request.scope === 'all') status.rowsExpected = Math.min(total, plan.reachableRows)
      },
    })
      .then(async (outcome) => {
        if (!outcome.ok) {
          status.state = outcome.error.kind === 'cancelled' ? 'cancelled' : 'failed'
          status.errorMessage = outcome.error.message
          return
        }
        const reportId = randomUUID()
        await history
          .add({
            id: reportId,
            createdAt: now().toISOString(),
            filePath: outcome.data.filePath,
            format: request.format,
            scope: request.scope,
            filtersDescription,
            params: plan.params as Record<string, string>,
            rowsWritten: outcome.data.rowsWritten,
            sha256: outcome.data.sha256,
            partial: outcome.data.partial,
          })
          .catch((error: unknown) =>
            log(`reports: could not record ${outcome.data.filePath}: ${String(error)}`),
          )
        status.rowsWritten = outcome.data.rowsWritten
        status.result = { reportId, ...outcome.data }
        status.state = 'done'
      })
      .catch((error: unknown) => {
        log(
          `export ${jobId} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        )
        status.state = 'failed'
        status.errorMessage = 'The export stopped unexpectedly. No file was written; try again.'
      })
    return ok({ jobId, filePath: targetPath })
  }

  return {
    async plan(request) {
      const measured = await measure(request)
      if (!measured.ok) return measured
      const { source: _source, ...plan } = measured.data
      return ok(plan)
    },

    async start(request) {
      if (running()) {
        const message = 'An export is already running. Wait for it to finish or cancel it first.'
        return fail({ kind: 'validation', message, fieldErrors: { export: message } })
      }
      starting = true
      try {
        return await startJob(request)
      } finally {
        starting = false
      }
    },

    status(jobId) {
      const job = jobs.get(jobId)
      if (!job) {
        const message = 'That export is not known to this app session.'
        return fail({ kind: 'validation', message, fieldErrors: { jobId: message } })
      }
      return ok({ ...job.status })
    },

    cancel(jobId) {
      const job = jobs.get(jobId)
      if (!job || job.status.state !== 'running') return false
      job.controller.abort()
      return true
    },

    async listReports() {
      return ok(await history.list())
    },

    async showInFolder(reportId) {
      const report = await findExisting(reportId)
      if (!report.ok) return report
      shell.showInFolder(report.data.filePath)
      return ok(null)
    },

    async open(reportId) {
      const report = await findExisting(reportId)
      if (!report.ok) return report
      const problem = await shell.open(report.data.filePath)
      if (problem !== '') {
        log(`reports: the system could not open ${report.data.filePath}: ${problem}`)
        return fail({
          kind: 'internal',
          message:
            'Your computer could not open the report (no program for it may be set up). Open it from its folder instead.',
        })
      }
      return ok(null)
    },

    cancelAll() {
      for (const job of jobs.values()) job.controller.abort()
    },
  }

  /**
   * Only files this app wrote can be shown or opened: the renderer never names a
   * path, and a path from reports.json (which anyone can edit) passes the same
   * check as a dropped file, on the disk too, before the system shell sees it.
   */
  async function findExisting(reportId: string): Promise<Result<ReportEntry>> {
    const report = (await history.list()).find((entry) => entry.id === reportId)
    if (!report) {
      const message = 'That report is not in the Reports list.'
      return fail({ kind: 'validation', message, fieldErrors: { reportId: message } })
    }
    const problem = await reportFileProblem(report.filePath)
    if (problem?.kind === 'refused') {
      log(`reports: refused to hand ${report.filePath} to the system: ${problem.reason}`)
      return fail({ kind: 'report-file', message: CANNOT_OPEN_MESSAGE })
    }
    if (!report.exists || problem?.kind === 'missing') {
      return fail({
        kind: 'validation',
        message: `${report.filePath} has been moved or deleted.`,
        fieldErrors: { reportId: 'missing' },
      })
    }
    return ok(report)
  }
}
