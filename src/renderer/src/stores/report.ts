import { create } from 'zustand'
import type { JobStatus } from '../../../shared/jobs'
import type { ReportInfo } from '../../../shared/offline'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'
import { useSearchStore } from './search'
import { useSessionStore } from './session'

/**
 * The exported report the window is looking at instead of Convoso, if any.
 * Main reads the file and answers searches from it; this store walks one open
 * through its steps (dialog or drop, reading with progress, outcome) and, once
 * a report is open or closed, runs the current filters again so the grid shows
 * the right source. Progress and outcomes arrive as main's `jobChanged` events
 * (routed here by jobs.ts); an open still running after a reload is adopted.
 */

export type OpeningStatus = JobStatus<'open-report'>

export interface ReportData {
  /** The report searches go to; null means Convoso. */
  opened: ReportInfo | null
  /** The open in progress, or how the last one ended until dismissed. */
  opening: OpeningStatus | null
  /** A call failed before any reading started (e.g. not a report file). */
  error: AppError | null
}

export interface ReportActions {
  /** Asks main which report (if any) is open, e.g. after the window reloads. */
  load: () => Promise<void>
  openWithDialog: () => Promise<void>
  /** A file dropped on the window. */
  openPath: (path: string) => Promise<void>
  openFromHistory: (reportId: string) => Promise<void>
  /** Main's news of an open (an event, or `listJobs` at start): progress, outcome, or one to adopt. */
  receive: (status: OpeningStatus) => void
  cancel: () => Promise<void>
  /** Back to Convoso. */
  close: () => Promise<void>
  dismiss: () => void
}

export type ReportState = ReportData & ReportActions

const initial: ReportData = { opened: null, opening: null, error: null }

/** Shows the source's first page with the filters on screen (nothing runs while the form is invalid). */
function showSource(): void {
  const search = useSearchStore.getState()
  search.resetResults()
  void search.search()
}

// Main may announce an open's job before the answer that names it arrives: kept here until then.
let startsInFlight = 0
const early = new Map<string, OpeningStatus>()

function placeholder(jobId: string): OpeningStatus {
  return {
    jobId,
    kind: 'open-report',
    name: '',
    filePath: '',
    startedAt: new Date().toISOString(),
    state: 'running',
    phase: 'reading',
    rowsDone: 0,
    rowsExpected: null,
    bytesDone: 0,
    bytesTotal: 0,
    rowsPerSecond: null,
  }
}

export const useReportStore = create<ReportState>()((set, get) => {
  function acknowledge(jobId: string): void {
    void call(() => getApi().acknowledgeJob({ jobId }))
  }

  /** Shows an open's status; `followed`: the window watched it run, so its report is shown at once. */
  function show(status: OpeningStatus, followed: boolean): void {
    switch (status.state) {
      case 'running':
        set({ opening: status })
        return
      case 'done':
        set({ opened: status.outcome, opening: null })
        acknowledge(status.jobId)
        if (followed) showSource()
        return
      case 'failed':
      case 'cancelled':
        set({ opening: status })
        acknowledge(status.jobId)
        return
    }
  }

  async function begin(start: () => Promise<Result<{ jobId: string } | null>>): Promise<void> {
    set({ error: null })
    startsInFlight += 1
    const started = await call(start)
    startsInFlight -= 1
    const announced = started.ok && started.data ? early.get(started.data.jobId) : undefined
    early.clear()
    if (!started.ok) {
      set({ error: started.error, opening: null })
      return
    }
    if (started.data === null) return
    set({ opening: announced ?? placeholder(started.data.jobId) })
    if (announced) show(announced, true)
  }

  return {
    ...initial,

    async load() {
      const opened = await call(() => getApi().getOpenedReport())
      if (opened.ok) set({ opened: opened.data })
    },

    openWithDialog: () => begin(() => getApi().viewReportFromDialog()),
    openPath: (path) => begin(() => getApi().viewReportAtPath({ path })),
    openFromHistory: (reportId) => begin(() => getApi().viewReportFromHistory({ reportId })),

    receive(status) {
      const opening = get().opening
      if (opening?.jobId === status.jobId) {
        if (opening.state === 'running') show(status, true)
        return
      }
      if (startsInFlight > 0) {
        early.set(status.jobId, status)
        return
      }
      if (opening?.state === 'running') {
        // An older open that a newer one replaced: nothing to show.
        if (status.state !== 'running') acknowledge(status.jobId)
        return
      }
      // One this window did not start: still reading across a reload, or ended while the window was away.
      show(status, false)
    },

    async cancel() {
      const opening = get().opening
      if (!opening || opening.state !== 'running') return
      // Main's event says how the open ended.
      const cancelled = await call(() => getApi().cancelJob({ jobId: opening.jobId }))
      if (!cancelled.ok && get().opening?.jobId === opening.jobId) set({ error: cancelled.error })
    },

    async close() {
      const closed = await call(() => getApi().closeReport())
      if (!closed.ok) {
        set({ error: closed.error })
        return
      }
      set({ opened: null })
      // Connected, the same filters run against Convoso again; disconnected, the connect screen shows.
      if (useSessionStore.getState().status?.mode === 'disconnected') useSearchStore.getState().resetResults()
      else showSource()
    },

    dismiss: () => set({ error: null, opening: get().opening?.state === 'running' ? get().opening : null }),
  }
})

/** Test hook: back to nothing open. */
export function resetReportStore(): void {
  startsInFlight = 0
  early.clear()
  useReportStore.setState(initial)
}
