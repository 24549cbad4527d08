import { create } from 'zustand'
import type { ReportFormat, ExportPlan, ExportScope } from '../../../shared/exports'
import { describeFilters, type SearchFilters } from '../../../shared/filters'
import type { JobStatus } from '../../../shared/jobs'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'
import { fileNameOf } from '../lib/format'
import { resetReportHistoryStore, useReportHistoryStore } from './report-history'
import { useSearchStore, type ResultsPage } from './search'

/**
 * The report export on screen. Main does the work (asks Convoso, opens the
 * save dialog, writes the file, keeps the history); this store walks one
 * export through its steps — plan, confirm a partial report, start, progress,
 * outcome — and, when one is done, has the reports history refreshed
 * (report-history.ts).
 * Progress and outcomes arrive as main's `jobChanged` events (see jobs.ts,
 * which routes them here); an export this window did not start, e.g. one
 * that kept running across a reload, is adopted and shown the same way.
 */

/** What the panel shows of an export: main's status for it. */
export type ExportStatus = JobStatus<'export'>

export interface ExportChoice {
  scope: ExportScope
  format: ReportFormat
}

/** What is exported: the results on screen when the user chose, never later edits of the form. */
export interface ExportRequest extends ExportChoice {
  filters: SearchFilters
  offset: number
  limit: number
  /** The filters in words ("global, reason blank"), as the results summary shows them. */
  description: string
  /** Rows on the page on screen: what a page export writes. */
  pageRows: number
}

/**
 * - `planning`: asking main (and Convoso) how many rows "all" would be.
 * - `confirming`: the filter matches more than Convoso lets an app reach; waiting for the user.
 * - `starting`: main's save dialog is open.
 * - `running`: a job is fetching, writing, verifying or saving; main pushes its status.
 * - `done` / `failed` / `cancelled`: how the job ended (the panel stays until dismissed).
 * - `error`: a call failed before a job existed (plan or start); nothing was written.
 */
export type ExportPhase =
  'idle' | 'planning' | 'confirming' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled' | 'error'

export interface ExportsData {
  phase: ExportPhase
  request: ExportRequest | null
  /** Main's answer to `planExport` (only asked for "all matching records"). */
  plan: ExportPlan | null
  job: { jobId: string; filePath: string } | null
  /** The latest status main reported (a first guess until its first event arrives). */
  status: ExportStatus | null
  /** The user asked to cancel; the panel says "Cancelling…" until main reports how the job ended. */
  cancelRequested: boolean
  /** Why "Cancel export" did not go through (the export keeps running). */
  cancelError: AppError | null
  /** Why the plan or the start failed (phase `error`). */
  error: AppError | null
}

export interface ExportsActions {
  /**
   * Exports the results on screen. "All" asks main for a plan first; when the
   * filter matches more than any export can reach, waits in `confirming`.
   */
  begin: (choice: ExportChoice) => Promise<void>
  /** "Export the first 1,001,000 rows": starts the partial export the user agreed to. */
  acceptPartial: () => Promise<void>
  /** "Cancel" in the over-the-limit question: nothing starts. */
  declinePartial: () => void
  /** Main's news of an export job (an event, or `listJobs` at start): progress, outcome, or one to adopt. */
  receive: (status: ExportStatus) => void
  /** Works at any step: drops a plan in progress, or asks main to stop the job. */
  cancel: () => Promise<void>
  /** Closes the outcome panel (done, failed, cancelled, error). */
  dismiss: () => void
}

export type ExportsState = ExportsData & ExportsActions

function initialExportsData(): ExportsData {
  return {
    phase: 'idle',
    request: null,
    plan: null,
    job: null,
    status: null,
    cancelRequested: false,
    cancelError: null,
    error: null,
  }
}

/** An export is under way: the Export action waits (one export at a time). */
export function isExportBusy(phase: ExportPhase): boolean {
  return phase === 'planning' || phase === 'confirming' || phase === 'starting' || phase === 'running'
}

/** Why the Export action cannot be used right now, or null when it can. */
export function exportUnavailableReason(
  phase: ExportPhase,
  results: ResultsPage | null,
  searching: boolean,
): string | null {
  if (isExportBusy(phase)) return 'An export is running. Wait for it to finish or cancel it.'
  if (results === null) return 'Search first: an export holds the results on screen.'
  if (searching) return 'Wait for the search to finish.'
  if (results.total === 0) return 'Nothing to export: no opt-outs match these filters.'
  return null
}

/** What the panel shows until main's first event for a job it just started. */
function firstGuess(jobId: string, filePath: string, rowsExpected: number): ExportStatus {
  return {
    jobId,
    kind: 'export',
    name: fileNameOf(filePath),
    filePath,
    startedAt: new Date().toISOString(),
    state: 'running',
    phase: 'fetching',
    rowsDone: 0,
    rowsExpected,
    bytesDone: 0,
    bytesTotal: 0,
    rowsPerSecond: null,
  }
}

// Bumped by every new export and by cancelling a plan: a late answer for an older one is dropped.
let attempt = 0
// While a start is in flight, main may announce its job before the answer arrives: kept here until then.
let startsInFlight = 0
const early = new Map<string, ExportStatus>()
// Jobs started for a start the user cancelled: stopped, never shown.
const abandoned = new Set<string>()

