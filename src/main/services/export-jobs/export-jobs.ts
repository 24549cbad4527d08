import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { RequestOf } from '../../../shared/contract'
import {
  exportRowCap,
  type ReportFormat,
  type ExportPlan,
  type ExportResult,
  type ReportEntry,
} from '../../../shared/exports'
import type { JobPhase } from '../../../shared/jobs'
import { describeFilters, toSearchParams, type SearchParams } from '../../../shared/filters'
import { MAX_LIMIT } from '../../../shared/paging'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { JobRegistry } from '../../jobs/job-registry'
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
  format: ReportFormat
  filePath: string
  acceptPartial: boolean
  /** Pages fetched at once, from Settings. */
  concurrency: number
  signal: AbortSignal
  onProgress(progress: { phase: JobPhase; rowsWritten: number; total: number; bytes?: number }): void
}

/** What a finished export reports; the job adds the report's id when it records it. */
export type ExportRunOutcome = Omit<ExportResult, 'reportId'>

/** Writes one report; the export pipeline in services/export does the work. */
export type ExportRunner = (request: ExportRunRequest) => Promise<Result<ExportRunOutcome>>

export interface SaveDialog {
  chooseReportPath(
    suggestedFileName: string,
    folder: string | undefined,
    format: ReportFormat,
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
  listReports(): Promise<Result<ReportEntry[]>>
  showInFolder(reportId: string): Promise<Result<null>>
  open(reportId: string): Promise<Result<null>>
}

export interface ExportJobsDeps {
  sources: SearchSources
  history: ReportHistory
  dialog: SaveDialog
  shell: ShellActions
  runExport: ExportRunner
  /** Where the export runs as a job (status, progress, cancel; cancelAll on quit stops it). */
  jobs: JobRegistry
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

/** A plan is reused by the start that follows for this long; after that the start asks Convoso again. */
export const PLAN_REUSE_MS = 10 * 60 * 1000

/** Plans kept for reuse; the window only ever starts the latest one. */
const KEPT_PLANS = 10

/** The same filters, scope and page, asked of the same source. */
function planKey(request: RequestOf<'planExport'>, source: SearchSource): string {
  const { filters, scope, offset, limit } = request
  return JSON.stringify([
    filters,
    scope,
    offset,
    limit,
    source.kind,
    source.apiBase,
    source.exportSource ?? null,
  ])
}

interface KeptPlan {
  key: string
  madeAt: number
  plan: ExportPlan
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  )
}

function validationFailure(fieldErrors: Record<string, string>): AppError {
  return { kind: 'validation', message: 'Some filters need fixing before the export can run.', fieldErrors }
}

/**
 * The export jobs main runs for the window: checks the scope with Convoso
 * (once: the start reuses a recent plan), asks where to save, runs one export
 * at a time as a job in the registry (which pushes its progress to the
 * window), and records every finished report in the history.
 */
export function createExportJobs({
  sources,
  history,
  dialog,
  shell,
  runExport,
  jobs,
  concurrency,
  log,
  now = () => new Date(),
}: ExportJobsDeps): ExportJobs {
  let lastFolder: string | undefined
  const plans = new Map<string, KeptPlan>()

  /** The plan the window showed, when it is recent and for the same filters and source. */
  function reusablePlan(planId: string | undefined, key: string): ExportPlan | undefined {
    const kept = planId === undefined ? undefined : plans.get(planId)
    if (!kept || kept.key !== key) return undefined
    const age = now().getTime() - kept.madeAt
    return age >= 0 && age <= PLAN_REUSE_MS ? kept.plan : undefined
  }

  async function measure(
    request: RequestOf<'planExport'>,
    planId?: string,
  ): Promise<Result<ExportPlan & { source: SearchSource }>> {
    const validation = toSearchParams(request.filters)
    if (!validation.ok) return fail(validationFailure(validation.fieldErrors))
    const source = await sources.current()
    if (!source.ok) return source
    const key = planKey(request, source.data)
    const reused = reusablePlan(planId, key)
    if (reused) return ok({ ...reused, source: source.data })
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
    const plan: ExportPlan = {
      planId: randomUUID(),
      total,
      rows,
      reachableRows,
      overCap: request.scope === 'all' && total > reachableRows,
      suggestedFileName: suggestedReportName(validation.params, now()),
      params: validation.params,
    }
    plans.set(plan.planId, { key, madeAt: now().getTime(), plan })
    for (const old of [...plans.keys()].slice(0, Math.max(0, plans.size - KEPT_PLANS))) plans.delete(old)
    return ok({ ...plan, source: source.data })
  }

  // Set from the moment a start is asked until its job exists, so two quick clicks cannot start two exports.
  let starting = false
  const running = () => starting || jobs.isRunning('export')

  async function startJob(
    request: RequestOf<'startExport'>,
  ): Promise<Result<{ jobId: string; filePath: string } | null>> {
    const { format: _format, acceptPartial: _acceptPartial, planId, ...planned } = request
    const measured = await measure(planned, planId)
    if (!measured.ok) return measured
    const plan = measured.data
    if (plan.overCap && !request.acceptPartial) {
      const message = `This filter matches ${plan.total.toLocaleString('en-US')} opt-outs; Convoso lets an app reach the first ${plan.reachableRows.toLocaleString('en-US')} only. Narrow it by campaign or insert date, or export the first rows as a partial report.`
      return fail({ kind: 'validation', message, fieldErrors: { scope: message } })
    }
    const folder = lastFolder ?? (await history.lastFolder())
    const filePath = await dialog.chooseReportPath(
      `${plan.suggestedFileName}.${request.format}`,
      folder,
      request.format,
    )
    if (filePath === null) return ok(null)
    lastFolder = dirname(filePath)
    if (request.format === 'csv') {
      // The save dialog asked about the CSV only; its report file is replaced too, so that gets its own question.
      const sidecar = reportJsonPathFor(filePath)
      const exists = await fs.lstat(sidecar).then(
        () => true,
        () => false,
      )
      if (exists && !(await dialog.confirmReplace(basename(sidecar)))) return ok(null)
    }

    const filtersDescription = describeFilters(plan.params)
    const pagesAtOnce = await concurrency()
    const targetExisted = await exists(filePath)
    const job = jobs.start({
      kind: 'export',
      name: basename(filePath),
      filePath,
      phase: 'fetching',
      rowsExpected: plan.rows,
      unexpectedMessage: 'The export stopped unexpectedly. No file was written; try again.',
      run: async ({ signal, report }) => {
        const outcome = await runExport({
          source: plan.source,
          params: plan.params,
          filtersDescription,
          scope:
            request.scope === 'page'
              ? { kind: 'page', offset: request.offset, limit: request.limit }
              : { kind: 'all' },
          format: request.format,
          filePath,
          acceptPartial: request.acceptPartial,
          concurrency: pagesAtOnce,
          signal,
          onProgress: ({ phase, rowsWritten, total, bytes }) =>
            report({
              phase,
              rowsDone: rowsWritten,
              ...(request.scope === 'all' ? { rowsExpected: Math.min(total, plan.reachableRows) } : {}),
              ...(bytes !== undefined ? { bytesDone: bytes } : {}),
            }),
        })
        if (!outcome.ok) {
          // The runner leaves nothing behind; this says so from the disk, not from its word.
          return { ...outcome, fileLeftBehind: !targetExisted && (await exists(filePath)) }
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
        report({ rowsDone: outcome.data.rowsWritten, bytesDone: outcome.data.fileSizeBytes })
        return ok<ExportResult>({ reportId, ...outcome.data })
      },
    })
    return ok({ jobId: job.jobId, filePath })
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
        return fail({
          kind: 'busy',
          message: 'An export is already running. Wait for it to finish or cancel it first.',
        })
      }
      starting = true
      try {
        return await startJob(request)
      } finally {
        starting = false
      }
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
          kind: 'report-file',
          message:
            'Your computer could not open the report (no program for it may be set up). Open it from its folder instead.',
        })
      }
      return ok(null)
    },
  }

  /**
   * Only files this app wrote can be shown or opened: the renderer never names a
   * path, and a path from reports.json (which anyone can edit) passes the same
   * check as a dropped file, on the disk too, before the system shell sees it.
   */
  async function findExisting(reportId: string): Promise<Result<ReportEntry>> {
    const report = (await history.list()).find((entry) => entry.id === reportId)
    if (!report) return fail({ kind: 'not-found', message: 'That report is not in the Reports list.' })
    const problem = await reportFileProblem(report.filePath)
    if (problem?.kind === 'refused') {
      log(`reports: refused to hand ${report.filePath} to the system: ${problem.reason}`)
      return fail({ kind: 'report-file', message: CANNOT_OPEN_MESSAGE })
    }
    if (!report.exists || problem?.kind === 'missing') {
      return fail({ kind: 'not-found', message: `${report.filePath} has been moved or deleted.` })
    }
    return ok(report)
  }
}
