import { MAX_OFFSET } from '../../src/shared/paging'
import { vi, type Mock } from 'vitest'
import type {
  ApiMethod,
  EventName,
  Events,
  OptOutDeskRequests,
  SearchResponse,
  SessionStatus,
  Subscribe,
} from '../../src/shared/contract'
import { EMPTY_FILTERS, type SearchFilters, type SearchParams } from '../../src/shared/filters'
import { MAX_EXPORTABLE_ROWS, type ExportResult, type ReportEntry } from '../../src/shared/exports'
import type { JobStatus } from '../../src/shared/jobs'
import { DEFAULT_PAGE_SIZE } from '../../src/shared/paging'
import {
  uniquePresetName,
  validatePresetName,
  type Preset,
  type PresetsSnapshot,
} from '../../src/shared/presets'
import type { ReportInfo } from '../../src/shared/offline'
import type { AppError, Result } from '../../src/shared/result'
import { setApi } from '../../src/renderer/src/api'
import { makeRecord } from '../support/renderer/values'

type OptOutDeskApi = OptOutDeskRequests

/**
 * Every `window.api` request as a vitest mock with its exact contract
 * signature, `on` as main's events reach the preload, and `emit` to push an
 * event the way main does.
 */
export type FakeApi = { [M in ApiMethod]: Mock<OptOutDeskRequests[M]> } & {
  on: Mock<Subscribe>
  /** Delivers an event to every listener, as main would. */
  emit<E extends EventName>(event: E, payload: Events[E]): void
  /** Pushes the current export job's status for this step (`jobChanged`). */
  emitExport(step: ExportStep): void
  /** Pushes the current open's status for this step (`jobChanged`). */
  emitOpen(step: ViewerStep): void
  /** Listeners subscribed now, by event. */
  listeners(event: EventName): number
}

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = <T>(error: AppError): Result<T> => ({ ok: false, error })

export const LIVE: SessionStatus = { mode: 'live', tokenLast4: 'abcd', apiBase: 'https://api.convoso.com/v1' }
export const DEMO: SessionStatus = { mode: 'demo', apiBase: 'http://127.0.0.1:4010/v1', recordCount: 25_000 }
export const DISCONNECTED: SessionStatus = { mode: 'disconnected' }

/** One page of a result of `total` rows, as main would answer it. */
export function searchPage(
  requestId: string,
  total: number,
  offset: number,
  limit: number,
  params: SearchParams = {},
): Result<SearchResponse> {
  const count = Math.max(0, Math.min(limit, total - offset))
  const records = Array.from({ length: count }, (_, i) => makeRecord(offset + i))
  return ok({ requestId, page: { offset, limit, total, records }, params, offset, maxOffset: MAX_OFFSET })
}

export interface FakeApiOptions {
  status?: SessionStatus
  /** The events main pushes for an open once it starts, in order (default: done at once). */
  openStatuses?: ViewerStep[]
  /** The path "chosen" in the Open a report dialog (default: the dialog is closed). */
  reportToOpen?: string | null
  /** The report main already has open when the window starts. */
  openedReport?: ReportInfo | null
  /** Total rows every search reports (default 12,345). */
  total?: number
  /** The saved presets main starts with (default: the three starter presets). */
  presets?: Preset[]
  /** The preset that runs when the app opens. */
  defaultId?: string | null
  /** `snapshot.problem`, e.g. a damaged presets file. */
  problem?: string | null
  /** What `planExport` says the filter matches now (default: `total`). */
  exportTotal?: number
  /**
   * The events main pushes for the job `startExport` started, in order, just
   * after the start answers. Default: done at once. `cancelJob` pushes
   * `cancelled`. A test drives the rest with `emitExport`.
   */
  exportStatuses?: ExportStep[]
  /** The jobs main holds when the window starts (`listJobs`), e.g. an export still running. */
  jobs?: JobStatus[]
  /** `startExport` answers null, as when the user closes the save dialog. */
  saveDialogClosed?: boolean
  /** The reports main has recorded, in main's order (default: none). */
  reports?: ReportEntry[]
}

/** One scripted status; jobId, name, startedAt and a done result's report are filled in. */
export type ExportStep =
  | {
      state: 'running'
      rowsDone: number
      rowsExpected: number
      phase?: 'fetching' | 'writing' | 'verifying' | 'saving'
      rowsPerSecond?: number | null
    }
  | { state: 'done'; result?: Partial<ExportResult> }
  | { state: 'failed'; message: string; fileLeftBehind?: boolean }
  | { state: 'cancelled' }

