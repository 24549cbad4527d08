import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import type { RequestOf, Responses } from '../../../shared/contract'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import {
  SCRUB_VERDICTS,
  type ScrubOutcome,
  type ScrubRules,
  type ScrubVerdict,
} from '../../../shared/scrub-result'
import type { JobEnd, JobRegistry } from '../../jobs/job-registry'
import type { Log } from '../../lib/log'
import { writeError } from '../export/output-file'
import type { SaveDialog } from '../export-jobs/export-jobs'
import { ReportFileFailure } from '../offline/report-errors'
import { rowStoreFromColumns, type RowStore, type RowStoreColumns } from '../offline/row-store'
import type { OpenedReport } from '../offline/types'
import type { ReportHistory } from '../reports/report-history'
import type { SendLists } from '../send-list/send-lists'
import { ScrubCancelled } from './scrub-engine'
import type { OutputPaths } from './scrub-outputs'
import { sendsRow } from './scrub-rules'
import type { ScrubRunner } from './scrub-runner'
import { scrubTable, type ScrubTable } from './scrub-table'
import {
  SnapshotNotHeld,
  type ScrubWorkRequest,
  type ScrubWorkResult,
  type SnapshotRequest,
} from './scrub-work'
import { assessSnapshot } from './snapshot-facts'
import { resolveSnapshot } from './snapshot-source'

/**
 * Scrubbing a send list against an opt-out snapshot (issue 14): starts the job (kind 'scrub', progress
 * in rows, off main's thread in the scrub worker), keeps the last KEPT_SCRUBS finished scrubs so the
 * window can page through their rows and save their outputs after it acknowledged the job, and
 * forgets one on closeScrub. Plain Node; core.ts wires it.
 */
export interface ScrubJobs {
  start(request: RequestOf<'startScrub'>): Promise<Result<Responses['startScrub']>>
  resultsPage(request: RequestOf<'scrubResultsPage'>): Promise<Result<Responses['scrubResultsPage']>>
  saveOutputs(request: RequestOf<'saveScrubOutputs'>): Promise<Result<Responses['saveScrubOutputs']>>
  close(request: RequestOf<'closeScrub'>): Promise<Result<Responses['closeScrub']>>
  /**
   * Lets the worker go with the snapshot it holds once that is of no more use: the opened report it
   * copied was closed or replaced, or a report file was last scrubbed against SNAPSHOT_IDLE_MS ago.
   * Runs every SNAPSHOT_CHECK_MS; true when it let one go.
   */
  releaseIdleSnapshot(): boolean
  /** Stops the worker (app quitting). */
  dispose(): Promise<void>
}

export interface ScrubJobsDeps {
  jobs: JobRegistry
  sendLists: Pick<SendLists, 'resolve'>
  openedReport: () => OpenedReport | undefined
  history: Pick<ReportHistory, 'list' | 'lastFolder'>
  settings: { get(): Promise<{ snapshotMaxAgeHours: number }> }
  dialog: Pick<SaveDialog, 'chooseReportPath' | 'confirmReplace'>
  runner: ScrubRunner
  appVersion: string
  log: Log
  now?: () => Date
}

/** Finished scrubs kept for paging and saving (a million-row scrub keeps tens of MB). */
export const KEPT_SCRUBS = 3
/** A report file's rows stay in the worker this long after its last scrub (a second scrub is instant). */
export const SNAPSHOT_IDLE_MS = 10 * 60_000
export const SNAPSHOT_CHECK_MS = 30_000

interface KeptScrub {
  outcome: ScrubOutcome
  table: ScrubTable
  listPath: string
  phoneColumn: number
  codeColumn: number | null
}

const count = (value: number): string => value.toLocaleString('en-US')

/** "50,000 rows: 1,204 do not send, 37 to review, 48,611 clear, 148 invalid" (+ duplicates when any). */
export function scrubSummary(rows: number, counts: Record<ScrubVerdict, number>): string {
  const parts = [
    `${count(counts['do-not-send'])} do not send`,
    `${count(counts.review)} to review`,
    `${count(counts.clear)} clear`,
    `${count(counts.invalid)} invalid`,
  ]
  if (counts.duplicate > 0)
    parts.push(`${count(counts.duplicate)} ${counts.duplicate === 1 ? 'duplicate' : 'duplicates'}`)
  return `${count(rows)} ${rows === 1 ? 'row' : 'rows'}: ${parts.join(', ')}`
}

