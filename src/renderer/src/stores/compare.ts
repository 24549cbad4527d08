import { create } from 'zustand'
import type { CompareList, CompareOutcome, ComparisonRow, ReportSource } from '../../../shared/compare'
import type { ReportEntry, ReportFormat } from '../../../shared/exports'
import { EMPTY_FILTERS, type SearchFilters } from '../../../shared/filters'
import type { JobStatus } from '../../../shared/jobs'
import type { ReportInfo } from '../../../shared/offline'
import {
  DEFAULT_PAGE_SIZE,
  MAX_OFFSET,
  offsetForPage,
  clampPage,
  type PageSize,
} from '../../../shared/paging'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'
import { fileNameOf } from '../lib/format'

/**
 * The comparison of two reports on screen: choosing them, main comparing them
 * (`startCompare`, a job with progress and cancel), then one list of the
 * result at a time, a page at a time (`searchComparison`, with the filter
 * form's filters), and saving the comparison as a report. The panel takes the
 * results' place until closed; closing lets main forget the comparison.
 */

export type CompareStatus = JobStatus<'compare'>
export type CompareSlot = 'a' | 'b'

/** One chosen report as the window can describe it before comparing. */
export interface ChosenReport {
  source: ReportSource
  fileName: string
  filePath: string
  /** What main has read of it: the opened report, or the Reports list's line (no verdict until compared). */
  info: ReportInfo | null
  entry: ReportEntry | null
}

/**
 * - `choosing`: picking the two reports; nothing runs. A comparison that was refused, failed or
 *   was cancelled comes back here, its reports still chosen, saying why (`chooseError`, `cancelled`).
 * - `starting`: asked main; no job yet. `running`: main reads and compares.
 * - `done`: the result is shown.
 */
export type ComparePhase = 'choosing' | 'starting' | 'running' | 'done'

/** One page of one list, with what produced it. */
export interface ComparePage {
  list: CompareList
  filters: SearchFilters
  total: number
  offset: number
  pageSize: PageSize
  rows: ComparisonRow[]
}

export type CompareExportState =
  | { phase: 'saving'; format: ReportFormat }
  | { phase: 'saved'; format: ReportFormat; files: { path: string; sha256: string; rows: number }[] }
  | { phase: 'error'; error: AppError }

export interface CompareView {
  phase: ComparePhase
  a: ChosenReport | null
  b: ChosenReport | null
  /** Why a report could not be chosen or compared (e.g. not made by the app, named by main). */
  chooseError: AppError | null
  /** The last comparison was cancelled: nothing was compared. */
  cancelled: boolean
  jobId: string | null
  status: CompareStatus | null
  outcome: CompareOutcome | null
  error: AppError | null
  cancelRequested: boolean
  /** The list on screen and its page. */
  list: CompareList
  pageSize: PageSize
  page: ComparePage | null
  pageLoading: boolean
  pageError: AppError | null
  exported: CompareExportState | null
}

export interface CompareData {
  /** Null while no comparison panel is shown. */
  view: CompareView | null
}

export interface CompareActions {
  /** Shows the panel with the given reports chosen (or keeps the one shown while it is choosing). */
  open: (chosen?: { a?: ChosenReport; b?: ChosenReport }, pageSize?: PageSize) => void
  choose: (slot: CompareSlot, chosen: ChosenReport | null) => void
  /** The open dialog for one side; nothing changes when it is closed. */
  chooseFile: (slot: CompareSlot) => Promise<void>
  /**
   * A file dropped (its path, '' when it is not a file on this computer, and its name): it fills
   * `slot`, or else the first empty side.
   */
  chooseDropped: (path: string, name: string, slot?: CompareSlot) => void
  compare: () => Promise<void>
  /** Main's news of a comparison (an event, or `listJobs` at start). */
  receive: (status: CompareStatus) => void
  cancel: () => Promise<void>
  showList: (list: CompareList) => Promise<void>
  /** The filter form's filters, applied to the list on screen from its first page. */
  filter: (filters: SearchFilters) => Promise<void>
  goToPage: (page: number) => Promise<void>
  setPageSize: (size: PageSize) => Promise<void>
  exportAs: (format: ReportFormat) => Promise<void>
  dismissExport: () => void
  /** Shows a file the comparison was saved to in its folder. */
  showInFolder: (path: string) => Promise<void>
  /** Back to choosing (a finished comparison is let go). */
  startOver: () => void
  close: () => void
}

export type CompareState = CompareData & CompareActions

/** The list a finished comparison opens on: removed records are the finding that matters. */
export const FIRST_LIST: CompareList = 'removed'

export function chosenFromPath(path: string, fileName = fileNameOf(path)): ChosenReport {
  return { source: { kind: 'path', path }, fileName, filePath: path, info: null, entry: null }
}

export function chosenFromHistory(entry: ReportEntry): ChosenReport {
  return {
    source: { kind: 'history', reportId: entry.id },
    fileName: fileNameOf(entry.filePath),
    filePath: entry.filePath,
    info: null,
    entry,
  }
}

