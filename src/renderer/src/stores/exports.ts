import { create } from 'zustand'
import type {
  ExportFormat,
  ExportJobStatus,
  ExportPlan,
  ExportScope,
  ReportEntry,
} from '../../../shared/exports'
import { describeFilters, type SearchFilters } from '../../../shared/filters'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'
import { useSearchStore, type ResultsPage } from './search'

/**
 * Report exports and the list of reports made on this computer. Main does the
 * work (asks Convoso, opens the save dialog, writes the file, keeps the
 * history); this store walks one export through its steps — plan, confirm a
 * partial report, start, progress, outcome — and caches main's reports list.
 * Main sends no events: the progress panel calls `pollStatus` every
 * `POLL_INTERVAL_MS` while a job runs.
 */

export const POLL_INTERVAL_MS = 250
/** Speed is measured over the last few seconds, so pages arriving in chunks do not make it jump. */
export const SPEED_WINDOW_MS = 5_000
/** No speed (and no time left) is shown before this much has been watched. */
export const SPEED_MIN_SPAN_MS = 1_000

export interface ExportChoice {
  scope: ExportScope
  format: ExportFormat
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
 * - `running`: a job is writing; the panel polls its status.
 * - `done` / `failed` / `cancelled`: how the job ended (the panel stays until dismissed).
 * - `error`: a call failed before a job existed (plan or start); nothing was written.
 */
export type ExportPhase =
  'idle' | 'planning' | 'confirming' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled' | 'error'

export interface SpeedSample {
  /** `Date.now()` when the status arrived. */
  at: number
  rows: number
}

export interface ExportsData {
  phase: ExportPhase
  request: ExportRequest | null
  /** Main's answer to `planExport` (only asked for "all matching records"). */
  plan: ExportPlan | null
  job: { jobId: string; filePath: string } | null
  /** The latest status main reported (a first guess until the first poll answers). */
  status: ExportJobStatus | null
  samples: SpeedSample[]
  /** Rows per second over the last few seconds; null until measured. */
  rowsPerSecond: number | null
  /** The user asked to cancel; the panel says "Cancelling…" until main reports how the job ended. */
  cancelRequested: boolean
  /** Why "Cancel export" did not go through (the export keeps running). */
  cancelError: AppError | null
  /** Why the plan or the start failed (phase `error`). */
  error: AppError | null
  /** The last status call failed: polling waits until `resumePolling`. */
  statusError: AppError | null
  /** Every report made on this computer, newest first; null until first loaded. */
  reports: ReportEntry[] | null
  reportsLoading: boolean
  reportsError: AppError | null
  /** Why "Show in folder" or "Open" did not work. */
  fileError: AppError | null
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
  /** Asks main once how the job is doing. Resolves true while the job still runs (poll again). */
  pollStatus: () => Promise<boolean>
  /** Works at any step: drops a plan in progress, or asks main to stop the job. */
  cancel: () => Promise<void>
  /** Polls again after a failed status call. */
  resumePolling: () => void
  /** Closes the outcome panel (done, failed, cancelled, error). */
  dismiss: () => void
  loadReports: () => Promise<void>
  /** Resolves true when main did it; otherwise `fileError` says why and the list is refreshed. */
  showInFolder: (reportId: string) => Promise<boolean>
  openReport: (reportId: string) => Promise<boolean>
  dismissFileError: () => void
}

export type ExportsState = ExportsData & ExportsActions

type RunData = Omit<ExportsData, 'reports' | 'reportsLoading' | 'reportsError' | 'fileError'>

function initialRunData(): RunData {
  return {
    phase: 'idle',
    request: null,
    plan: null,
    job: null,
    status: null,
    samples: [],
    rowsPerSecond: null,
    cancelRequested: false,
    cancelError: null,
    error: null,
    statusError: null,
  }
}

export function initialExportsData(): ExportsData {
  return { ...initialRunData(), reports: null, reportsLoading: false, reportsError: null, fileError: null }
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

/** Adds a sample and drops those older than the window (keeping one at or before its start). */
export function addSample(samples: readonly SpeedSample[], sample: SpeedSample): SpeedSample[] {
  const next = [...samples, sample]
  while (next.length > 2 && (next[1]?.at ?? Infinity) <= sample.at - SPEED_WINDOW_MS) next.shift()
  return next
}

/** Rows per second across the samples, or null while they span less than `SPEED_MIN_SPAN_MS`. */
export function measureSpeed(samples: readonly SpeedSample[]): number | null {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (!first || !last) return null
  const span = last.at - first.at
  if (span < SPEED_MIN_SPAN_MS) return null
  return Math.max(0, (last.rows - first.rows) / (span / 1000))
}

/** Seconds until the job is done at the current speed; null when unknown (not measured, or stalled). */
export function secondsLeft(status: ExportJobStatus | null, rowsPerSecond: number | null): number | null {
  if (!status || rowsPerSecond === null || rowsPerSecond <= 0) return null
  return Math.max(0, status.rowsExpected - status.rowsWritten) / rowsPerSecond
}

function newestFirst(reports: readonly ReportEntry[]): ReportEntry[] {
  return [...reports].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
}

// Bumped by every new export and by cancelling a plan: a late answer for an older one is dropped.
let attempt = 0
let reportsLoad = 0

export const useExportsStore = create<ExportsState>()((set, get) => {
  /** The job still shown is `jobId`, and it is still running. */
  function stillRunning(jobId: string): boolean {
    const { job, phase } = get()
    return job?.jobId === jobId && phase === 'running'
  }

  async function sendCancel(jobId: string): Promise<void> {
    set({ cancelRequested: true, cancelError: null, statusError: null })
    const result = await call(() => getApi().cancelExport({ jobId }))
    if (!stillRunning(jobId)) return
    // True: main is stopping the job. False: it had already ended. Either way the next status says how.
    if (!result.ok) set({ cancelRequested: false, cancelError: result.error })
  }

  async function start(acceptPartial: boolean): Promise<void> {
    const { request, plan } = get()
    if (!request) return
    const mine = attempt
    set({ phase: 'starting' })
    const started = await call(() =>
      getApi().startExport({
        filters: request.filters,
        scope: request.scope,
        offset: request.offset,
        limit: request.limit,
        format: request.format,
        acceptPartial,
      }),
    )
    if (mine !== attempt) {
      // Cancelled while main's save dialog was open, but a job started anyway: stop it.
      if (started.ok && started.data) {
        const { jobId } = started.data
        void call(() => getApi().cancelExport({ jobId }))
      }
      return
    }
    if (!started.ok) {
      set({ ...initialRunData(), phase: 'error', request, error: started.error })
      return
    }
    if (started.data === null) {
      // The user closed the save dialog: not an error, nothing to say.
      set(initialRunData())
      return
    }
    const job = started.data
    set({
      phase: 'running',
      job,
      status: {
        jobId: job.jobId,
        state: 'running',
        rowsWritten: 0,
        rowsExpected: request.scope === 'all' && plan ? plan.rows : request.pageRows,
        startedAt: new Date().toISOString(),
      },
      samples: [{ at: Date.now(), rows: 0 }],
      rowsPerSecond: null,
    })
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
      set({ ...initialRunData(), phase: scope === 'all' ? 'planning' : 'starting', request })
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
      set(initialRunData())
    },

    pollStatus: async () => {
      const { job, phase, statusError } = get()
      if (!job || phase !== 'running' || statusError) return false
      const result = await call(() => getApi().getExportStatus({ jobId: job.jobId }))
      if (!stillRunning(job.jobId)) return false
      if (!result.ok) {
        set({ statusError: result.error })
        return false
      }
      const status = result.data
      switch (status.state) {
        case 'running': {
          const samples = addSample(get().samples, { at: Date.now(), rows: status.rowsWritten })
          set({ status, samples, rowsPerSecond: measureSpeed(samples) })
          return true
        }
        case 'done':
          set({ phase: 'done', status, cancelRequested: false, cancelError: null })
          void get().loadReports()
          return false
        case 'failed':
          set({ phase: 'failed', status, cancelRequested: false, cancelError: null })
          return false
        case 'cancelled':
          set({ phase: 'cancelled', status, cancelRequested: false, cancelError: null })
          return false
      }
    },

    cancel: async () => {
      const { phase, job } = get()
      switch (phase) {
        case 'planning':
          attempt += 1
          set({ ...initialRunData(), phase: 'cancelled', request: get().request })
          return
        case 'confirming':
          get().declinePartial()
          return
        case 'starting':
          // Main's save dialog is open; if a job starts anyway it is stopped at once (see `start`).
          attempt += 1
          set({ ...initialRunData(), phase: 'cancelled', request: get().request })
          return
        case 'running':
          if (job && !get().cancelRequested) await sendCancel(job.jobId)
          return
        default:
          return
      }
    },

    resumePolling: () => set({ statusError: null }),

    dismiss: () => {
      if (isExportBusy(get().phase)) return
      set(initialRunData())
    },

    loadReports: async () => {
      reportsLoad += 1
      const mine = reportsLoad
      set({ reportsLoading: true, reportsError: null })
      const result = await call(() => getApi().listReports())
      if (mine !== reportsLoad) return
      if (result.ok) set({ reports: newestFirst(result.data), reportsLoading: false })
      else set({ reportsError: result.error, reportsLoading: false })
    },

    showInFolder: async (reportId) => {
      set({ fileError: null })
      const result = await call(() => getApi().showReportInFolder({ reportId }))
      if (result.ok) return true
      set({ fileError: result.error })
      // Most often the file was moved or deleted: the list then says "Missing".
      void get().loadReports()
      return false
    },

    openReport: async (reportId) => {
      set({ fileError: null })
      const result = await call(() => getApi().openReport({ reportId }))
      if (result.ok) return true
      set({ fileError: result.error })
      void get().loadReports()
      return false
    },

    dismissFileError: () => set({ fileError: null }),
  }
})

/** Puts the store back to its first state (tests, and nothing else). */
export function resetExportsStore(): void {
  attempt = 0
  reportsLoad = 0
  useExportsStore.setState(initialExportsData())
}