export const running = (
  rowsDone: number,
  rowsExpected: number,
  more: { phase?: 'fetching' | 'writing' | 'verifying' | 'saving'; rowsPerSecond?: number | null } = {},
): ExportStep => ({ state: 'running', rowsDone, rowsExpected, ...more })
export const done = (result: Partial<ExportResult> = {}): ExportStep => ({ state: 'done', result })
export const failed = (message: string, fileLeftBehind = false): ExportStep => ({
  state: 'failed',
  message,
  fileLeftBehind,
})

export const SHA = 'a3f1c9e07b2d4c58e91f0a6b7c3d2e1f00112233445566778899aabbccddeeff'
export const REPORT_FOLDER = '/home/officer/Reports'
export const JOB_ID = 'job-1'
export const REPORT_ID = 'report-1'

export function makeReport(id: string, overrides: Partial<ReportEntry> = {}): ReportEntry {
  return {
    id,
    createdAt: '2024-05-01T09:00:00.000Z',
    filePath: `${REPORT_FOLDER}/sms-opt-outs_all_2024-05-01_0900.xlsx`,
    format: 'xlsx',
    scope: 'all',
    filtersDescription: 'all records',
    params: {},
    rowsWritten: 12_345,
    sha256: SHA,
    partial: false,
    exists: true,
    ...overrides,
  }
}

const STAMP = '2024-05-01T09:00:00.000Z'

export function makePreset(id: string, name: string, overrides: Partial<Preset> = {}): Preset {
  return {
    id,
    name,
    filters: EMPTY_FILTERS,
    pageSize: DEFAULT_PAGE_SIZE,
    starter: false,
    createdAt: STAMP,
    updatedAt: STAMP,
    ...overrides,
  }
}

export const withFilters = (patch: Partial<SearchFilters>): SearchFilters => ({ ...EMPTY_FILTERS, ...patch })

/** The presets main writes on first run. */
export function starterPresets(): Preset[] {
  return [
    makePreset('starter-global', 'Global opt-outs', {
      starter: true,
      filters: withFilters({ campaignId: '0' }),
    }),
    makePreset('starter-reason', 'Missing reason', {
      starter: true,
      filters: withFilters({ reasonMode: 'blank' }),
    }),
    makePreset('starter-purpose', 'Missing purpose', {
      starter: true,
      filters: withFilters({ purposeMode: 'blank' }),
    }),
  ]
}