export function chosenFromOpened(info: ReportInfo): ChosenReport {
  return { source: { kind: 'opened' }, fileName: info.fileName, filePath: info.filePath, info, entry: null }
}

function emptyView(pageSize: PageSize): CompareView {
  return {
    phase: 'choosing',
    a: null,
    b: null,
    chooseError: null,
    cancelled: false,
    jobId: null,
    status: null,
    outcome: null,
    error: null,
    cancelRequested: false,
    list: FIRST_LIST,
    pageSize,
    page: null,
    pageLoading: false,
    pageError: null,
    exported: null,
  }
}

/** True when both sides name the same file (comparing a report with itself says nothing). */
export function sameReport(a: ChosenReport, b: ChosenReport): boolean {
  return a.filePath !== '' && a.filePath === b.filePath
}

// Main may announce the job before the answer that names it arrives: kept here until then.
let startsInFlight = 0
const early = new Map<string, CompareStatus>()
// Bumped by every page asked for: a late answer for an older one is dropped.
let pageRequest = 0

export const useCompareStore = create<CompareState>()((set, get) => {
  function acknowledge(jobId: string): void {
    void call(() => getApi().acknowledgeJob({ jobId }))
  }

  /** Lets main forget a finished comparison (it keeps the last few for search and export until then). */
  function release(view: CompareView): void {
    if (!view.jobId || view.phase === 'starting' || view.phase === 'running') return
    const jobId = view.jobId
    acknowledge(jobId)
    if (view.outcome)
      void call(() => getApi().closeComparison({ compareId: view.outcome?.compareId ?? jobId }))
  }

  function update(change: Partial<CompareView>): void {
    const view = get().view
    if (view) set({ view: { ...view, ...change } })
  }

  async function loadPage(list: CompareList, filters: SearchFilters, offset: number): Promise<void> {
    const view = get().view
    if (!view?.outcome) return
    const compareId = view.outcome.compareId
    const limit = view.pageSize
    pageRequest += 1
    const mine = pageRequest
    set({ view: { ...view, list, pageLoading: true, pageError: null } })
    const answer = await call(() => getApi().searchComparison({ compareId, list, filters, offset, limit }))
    const now = get().view
    if (mine !== pageRequest || now?.outcome?.compareId !== compareId) return
    if (!answer.ok) {
      set({ view: { ...now, pageLoading: false, pageError: answer.error } })
      return
    }
    const { total, rows } = answer.data
    set({
      view: {
        ...now,
        pageLoading: false,
        page: { list, filters, total, offset: answer.data.offset, pageSize: limit, rows },
      },
    })
  }

  function apply(status: CompareStatus): void {
    const view = get().view
    if (!view) return
    switch (status.state) {
      case 'running':
        set({ view: { ...view, phase: 'running', status } })
        return
      case 'done':
        set({
          view: {
            ...view,
            phase: 'done',
            status,
            outcome: status.outcome,
            cancelRequested: false,
            list: FIRST_LIST,
            page: null,
          },
        })
        void loadPage(FIRST_LIST, view.page?.filters ?? EMPTY_FILTERS, 0)
        return
      case 'failed':
      case 'cancelled':
        // Nothing to keep: main forgets the job, and the same two reports can be changed or compared again.
        acknowledge(status.jobId)
        set({
          view: {
            ...view,
            phase: 'choosing',
            jobId: null,
            status: null,
            cancelRequested: false,
            chooseError: status.state === 'failed' ? status.error : null,
            cancelled: status.state === 'cancelled',
          },
        })
        return
    }
  }

  function sideFor(slot: CompareSlot, chosen: ChosenReport | null): Partial<CompareView> {
    const cleared = { chooseError: null, cancelled: false }
    return slot === 'a' ? { a: chosen, ...cleared } : { b: chosen, ...cleared }
  }

  return {
    view: null,

    open(chosen = {}, pageSize = DEFAULT_PAGE_SIZE) {
      const current = get().view
      if (current && current.phase !== 'choosing') {
        if (current.phase === 'starting' || current.phase === 'running') return
        release(current)
      }
      const base = current?.phase === 'choosing' ? current : emptyView(pageSize)
      set({ view: { ...base, a: chosen.a ?? base.a, b: chosen.b ?? base.b, chooseError: null } })
    },

    choose(slot, chosen) {
      const view = get().view
      if (view?.phase === 'choosing') update(sideFor(slot, chosen))
    },

    async chooseFile(slot) {
      if (get().view?.phase !== 'choosing') return
      const picked = await call(() => getApi().pickReportFile())
      if (get().view?.phase !== 'choosing') return
      if (!picked.ok) update({ chooseError: picked.error })
      else if (picked.data) update(sideFor(slot, chosenFromPath(picked.data.path, picked.data.fileName)))
    },

    chooseDropped(path, name, slot) {
      const view = get().view
      if (view?.phase !== 'choosing') return
      if (path === '') {
        update({
          chooseError: {
            kind: 'report-file',
            message: `"${name}" is not a file on this computer. Save it to a folder first, then drop it here or use "Choose a file…".`,
          },
        })
        return
      }
      update(sideFor(slot ?? (view.a === null || view.b !== null ? 'a' : 'b'), chosenFromPath(path)))
    },

    async compare() {
      const view = get().view
      if (!view || view.phase !== 'choosing' || !view.a || !view.b) return
      const { a, b } = view
      set({ view: { ...view, phase: 'starting', error: null, chooseError: null, cancelled: false } })
      startsInFlight += 1
      const started = await call(() => getApi().startCompare({ a: a.source, b: b.source }))
      startsInFlight -= 1
      const announced = started.ok ? early.get(started.data.jobId) : undefined
      early.clear()
      const now = get().view
      if (!now || now.phase !== 'starting') return
      if (!started.ok) {
        // Back to choosing with the reason (e.g. a report not made by the app, named by main).
        set({ view: { ...now, phase: 'choosing', chooseError: started.error } })
        return
      }
      set({ view: { ...now, phase: 'running', jobId: started.data.jobId } })
      if (announced) apply(announced)
    },

    receive(status) {
      const view = get().view
      if (view?.jobId === status.jobId) {
        if (view.phase === 'running') apply(status)
        return
      }
      if (startsInFlight > 0) {
        early.set(status.jobId, status)
        return
      }
      if (view && view.phase !== 'choosing') {
        // Another comparison ended while this one is shown: nothing to show it on.
        if (status.state !== 'running') acknowledge(status.jobId)
        return
      }
      // One this window did not start: still comparing across a reload, or ended while it was away.
      set({
        view: { ...emptyView(view?.pageSize ?? DEFAULT_PAGE_SIZE), phase: 'running', jobId: status.jobId },
      })
      apply(status)
    },

    async cancel() {
      const view = get().view
      if (!view?.jobId || view.phase !== 'running' || view.cancelRequested) return
      const jobId = view.jobId
      update({ cancelRequested: true })
      // Main's event says how the job ended.
      const cancelled = await call(() => getApi().cancelJob({ jobId }))
      const now = get().view
      if (!cancelled.ok && now?.jobId === jobId && now.phase === 'running') {
        set({ view: { ...now, cancelRequested: false, error: cancelled.error } })
      }
    },

    async showList(list) {
      const view = get().view
      if (!view?.outcome) return
      await loadPage(list, view.page?.filters ?? EMPTY_FILTERS, 0)
    },

    async filter(filters) {
      const view = get().view
      if (!view?.outcome) return
      await loadPage(view.list, filters, 0)
    },

    async goToPage(page) {
      const view = get().view
      if (!view?.outcome || !view.page) return
      const target = clampPage(page, view.page.total, view.pageSize, MAX_OFFSET)
      await loadPage(view.list, view.page.filters, offsetForPage(target, view.pageSize))
    },

    async setPageSize(size) {
      const view = get().view
      if (!view) return
      set({ view: { ...view, pageSize: size } })
      if (!view.outcome || !view.page) return
      // The new page is the one holding the first row on screen.
      const first = Math.floor(view.page.offset / size) + 1
      const target = clampPage(first, view.page.total, size, MAX_OFFSET)
      await loadPage(view.list, view.page.filters, offsetForPage(target, size))
    },

    async exportAs(format) {
      const view = get().view
      if (!view?.outcome || view.exported?.phase === 'saving') return
      const compareId = view.outcome.compareId
      update({ exported: { phase: 'saving', format } })
      const saved = await call(() => getApi().exportComparison({ compareId, format }))
      const now = get().view
      if (now?.outcome?.compareId !== compareId) return
      if (!saved.ok) update({ exported: { phase: 'error', error: saved.error } })
      // Null: the save dialog was closed; nothing was written and there is nothing to say.
      else update({ exported: saved.data ? { phase: 'saved', format, files: saved.data.files } : null })
    },

    dismissExport() {
      const view = get().view
      if (view && view.exported?.phase !== 'saving') update({ exported: null })
    },

    async showInFolder(path) {
      const shown = await call(() => getApi().showSavedFileInFolder({ path }))
      if (!shown.ok) update({ exported: { phase: 'error', error: shown.error } })
    },

    startOver() {
      const view = get().view
      if (!view || view.phase === 'starting' || view.phase === 'running') return
      release(view)
      set({ view: { ...emptyView(view.pageSize), a: view.a, b: view.b } })
    },

    close() {
      const view = get().view
      if (!view || view.phase === 'starting' || view.phase === 'running') return
      release(view)
      set({ view: null })
    },
  }
})

/**
 * Search with a comparison on screen filters its list instead (the same form, the same meaning).
 * Answers false when no finished comparison is shown, and the search goes to its source as usual.
 */
export function filterComparison(filters: SearchFilters): boolean {
  const view = useCompareStore.getState().view
  if (!view?.outcome) return false
  void useCompareStore.getState().filter(filters)
  return true
}

/** Test hook: no comparison on screen. */
export function resetCompareStore(): void {
  startsInFlight = 0
  early.clear()
  pageRequest = 0
  useCompareStore.setState({ view: null })
}