export const useExportsStore = create<ExportsState>()((set, get) => {
  /** The job still shown is `jobId`, and it is still running. */
  function stillRunning(jobId: string): boolean {
    const { job, phase } = get()
    return job?.jobId === jobId && phase === 'running'
  }

  async function sendCancel(jobId: string): Promise<void> {
    set({ cancelRequested: true, cancelError: null })
    const result = await call(() => getApi().cancelJob({ jobId }))
    if (!stillRunning(jobId)) return
    // True: main is stopping the job. False: it had already ended. Either way its event says how.
    if (!result.ok) set({ cancelRequested: false, cancelError: result.error })
  }

  /** The window has shown how the job ended: main may forget it. */
  function acknowledge(jobId: string): void {
    void call(() => getApi().acknowledgeJob({ jobId }))
  }

  /** Shows the status of the job on screen. */
  function apply(status: ExportStatus): void {
    const ended = { status, cancelRequested: false, cancelError: null }
    switch (status.state) {
      case 'running':
        set({ status })
        return
      case 'done':
        set({ phase: 'done', ...ended })
        acknowledge(status.jobId)
        void useReportHistoryStore.getState().loadReports()
        return
      case 'failed':
        set({ phase: 'failed', ...ended })
        acknowledge(status.jobId)
        return
      case 'cancelled':
        set({ phase: 'cancelled', ...ended })
        acknowledge(status.jobId)
        return
    }
  }

  async function start(acceptPartial: boolean): Promise<void> {
    const { request, plan } = get()
    if (!request) return
    const mine = attempt
    set({ phase: 'starting' })
    startsInFlight += 1
    const started = await call(() =>
      getApi().startExport({
        filters: request.filters,
        scope: request.scope,
        offset: request.offset,
        limit: request.limit,
        format: request.format,
        acceptPartial,
        ...(request.scope === 'all' && plan ? { planId: plan.planId } : {}),
      }),
    )
    startsInFlight -= 1
    const announced = started.ok && started.data ? early.get(started.data.jobId) : undefined
    early.clear()
    if (mine !== attempt) {
      // Cancelled while main's save dialog was open, but a job started anyway: stop it.
      if (started.ok && started.data) {
        const { jobId } = started.data
        abandoned.add(jobId)
        void call(() => getApi().cancelJob({ jobId }))
        if (announced && announced.state !== 'running') acknowledge(jobId)
      }
      return
    }
    if (!started.ok) {
      set({ ...initialExportsData(), phase: 'error', request, error: started.error })
      return
    }
    if (started.data === null) {
      // The user closed the save dialog: not an error, nothing to say.
      set(initialExportsData())
      return
    }
    const job = started.data
    const expected = request.scope === 'all' && plan ? plan.rows : request.pageRows
    set({ phase: 'running', job, status: announced ?? firstGuess(job.jobId, job.filePath, expected) })
    if (announced) apply(announced)
  }

  return {
    ...initialExportsData(),

    begin: async ({ scope, format }) => {
      if (isExportBusy(get().phase)) return
      const results = useSearchStore.getState().results
      if (!results) return
      attempt += 1
      const mine = attempt
      const request: ExportRequest = {
        scope,
        format,
        filters: results.filters,
        offset: results.offset,
        limit: results.pageSize,
        description: describeFilters(results.params),
        pageRows: results.records.length,
      }
      set({ ...initialExportsData(), phase: scope === 'all' ? 'planning' : 'starting', request })
      if (scope === 'all') {
        const planned = await call(() =>
          getApi().planExport({
            filters: request.filters,
            scope,
            offset: request.offset,
            limit: request.limit,
          }),
        )
        if (mine !== attempt) return
        if (!planned.ok) {
          set({ phase: 'error', error: planned.error })
          return
        }
        set({ plan: planned.data })
        if (planned.data.overCap) {
          set({ phase: 'confirming' })
          return
        }
      }
      await start(false)
    },

    acceptPartial: async () => {
      if (get().phase !== 'confirming') return
      await start(true)
    },

    declinePartial: () => {
      if (get().phase !== 'confirming') return
      attempt += 1
      set(initialExportsData())
    },

    receive: (status) => {
      if (abandoned.has(status.jobId)) {
        if (status.state !== 'running') {
          abandoned.delete(status.jobId)
          acknowledge(status.jobId)
        }
        return
      }
      const { job, phase } = get()
      if (job?.jobId === status.jobId) {
        // A late event (or the list at start) for a job whose outcome is already on screen changes nothing.
        if (phase === 'running') apply(status)
        return
      }
      if (startsInFlight > 0) {
        early.set(status.jobId, status)
        return
      }
      if (isExportBusy(phase)) return
      // An export this window did not start: one that ran on across a reload, or ended while it was away.
      attempt += 1
      set({
        ...initialExportsData(),
        phase: 'running',
        job: { jobId: status.jobId, filePath: status.filePath },
        status,
      })
      apply(status)
    },

    cancel: async () => {
      const { phase, job } = get()
      switch (phase) {
        case 'planning':
          attempt += 1
          set({ ...initialExportsData(), phase: 'cancelled', request: get().request })
          return
        case 'confirming':
          get().declinePartial()
          return
        case 'starting':
          // Main's save dialog is open; if a job starts anyway it is stopped at once (see `start`).
          attempt += 1
          set({ ...initialExportsData(), phase: 'cancelled', request: get().request })
          return
        case 'running':
          if (job && !get().cancelRequested) await sendCancel(job.jobId)
          return
        default:
          return
      }
    },

    dismiss: () => {
      if (isExportBusy(get().phase)) return
      set(initialExportsData())
    },
  }
})

/** Puts this store and the reports history back to their first state (tests, and nothing else). */
export function resetExportsStore(): void {
  resetReportHistoryStore()
  attempt = 0
  startsInFlight = 0
  early.clear()
  abandoned.clear()
  useExportsStore.setState(initialExportsData())
}