function validation(field: string, message: string): AppError {
  return { kind: 'validation', message, fieldErrors: { [field]: message } }
}

const pad = (value: number): string => String(value).padStart(2, '0')
const stamp = (at: Date): string =>
  `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}_${pad(at.getHours())}${pad(at.getMinutes())}`

const OUTPUT_SUFFIXES: Record<keyof OutputPaths, string> = {
  clean: ' - clean',
  suppressed: ' - suppressed',
  report: ' - scrub report',
}

/** The three files' paths from the name chosen in the save dialog (one of the three, or a base name). */
export function outputPaths(chosen: string, format: 'csv' | 'xlsx'): OutputPaths {
  let base = basename(chosen, extname(chosen))
  for (const suffix of Object.values(OUTPUT_SUFFIXES)) {
    if (base.endsWith(suffix) && base.length > suffix.length) {
      base = base.slice(0, -suffix.length)
      break
    }
  }
  const folder = dirname(chosen)
  const path = (kind: keyof OutputPaths) => join(folder, `${base}${OUTPUT_SUFFIXES[kind]}.${format}`)
  return { clean: path('clean'), suppressed: path('suppressed'), report: path('report') }
}

export function createScrubJobs({
  jobs,
  sendLists,
  openedReport,
  history,
  settings,
  dialog,
  runner,
  appVersion,
  log,
  now = () => new Date(),
}: ScrubJobsDeps): ScrubJobs {
  const kept = new Map<string, KeptScrub>()
  // The worker holds the opened report's rows after the first scrub against it: later ones send only this.
  const tokens = new WeakMap<OpenedReport, string>()
  let tokenSent: string | undefined
  let lastFolder: string | undefined
  /** What the worker may hold: the opened report it copied, or a file's rows; and when it was last used. */
  let held: { report?: WeakRef<OpenedReport>; at: number } | undefined

  function releaseIdleSnapshot(): boolean {
    if (!held || jobs.isRunning('scrub')) return false
    const closed = held.report !== undefined && held.report.deref() !== openedReport()
    const idle = held.report === undefined && now().getTime() - held.at > SNAPSHOT_IDLE_MS
    if (!closed && !idle) return false
    held = undefined
    tokenSent = undefined
    log(
      `scrub: the worker let go of its snapshot (${closed ? 'the report was closed' : 'unused for 10 minutes'})`,
    )
    void runner.dispose()
    return true
  }
  const checker = setInterval(releaseIdleSnapshot, SNAPSHOT_CHECK_MS)
  checker.unref()

  function keep(scrubId: string, scrub: KeptScrub): void {
    kept.set(scrubId, scrub)
    for (const old of [...kept.keys()].slice(0, Math.max(0, kept.size - KEPT_SCRUBS))) kept.delete(old)
  }

  /**
   * The opened report's rows for the worker: copies of their own, moved rather than cloned (a clone
   * of a million rows held main about 2 s on a loaded machine), made a slice at a time (main goes on
   * answering the window); main keeps searching its own. Timed for the log.
   */
  let copyMs = 0
  async function copiedColumns(store: RowStore | undefined): Promise<RowStoreColumns | null> {
    const started = performance.now()
    const columns = store ? await store.columnsCopy() : null
    copyMs += performance.now() - started
    return columns
  }

  function snapshotRequest(
    resolved: { kind: 'opened'; report: OpenedReport } | { kind: 'file'; path: string },
  ) {
    if (resolved.kind === 'file')
      return async (): Promise<SnapshotRequest> => ({ kind: 'file', path: resolved.path })
    const { report } = resolved
    let token = tokens.get(report)
    if (token === undefined) {
      token = randomUUID()
      tokens.set(report, token)
    }
    const known = token
    return async (withColumns: boolean): Promise<SnapshotRequest> => ({
      kind: 'opened',
      token: known,
      info: report.info,
      columns: withColumns || tokenSent !== known ? await copiedColumns(report.store) : null,
    })
  }

  async function runWork(
    request: Omit<ScrubWorkRequest, 'snapshot'>,
    snapshot: (withColumns: boolean) => Promise<SnapshotRequest>,
    options: Parameters<ScrubRunner['scrub']>[1],
  ): Promise<ScrubWorkResult> {
    // The worker (when it is not running) loads while main copies the opened report's rows.
    runner.warm()
    const first = await snapshot(false)
    try {
      const result = await runner.scrub({ ...request, snapshot: first }, options)
      if (first.kind === 'opened') tokenSent = first.token
      return result
    } catch (error) {
      if (!(error instanceof SnapshotNotHeld)) throw error
      const again = await snapshot(true)
      const result = await runner.scrub({ ...request, snapshot: again }, options)
      if (again.kind === 'opened') tokenSent = again.token
      return result
    }
  }

  function failureOf(error: unknown, what: string): AppError {
    if (error instanceof ScrubCancelled) return { kind: 'cancelled', message: 'The scrub was cancelled.' }
    if (error instanceof ReportFileFailure) {
      if (error.detail) log(`scrub: ${what}: ${error.detail}`)
      return error.error
    }
    log(`scrub: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return {
      kind: 'internal',
      message:
        'The scrub stopped because of an unexpected error. Try again; if it keeps failing, save the list again as .csv and scrub that.',
    }
  }

  return {
    async start(request) {
      if (jobs.isRunning('scrub')) {
        return fail({
          kind: 'busy',
          message: 'A scrub is already running. Wait for it to finish, or cancel it.',
        })
      }
      const list = await sendLists.resolve(request.listId)
      if (!list.ok) return list
      const { header, fileName, filePath } = list.data
      if (request.phoneColumn >= header.length) {
        return fail(
          validation('phoneColumn', `${fileName} has ${header.length} columns; choose its phone column.`),
        )
      }
      if (request.codeColumn !== null && request.codeColumn >= header.length) {
        return fail(
          validation(
            'codeColumn',
            `${fileName} has ${header.length} columns; choose its country-code column, or none.`,
          ),
        )
      }
      if (request.codeColumn === request.phoneColumn) {
        return fail(
          validation(
            'codeColumn',
            'The country-code column cannot be the phone column. Choose another, or none.',
          ),
        )
      }
      const resolved = await resolveSnapshot(request.snapshot, { openedReport, history, log })
      if (!resolved.ok) return resolved
      const snapshot = snapshotRequest(resolved.data)
      const source = resolved.data
      const rules: ScrubRules = {
        campaignId: request.campaignId,
        purposeScoped: request.purposeScoped,
        defaultCountry: request.defaultCountry,
      }
      const columns = {
        phoneColumn: request.phoneColumn,
        codeColumn: request.codeColumn,
        defaultCountry: request.defaultCountry,
      }
      let scrubId = ''
      const job = jobs.start({
        kind: 'scrub',
        name: `Scrub of ${fileName}`,
        filePath,
        phase: 'reading',
        unexpectedMessage:
          'The scrub stopped because of an unexpected error. Try again; if it keeps failing, save the list again as .csv and scrub that.',
        run: async ({ signal, report }): Promise<JobEnd<ScrubOutcome>> => {
          const runStarted = performance.now()
          copyMs = 0
          let result: ScrubWorkResult
          try {
            result = await runWork({ scrubId, listPath: filePath, columns, rules }, snapshot, {
              signal,
              onProgress: ({ rowsDone, rowsExpected }) => report({ rowsDone, rowsExpected }),
              log,
            })
          } catch (error) {
            // The worker may have dropped what it held before the failure: let it go when idle.
            held = { at: now().getTime() }
            return { ok: false, error: failureOf(error, fileName) }
          }
          const at = now()
          held = {
            at: at.getTime(),
            ...(source.kind === 'opened' ? { report: new WeakRef(source.report) } : {}),
          }
          const { facts, warnings, stale } = assessSnapshot(
            result.snapshotInfo,
            at,
            (await settings.get()).snapshotMaxAgeHours,
          )
          const rows = result.input.rows
          const { records, ...data } = result.table
          const table = scrubTable(data, await rowStoreFromColumns(records), rules)
          let cleanRows = 0
          for (const verdict of SCRUB_VERDICTS)
            if (sendsRow(verdict, rules)) cleanRows += result.counts[verdict]
          const outcome: ScrubOutcome = {
            scrubId,
            input: { fileName, filePath, sha256: result.input.sha256, rows, format: result.input.format },
            snapshot: facts,
            snapshotWarnings: warnings,
            snapshotStale: stale,
            rules,
            counts: result.counts,
            cleanRows,
            summary: scrubSummary(rows, result.counts),
            scrubbedAt: at.toISOString(),
          }
          log(
            `scrub ${scrubId}: ${outcome.summary} against ${facts.fileName} (${result.snapshotReused ? 'snapshot held' : 'snapshot read'}; ` +
              `list ${Math.round(result.timings.readListMs)} ms, normalise ${Math.round(result.timings.normaliseMs)} ms, ` +
              `snapshot ${Math.round(result.timings.snapshotMs)} ms, match ${Math.round(result.timings.matchMs)} ms; ` +
              `main copied the report's rows in ${Math.round(copyMs)} ms; ${Math.round(performance.now() - runStarted)} ms in all)`,
          )
          keep(scrubId, {
            outcome,
            table,
            listPath: filePath,
            phoneColumn: columns.phoneColumn,
            codeColumn: columns.codeColumn,
          })
          return { ok: true, data: outcome }
        },
      })
      scrubId = job.jobId
      return ok({ jobId: job.jobId })
    },

    async resultsPage({ scrubId, verdict, offset, limit }) {
      const scrub = kept.get(scrubId)
      if (!scrub) return fail(unknownScrub(jobs.get(scrubId)?.state === 'running'))
      return ok(scrub.table.page(verdict, offset, limit))
    },

    async saveOutputs({ scrubId, format }) {
      const scrub = kept.get(scrubId)
      if (!scrub) return fail(unknownScrub(jobs.get(scrubId)?.state === 'running'))
      const at = now()
      const inputBase = basename(scrub.outcome.input.fileName, extname(scrub.outcome.input.fileName))
      const chosen = await dialog.chooseReportPath(
        `${inputBase} - scrub ${stamp(at)}${OUTPUT_SUFFIXES.report}.${format}`,
        lastFolder ?? (await history.lastFolder()),
        format,
      )
      if (chosen === null) return ok(null)
      lastFolder = dirname(chosen)
      const paths = outputPaths(chosen, format)
      for (const path of Object.values(paths)) {
        if (path === chosen) continue
        const exists = await fs.stat(path).then(
          () => true,
          () => false,
        )
        if (exists && !(await dialog.confirmReplace(basename(path)))) return ok(null)
      }
      try {
        const files = await runner.save({
          listPath: scrub.listPath,
          listSha256: scrub.outcome.input.sha256,
          phoneColumn: scrub.phoneColumn,
          codeColumn: scrub.codeColumn,
          format,
          paths,
          table: scrub.table.data(),
          rules: scrub.outcome.rules,
          report: { appVersion, generatedAt: at.toISOString(), outcome: scrub.outcome },
        })
        return ok({ format, files })
      } catch (error) {
        if (error instanceof ReportFileFailure) return fail(failureOf(error, 'saving'))
        log(
          `scrub: could not write the outputs of ${scrubId}: ${error instanceof Error ? error.message : String(error)}`,
        )
        return fail({ ...writeError(error, 'the scrub files'), kind: 'file-system' })
      }
    },

    async close({ scrubId }) {
      return ok(kept.delete(scrubId))
    },

    releaseIdleSnapshot,

    dispose() {
      clearInterval(checker)
      return runner.dispose()
    },
  }
}

function unknownScrub(running: boolean): AppError {
  return {
    kind: 'not-found',
    message: running
      ? 'That scrub is still running; its rows are ready when it finishes.'
      : 'That scrub is no longer kept (the app keeps the last three). Scrub the list again.',
  }
}
