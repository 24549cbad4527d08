import { create } from 'zustand'
import type { ReportEntry } from '../../../shared/exports'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'

/**
 * The reports made on this computer, as main's history lists them, and the
 * file actions on one of them (show in its folder, open in the spreadsheet app).
 */

export interface ReportHistoryData {
  /** Every report made on this computer, newest first; null until first loaded. */
  reports: ReportEntry[] | null
  reportsLoading: boolean
  reportsError: AppError | null
  /** Why "Show in folder" or "Open" did not work. */
  fileError: AppError | null
}

export interface ReportHistoryActions {
  loadReports: () => Promise<void>
  /** Resolves true when main did it; otherwise `fileError` says why and the list is refreshed. */
  showInFolder: (reportId: string) => Promise<boolean>
  openReportInSpreadsheetApp: (reportId: string) => Promise<boolean>
  dismissFileError: () => void
}

export type ReportHistoryState = ReportHistoryData & ReportHistoryActions

function initialReportHistoryData(): ReportHistoryData {
  return { reports: null, reportsLoading: false, reportsError: null, fileError: null }
}

function newestFirst(reports: readonly ReportEntry[]): ReportEntry[] {
  return [...reports].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
}

// Bumped by every load: a late answer for an older one is dropped.
let reportsLoad = 0

export const useReportHistoryStore = create<ReportHistoryState>()((set, get) => {
  /** Runs a file action; on failure most often the file was moved or deleted, and the refreshed list says "Missing". */
  async function fileAction(request: () => Promise<Result<null>>): Promise<boolean> {
    set({ fileError: null })
    const result = await call(request)
    if (result.ok) return true
    set({ fileError: result.error })
    void get().loadReports()
    return false
  }

  return {
    ...initialReportHistoryData(),

    loadReports: async () => {
      reportsLoad += 1
      const mine = reportsLoad
      set({ reportsLoading: true, reportsError: null })
      const result = await call(() => getApi().listReports())
      if (mine !== reportsLoad) return
      if (result.ok) set({ reports: newestFirst(result.data), reportsLoading: false })
      else set({ reportsError: result.error, reportsLoading: false })
    },

    showInFolder: (reportId) => fileAction(() => getApi().showReportInFolder({ reportId })),

    openReportInSpreadsheetApp: (reportId) =>
      fileAction(() => getApi().openReportInSpreadsheetApp({ reportId })),

    dismissFileError: () => set({ fileError: null }),
  }
})

/** Puts the store back to its first state (tests, and nothing else). */
export function resetReportHistoryStore(): void {
  reportsLoad = 0
  useReportHistoryStore.setState(initialReportHistoryData())
}