/** Main's presets rules in memory: names checked with the shared rule, every change answers the whole list. */
function presetsBackend(initial: Preset[], initialDefault: string | null, problem: string | null) {
  let presets = initial.map((preset) => ({ ...preset }))
  let defaultId = initialDefault
  let nextId = 1
  const snapshot = (): Result<PresetsSnapshot> => ok({ presets: [...presets], defaultId, problem })
  const notFound = <T>(): Result<T> => fail({ kind: 'not-found', message: 'That preset no longer exists.' })
  const nameError = <T>(message: string): Result<T> =>
    fail({ kind: 'validation', message, fieldErrors: { name: message } })
  const names = (exceptId?: string) => presets.filter((p) => p.id !== exceptId).map((p) => p.name)
  const newId = () => `preset-${nextId++}`
  return {
    state: () => ({ presets, defaultId }),
    snapshot,
    create: ({ name, filters, pageSize }: Pick<Preset, 'name' | 'filters' | 'pageSize'>) => {
      const valid = validatePresetName(name, names())
      if ('error' in valid) return nameError<PresetsSnapshot>(valid.error)
      presets = [...presets, makePreset(newId(), valid.name, { filters, pageSize })]
      return snapshot()
    },
    rename: (id: string, name: string) => {
      const valid = validatePresetName(name, names(id))
      if ('error' in valid) return nameError<PresetsSnapshot>(valid.error)
      if (!presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      presets = presets.map((p) => (p.id === id ? { ...p, name: valid.name } : p))
      return snapshot()
    },
    update: (id: string, patch: Pick<Preset, 'filters' | 'pageSize'>) => {
      if (!presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      presets = presets.map((p) => (p.id === id ? { ...p, ...patch } : p))
      return snapshot()
    },
    duplicate: (id: string) => {
      const index = presets.findIndex((p) => p.id === id)
      const original = presets[index]
      if (!original) return notFound<PresetsSnapshot>()
      const copy = {
        ...original,
        id: newId(),
        name: uniquePresetName(original.name, names()),
        starter: false,
      }
      presets = [...presets.slice(0, index + 1), copy, ...presets.slice(index + 1)]
      return snapshot()
    },
    remove: (id: string) => {
      if (!presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      presets = presets.filter((p) => p.id !== id)
      if (defaultId === id) defaultId = null
      return snapshot()
    },
    restore: (preset: Preset, index: number) => {
      const next = [...presets]
      next.splice(Math.min(index, next.length), 0, {
        ...preset,
        name: uniquePresetName(preset.name, names()),
      })
      presets = next
      return snapshot()
    },
    move: (id: string, toIndex: number) => {
      const moving = presets.find((p) => p.id === id)
      if (!moving) return notFound<PresetsSnapshot>()
      const next = presets.filter((p) => p.id !== id)
      next.splice(Math.min(toIndex, next.length), 0, moving)
      presets = next
      return snapshot()
    },
    setDefault: (id: string | null) => {
      if (id !== null && !presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      defaultId = id
      return snapshot()
    },
  }
}

type ExportRequest = Parameters<OptOutDeskApi['startExport']>[0]
type ExportJob = JobStatus<'export'>

/** Main's export jobs in memory: one job at a time, statuses pushed from a script, a report recorded when done. */
function exportsBackend(
  total: number,
  steps: ExportStep[],
  saveDialogClosed: boolean,
  initialReports: ReportEntry[],
  push: (status: JobStatus) => void,
) {
  let reports = [...initialReports]
  let job: { jobId: string; filePath: string; request: ExportRequest; ended: boolean } | null = null
  let jobs = 0
  let plans = 0
  const rowsFor = ({ scope, offset, limit }: Pick<ExportRequest, 'scope' | 'offset' | 'limit'>) =>
    scope === 'page' ? Math.max(0, Math.min(limit, total - offset)) : Math.min(total, MAX_EXPORTABLE_ROWS)

  function statusOf(current: NonNullable<typeof job>, step: ExportStep): ExportJob {
    const rows = rowsFor(current.request)
    const base = {
      jobId: current.jobId,
      kind: 'export' as const,
      name: current.filePath.split('/').at(-1) ?? current.filePath,
      filePath: current.filePath,
      startedAt: STAMP,
      phase: 'writing' as const,
      rowsDone: 0,
      rowsExpected: rows,
      bytesDone: 0,
      bytesTotal: 0,
      rowsPerSecond: null,
    }
    switch (step.state) {
      case 'running': {
        const { state: _state, ...figures } = step
        return { ...base, ...figures, state: 'running' }
      }
      case 'failed':
        return {
          ...base,
          state: 'failed',
          error: { kind: 'network', message: step.message },
          fileLeftBehind: step.fileLeftBehind ?? false,
        }
      case 'cancelled':
        return { ...base, state: 'cancelled' }
      case 'done': {
        const result: ExportResult = {
          reportId: REPORT_ID,
          filePath: current.filePath,
          fileSizeBytes: 1_258_291,
          rowsWritten: rows,
          partial: current.request.scope === 'all' && total > MAX_EXPORTABLE_ROWS,
          sha256: SHA,
          duplicatesRemoved: 0,
          dataChanged: false,
          ...step.result,
        }
        if (!reports.some((report) => report.id === result.reportId)) {
          reports = [
            ...reports,
            makeReport(result.reportId, {
              createdAt: new Date().toISOString(),
              filePath: result.filePath,
              format: current.request.format,
              scope: current.request.scope,
              rowsWritten: result.rowsWritten,
              sha256: result.sha256,
              partial: result.partial,
            }),
          ]
        }
        return { ...base, state: 'done', rowsDone: result.rowsWritten, phase: 'saving', outcome: result }
      }
    }
  }

  function emit(step: ExportStep): void {
    if (!job || job.ended) return
    const status = statusOf(job, step)
    if (status.state !== 'running') job.ended = true
    push(status)
  }

  return {
    emit,
    plan: (request: Pick<ExportRequest, 'scope' | 'offset' | 'limit'>) =>
      ok({
        planId: `plan-${++plans}`,
        total,
        rows: rowsFor(request),
        reachableRows: MAX_EXPORTABLE_ROWS,
        overCap: request.scope === 'all' && total > MAX_EXPORTABLE_ROWS,
        suggestedFileName: 'sms-opt-outs_all_2024-05-01_0900',
        params: {},
      }),
    start: (request: ExportRequest): Result<{ jobId: string; filePath: string } | null> => {
      if (saveDialogClosed) return ok(null)
      jobs += 1
      const filePath = `${REPORT_FOLDER}/sms-opt-outs_all_2024-05-01_0900.${request.format}`
      job = { jobId: jobs === 1 ? JOB_ID : `job-${jobs}`, filePath, request, ended: false }
      // Main's events follow the start; the script plays once the answer is on its way.
      setTimeout(() => steps.forEach(emit), 0)
      return ok({ jobId: job.jobId, filePath })
    },
    cancel: (jobId: string): Result<boolean> => {
      if (!job || job.jobId !== jobId) return fail({ kind: 'not-found', message: 'Unknown job.' })
      if (job.ended) return ok(false)
      setTimeout(() => emit({ state: 'cancelled' }), 0)
      return ok(true)
    },
    list: () => ok([...reports]),
    find: (reportId: string): Result<null> => {
      const report = reports.find((entry) => entry.id === reportId)
      if (!report) return fail({ kind: 'not-found', message: 'That report is not in the list.' })
      if (!report.exists) {
        return fail({ kind: 'not-found', message: 'The report file was moved or deleted.' })
      }
      return ok(null)
    },
  }
}

/**
 * A typed fake `window.api`: sensible answers by default, every method a mock
 * the test can inspect or re-implement (e.g. with `deferred()` to control timing).
 */
export function createFakeApi({
  status = LIVE,
  total = 12_345,
  presets = starterPresets(),
  defaultId = null,
  problem = null,
  exportTotal = total,
  exportStatuses = [done()],
  saveDialogClosed = false,
  reports = [],
  openStatuses = [{ state: 'done' }],
  reportToOpen = null,
  openedReport = null,
  jobs = [],
}: FakeApiOptions = {}): FakeApi {
  let current = status
  const store = presetsBackend(presets, defaultId, problem)
  const subscribers = new Map<EventName, Set<(payload: never) => void>>()
  function emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of [...(subscribers.get(event) ?? [])])
      (listener as (value: Events[E]) => void)(payload)
  }
  // What main's registry holds: running jobs and finished ones not yet acknowledged.
  const held = new Map<string, JobStatus>(jobs.map((job) => [job.jobId, job]))
  const push = (status: JobStatus) => {
    held.set(status.jobId, status)
    emit('jobChanged', status)
  }
  const exports = exportsBackend(exportTotal, exportStatuses, saveDialogClosed, reports, push)
  const viewer = viewerBackend(openStatuses, reportToOpen, openedReport, push)
  const on = vi.fn<Subscribe>((event, listener) => {
    const set = subscribers.get(event) ?? new Set()
    subscribers.set(event, set)
    const entry = listener as (payload: never) => void
    set.add(entry)
    return () => {
      set.delete(entry)
    }
  })
  return {
    on,
    emit,
    emitExport: (step) => exports.emit(step),
    emitOpen: (step) => viewer.emit(step),
    listeners: (event) => subscribers.get(event)?.size ?? 0,
    listJobs: vi.fn<OptOutDeskApi['listJobs']>(async () => ok([...held.values()])),
    cancelJob: vi.fn<OptOutDeskApi['cancelJob']>(async ({ jobId }) =>
      jobId.startsWith('open-') ? viewer.cancel(jobId) : exports.cancel(jobId),
    ),
    acknowledgeJob: vi.fn<OptOutDeskApi['acknowledgeJob']>(async ({ jobId }) => {
      const job = held.get(jobId)
      if (!job) return fail({ kind: 'not-found', message: 'Unknown job.' })
      if (job.state === 'running') return ok(false)
      held.delete(jobId)
      return ok(true)
    }),
    getAppInfo: vi.fn<OptOutDeskApi['getAppInfo']>(async () =>
      ok({ name: 'Opt-Out Desk', version: '0.1.0' }),
    ),
    getSessionStatus: vi.fn<OptOutDeskApi['getSessionStatus']>(async () => ok(current)),
    verifyAndSaveToken: vi.fn<OptOutDeskApi['verifyAndSaveToken']>(async ({ token }) => {
      current = { mode: 'live', tokenLast4: token.slice(-4), apiBase: 'https://api.convoso.com/v1' }
      return ok(current)
    }),
    forgetToken: vi.fn<OptOutDeskApi['forgetToken']>(async () => ok((current = DISCONNECTED))),
    startDemo: vi.fn<OptOutDeskApi['startDemo']>(async () => ok((current = DEMO))),
    stopDemo: vi.fn<OptOutDeskApi['stopDemo']>(async () => ok((current = DISCONNECTED))),
    getSettings: vi.fn<OptOutDeskApi['getSettings']>(async () =>
      ok({ apiBase: 'https://api.convoso.com/v1', exportConcurrency: 2 }),
    ),
    saveSettings: vi.fn<OptOutDeskApi['saveSettings']>(async ({ apiBase, exportConcurrency = 2 }) =>
      ok({ apiBase, exportConcurrency }),
    ),
    search: vi.fn<OptOutDeskApi['search']>(async ({ requestId, offset, limit }) =>
      searchPage(requestId, total, offset, limit),
    ),
    cancelSearch: vi.fn<OptOutDeskApi['cancelSearch']>(async () => ok(true)),
    listPresets: vi.fn<OptOutDeskApi['listPresets']>(async () => store.snapshot()),
    createPreset: vi.fn<OptOutDeskApi['createPreset']>(async (request) => store.create(request)),
    renamePreset: vi.fn<OptOutDeskApi['renamePreset']>(async ({ id, name }) => store.rename(id, name)),
    updatePreset: vi.fn<OptOutDeskApi['updatePreset']>(async ({ id, filters, pageSize }) =>
      store.update(id, { filters, pageSize }),
    ),
    duplicatePreset: vi.fn<OptOutDeskApi['duplicatePreset']>(async ({ id }) => store.duplicate(id)),
    deletePreset: vi.fn<OptOutDeskApi['deletePreset']>(async ({ id }) => store.remove(id)),
    restorePreset: vi.fn<OptOutDeskApi['restorePreset']>(async ({ preset, index }) =>
      store.restore(preset, index),
    ),
    movePreset: vi.fn<OptOutDeskApi['movePreset']>(async ({ id, toIndex }) => store.move(id, toIndex)),
    setDefaultPreset: vi.fn<OptOutDeskApi['setDefaultPreset']>(async ({ id }) => store.setDefault(id)),
    exportPresets: vi.fn<OptOutDeskApi['exportPresets']>(async () =>
      ok({ filePath: '/home/officer/opt-out-desk-presets.json', count: store.state().presets.length }),
    ),
    // The user closes the open dialog unless a test says otherwise.
    previewPresetImport: vi.fn<OptOutDeskApi['previewPresetImport']>(async () => ok(null)),
    confirmPresetImport: vi.fn<OptOutDeskApi['confirmPresetImport']>(async () =>
      fail({ kind: 'not-found', message: 'No import is waiting for confirmation.' }),
    ),
    planExport: vi.fn<OptOutDeskApi['planExport']>(async (request) => exports.plan(request)),
    startExport: vi.fn<OptOutDeskApi['startExport']>(async (request) => exports.start(request)),
    listReports: vi.fn<OptOutDeskApi['listReports']>(async () => exports.list()),
    showReportInFolder: vi.fn<OptOutDeskApi['showReportInFolder']>(async ({ reportId }) =>
      exports.find(reportId),
    ),
    openReportInSpreadsheetApp: vi.fn<OptOutDeskApi['openReportInSpreadsheetApp']>(async ({ reportId }) =>
      exports.find(reportId),
    ),
    viewReportFromDialog: vi.fn<OptOutDeskApi['viewReportFromDialog']>(async () =>
      viewer.start(viewer.dialogPath),
    ),
    viewReportAtPath: vi.fn<OptOutDeskApi['viewReportAtPath']>(async ({ path }) => {
      const started = viewer.start(path)
      return started.ok && started.data ? ok(started.data) : fail({ kind: 'internal', message: 'no job' })
    }),
    viewReportFromHistory: vi.fn<OptOutDeskApi['viewReportFromHistory']>(async ({ reportId }) => {
      const listed = exports.list()
      const report = listed.ok ? listed.data.find((entry) => entry.id === reportId) : undefined
      if (!report)
        return fail({
          kind: 'validation',
          message: 'That report is not in the Reports list any more.',
          fieldErrors: {},
        })
      const started = viewer.start(report.filePath)
      return started.ok && started.data ? ok(started.data) : fail({ kind: 'internal', message: 'no job' })
    }),
    getOpenedReport: vi.fn<OptOutDeskApi['getOpenedReport']>(async () => ok(viewer.current())),
    closeReport: vi.fn<OptOutDeskApi['closeReport']>(async () => ok(viewer.close())),
    startLookup: vi.fn<OptOutDeskApi['startLookup']>(async () =>
      fail({ kind: 'internal', message: 'No lookup here.' }),
    ),
  }
}

/** The report viewer in main: opening a report pushes the scripted statuses in order. */
function viewerBackend(
  steps: ViewerStep[],
  dialogPath: string | null,
  initial: ReportInfo | null,
  push: (status: JobStatus) => void,
) {
  let opened = initial
  let job: { jobId: string; path: string; ended: boolean } | null = null
  let jobs = 0
  const nameOf = (path: string) => path.split(/[\\/]/).at(-1) ?? path

  function emit(step: ViewerStep | { state: 'cancelled' }): void {
    if (!job || job.ended) return
    const base = {
      jobId: job.jobId,
      kind: 'open-report' as const,
      name: nameOf(job.path),
      filePath: job.path,
      startedAt: STAMP,
      phase: 'reading' as const,
      rowsDone: 0,
      rowsExpected: null,
      bytesDone: 0,
      bytesTotal: 1000,
      rowsPerSecond: null,
    }
    if (step.state !== 'reading') job.ended = true
    switch (step.state) {
      case 'reading':
        push({ ...base, state: 'running', bytesDone: step.bytesRead, rowsDone: step.rowsRead })
        return
      case 'failed':
        push({
          ...base,
          state: 'failed',
          error: { kind: 'report-file', message: step.message },
          fileLeftBehind: false,
        })
        return
      case 'cancelled':
        push({ ...base, state: 'cancelled' })
        return
      case 'done':
        opened = makeReportInfo(job.path, step.report)
        push({ ...base, state: 'done', outcome: opened })
        return
    }
  }

  return {
    dialogPath,
    emit,
    start(path: string | null): Result<{ jobId: string } | null> {
      if (path === null) return ok(null)
      jobs += 1
      job = { jobId: `open-${jobs}`, path, ended: false }
      setTimeout(() => steps.forEach(emit), 0)
      return ok({ jobId: job.jobId })
    },
    cancel(jobId: string): Result<boolean> {
      if (!job || job.jobId !== jobId) return fail({ kind: 'not-found', message: 'Unknown job.' })
      if (job.ended) return ok(false)
      setTimeout(() => emit({ state: 'cancelled' }), 0)
      return ok(true)
    },
    current: () => opened,
    close() {
      const closed = opened
      opened = null
      return closed
    },
  }
}

export type ViewerStep =
  | { state: 'reading'; bytesRead: number; rowsRead: number }
  | { state: 'failed'; message: string }
  | { state: 'done'; report?: Partial<ReportInfo> }

export function makeReportInfo(path: string, overrides: Partial<ReportInfo> = {}): ReportInfo {
  return {
    fileName: path.split(/[\\/]/).at(-1) ?? path,
    filePath: path,
    format: path.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx',
    fileBytes: 48_213,
    madeByApp: true,
    generatedAt: '2026-03-02T14:03:22.000Z',
    filtersDescription: 'global, reason blank',
    paramsAsSent: { campaign_id: '0', reason: '-BLANK-' },
    apiBase: 'https://api.convoso.com/v1',
    appVersion: '0.1.0',
    rowsRecorded: 1_204,
    rowsRead: 1_204,
    recordedSha256: SHA,
    actualSha256: SHA,
    integrity: 'intact',
    integrityDetail: 'The rows match the hash recorded when the report was made.',
    partial: false,
    ...overrides,
  }
}

/** Creates a fake and makes it the renderer's bridge. */
export function installFakeApi(options?: FakeApiOptions): FakeApi {
  const api = createFakeApi(options)
  setApi(api)
  return api
}

export { lastSearchRequest, searchRequest } from '../support/renderer/api'
export { deferred, makeRecord, required, type Deferred } from '../support/renderer/values'
