import { create } from 'zustand'
import type { ReportInfo, ReportOpenStatus } from '../../../shared/offline'
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
 * the right source.
 */

export const OPEN_POLL_INTERVAL_MS = 200

export interface ReportData {
  /** The report searches go to; null means Convoso. */
  opened: ReportInfo | null
  /** The open in progress, or how the last one ended until dismissed. */
  opening: ReportOpenStatus | null
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
  /** One status poll; the progress panel calls it every `OPEN_POLL_INTERVAL_MS` while reading. */
  pollStatus: () => Promise<void>
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

export const useReportStore = create<ReportState>()((set, get) => {
  async function begin(start: () => Promise<Result<{ jobId: string } | null>>): Promise<void> {
    set({ error: null })
    const started = await call(start)
    if (!started.ok) {
      set({ error: started.error, opening: null })
      return
    }
    if (started.data === null) return
    set({
      opening: {
        jobId: started.data.jobId,
        state: 'reading',
        fileName: '',
        bytesRead: 0,
        totalBytes: 0,
        rowsRead: 0,
      },
    })
    await get().pollStatus()
  }

  return {
    ...initial,

    async load() {
      const opened = await call(() => getApi().getOpenedReport())
      if (opened.ok) set({ opened: opened.data })
    },

    openWithDialog: () => begin(() => getApi().openReportDialog()),
    openPath: (path) => begin(() => getApi().openReportPath({ path })),
    openFromHistory: (reportId) => begin(() => getApi().openReportFromHistory({ reportId })),

    async pollStatus() {
      const opening = get().opening
      if (!opening || opening.state !== 'reading') return
      const status = await call(() => getApi().getReportOpenStatus({ jobId: opening.jobId }))
      // A newer open (or a dismiss) replaced this one while the answer travelled.
      if (get().opening?.jobId !== opening.jobId) return
      if (!status.ok) {
        set({ opening: null, error: status.error })
        return
      }
      if (status.data.state === 'done') {
        set({ opened: status.data.report, opening: null })
        showSource()
        return
      }
      set({ opening: status.data })
    },

    async cancel() {
      const opening = get().opening
      if (!opening || opening.state !== 'reading') return
      await call(() => getApi().cancelReportOpen({ jobId: opening.jobId }))
      await get().pollStatus()
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

    dismiss: () => set({ error: null, opening: get().opening?.state === 'reading' ? get().opening : null }),
  }
})

/** Test hook: back to nothing open. */
export function resetReportStore(): void {
  useReportStore.setState(initial)
}
