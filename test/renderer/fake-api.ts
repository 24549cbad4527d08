import { MAX_OFFSET } from '../../src/shared/paging'
import { vi, type Mock } from 'vitest'
import type { ApiMethod, OptOutDeskApi, SearchResponse, SessionStatus } from '../../src/shared/contract'
import { EMPTY_FILTERS, type SearchFilters, type SearchParams } from '../../src/shared/filters'
import {
  MAX_EXPORTABLE_ROWS,
  type ExportJobStatus,
  type ExportResult,
  type ReportEntry,
} from '../../src/shared/exports'
import { DEFAULT_PAGE_SIZE } from '../../src/shared/paging'
import {
  uniquePresetName,
  validatePresetName,
  type Preset,
  type PresetsSnapshot,
} from '../../src/shared/presets'
import type { OptOutRecord } from '../../src/shared/records'
import type { ReportInfo, ReportOpenStatus } from '../../src/shared/offline'
import type { AppError, Result } from '../../src/shared/result'
import { setApi } from '../../src/renderer/src/api'

/** Every `window.api` method as a vitest mock with its exact contract signature. */
export type FakeApi = { [M in ApiMethod]: Mock<OptOutDeskApi[M]> }

export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (reason: unknown) => void
}

/** A promise the test settles when it chooses, to hold a call "in flight". */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = <T>(error: AppError): Result<T> => ({ ok: false, error })

export const LIVE: SessionStatus = { mode: 'live', tokenLast4: 'abcd', apiBase: 'https://api.convoso.com/v1' }
export const DEMO: SessionStatus = { mode: 'demo', apiBase: 'http://127.0.0.1:4010/v1', recordCount: 25_000 }
export const DISCONNECTED: SessionStatus = { mode: 'disconnected' }

export function makeRecord(index: number, overrides: Partial<OptOutRecord> = {}): OptOutRecord {
  return {
    id: String(2_778_557 + index),
    phone_number: String(8_181_233_567 + index),
    phone_code: '1',
    reason: `Reason ${index}`,
    purpose: 'TELEMKT',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: index % 2 === 0 ? '0' : '1042',
    campaign_name: index % 2 === 0 ? '' : 'Spring Renewal',
    ...overrides,
  }
}

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
  /** What successive `getReportOpenStatus` calls answer for an open, in order (default: done at once). */
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
   * What successive `getExportStatus` calls answer for the job `startExport`
   * started, in order; the last one repeats. Default: done at once. After
   * `cancelExport` every answer is `cancelled`.
   */
  exportStatuses?: ExportStep[]
  /** `startExport` answers null, as when the user closes the save dialog. */
  saveDialogClosed?: boolean
  /** The reports main has recorded, in main's order (default: none). */
  reports?: ReportEntry[]
}

/** One scripted status answer; jobId, startedAt and a done result's report are filled in. */
export type ExportStep =
  | { state: 'running'; rowsWritten: number; rowsExpected: number }
  | { state: 'done'; result?: Partial<ExportResult> }
  | { state: 'failed'; errorMessage: string }
  | { state: 'cancelled' }

export const running = (rowsWritten: number, rowsExpected: number): ExportStep => ({
  state: 'running',
  rowsWritten,
  rowsExpected,
})
export const done = (result: Partial<ExportResult> = {}): ExportStep => ({ state: 'done', result })
export const failed = (errorMessage: string): ExportStep => ({ state: 'failed', errorMessage })

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
  const notFound = <T>(): Result<T> => fail({ kind: 'internal', message: 'That preset no longer exists.' })
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

/** Main's export jobs in memory: one job at a time, statuses from a script, a report recorded when done. */
function exportsBackend(
  total: number,
  steps: ExportStep[],
  saveDialogClosed: boolean,
  initialReports: ReportEntry[],
) {
  let reports = [...initialReports]
  let job: {
    jobId: string
    filePath: string
    request: ExportRequest
    step: number
    cancelled: boolean
  } | null = null
  let jobs = 0
  const rowsFor = ({ scope, offset, limit }: Pick<ExportRequest, 'scope' | 'offset' | 'limit'>) =>
    scope === 'page' ? Math.max(0, Math.min(limit, total - offset)) : Math.min(total, MAX_EXPORTABLE_ROWS)

  function statusOf(current: NonNullable<typeof job>, step: ExportStep): ExportJobStatus {
    const base = { jobId: current.jobId, startedAt: STAMP }
    const rows = rowsFor(current.request)
    switch (step.state) {
      case 'running':
        return { ...base, ...step }
      case 'failed':
        return {
          ...base,
          state: 'failed',
          rowsWritten: 0,
          rowsExpected: rows,
          errorMessage: step.errorMessage,
        }
      case 'cancelled':
        return { ...base, state: 'cancelled', rowsWritten: 0, rowsExpected: rows }
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
        return { ...base, state: 'done', rowsWritten: result.rowsWritten, rowsExpected: rows, result }
      }
    }
  }

  return {
    plan: (request: Pick<ExportRequest, 'scope' | 'offset' | 'limit'>) =>
      ok({
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
      job = { jobId: jobs === 1 ? JOB_ID : `job-${jobs}`, filePath, request, step: 0, cancelled: false }
      return ok({ jobId: job.jobId, filePath })
    },
    status: (jobId: string): Result<ExportJobStatus> => {
      if (!job || job.jobId !== jobId) {
        return fail({ kind: 'internal', message: 'That export is not known to this app session.' })
      }
      if (job.cancelled) return ok(statusOf(job, { state: 'cancelled' }))
      const step = steps[Math.min(job.step, steps.length - 1)] ?? done()
      job.step += 1
      return ok(statusOf(job, step))
    },
    cancel: (jobId: string) => {
      if (!job || job.jobId !== jobId || job.cancelled) return ok(false)
      job.cancelled = true
      return ok(true)
    },
    list: () => ok([...reports]),
    find: (reportId: string): Result<null> => {
      const report = reports.find((entry) => entry.id === reportId)
      if (!report) return fail({ kind: 'internal', message: 'That report is not in the list.' })
      if (!report.exists) {
        return fail({ kind: 'internal', message: 'The report file was moved or deleted.' })
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
}: FakeApiOptions = {}): FakeApi {
  let current = status
  const store = presetsBackend(presets, defaultId, problem)
  const exports = exportsBackend(exportTotal, exportStatuses, saveDialogClosed, reports)
  const viewer = viewerBackend(openStatuses, reportToOpen, openedReport)
  return {
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
      fail({ kind: 'internal', message: 'No import is waiting for confirmation.' }),
    ),
    planExport: vi.fn<OptOutDeskApi['planExport']>(async (request) => exports.plan(request)),
    startExport: vi.fn<OptOutDeskApi['startExport']>(async (request) => exports.start(request)),
    getExportStatus: vi.fn<OptOutDeskApi['getExportStatus']>(async ({ jobId }) => exports.status(jobId)),
    cancelExport: vi.fn<OptOutDeskApi['cancelExport']>(async ({ jobId }) => exports.cancel(jobId)),
    listReports: vi.fn<OptOutDeskApi['listReports']>(async () => exports.list()),
    showReportInFolder: vi.fn<OptOutDeskApi['showReportInFolder']>(async ({ reportId }) =>
      exports.find(reportId),
    ),
    openReport: vi.fn<OptOutDeskApi['openReport']>(async ({ reportId }) => exports.find(reportId)),
    openReportDialog: vi.fn<OptOutDeskApi['openReportDialog']>(async () => viewer.start(viewer.dialogPath)),
    openReportPath: vi.fn<OptOutDeskApi['openReportPath']>(async ({ path }) => {
      const started = viewer.start(path)
      return started.ok && started.data ? ok(started.data) : fail({ kind: 'internal', message: 'no job' })
    }),
    openReportFromHistory: vi.fn<OptOutDeskApi['openReportFromHistory']>(async ({ reportId }) => {
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
    getReportOpenStatus: vi.fn<OptOutDeskApi['getReportOpenStatus']>(async ({ jobId }) =>
      viewer.status(jobId),
    ),
    cancelReportOpen: vi.fn<OptOutDeskApi['cancelReportOpen']>(async ({ jobId }) => ok(viewer.cancel(jobId))),
    getOpenedReport: vi.fn<OptOutDeskApi['getOpenedReport']>(async () => ok(viewer.current())),
    closeReport: vi.fn<OptOutDeskApi['closeReport']>(async () => ok(viewer.close())),
  }
}

/** The report viewer in main: opening a report answers the scripted statuses in order, the last repeating. */
function viewerBackend(steps: ViewerStep[], dialogPath: string | null, initial: ReportInfo | null) {
  let opened = initial
  let job: { jobId: string; path: string; step: number; cancelled: boolean } | null = null
  let jobs = 0
  const nameOf = (path: string) => path.split(/[\\/]/).at(-1) ?? path
  return {
    dialogPath,
    start(path: string | null): Result<{ jobId: string } | null> {
      if (path === null) return ok(null)
      jobs += 1
      job = { jobId: `open-${jobs}`, path, step: 0, cancelled: false }
      return ok({ jobId: job.jobId })
    },
    status(jobId: string): Result<ReportOpenStatus> {
      if (!job || job.jobId !== jobId) return fail({ kind: 'internal', message: 'Unknown job.' })
      const fileName = nameOf(job.path)
      if (job.cancelled) return ok({ jobId, state: 'cancelled', fileName })
      const step = steps[Math.min(job.step, steps.length - 1)] ?? { state: 'done' }
      job.step += 1
      switch (step.state) {
        case 'reading':
          return ok({ jobId, fileName, totalBytes: 1000, ...step })
        case 'failed':
          return ok({ jobId, state: 'failed', fileName, errorMessage: step.errorMessage })
        case 'done':
          opened = makeReportInfo(job.path, step.report)
          return ok({ jobId, state: 'done', report: opened })
      }
    },
    cancel(jobId: string): boolean {
      if (!job || job.jobId !== jobId || job.cancelled) return false
      job.cancelled = true
      return true
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
  | { state: 'failed'; errorMessage: string }
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

type SearchRequest = Parameters<OptOutDeskApi['search']>[0]

/** The request of the `index`-th search call (negative counts from the end). */
export function searchRequest(api: FakeApi, index: number): SearchRequest {
  const call = api.search.mock.calls.at(index)
  if (!call) throw new Error(`No search call at ${index}; there were ${api.search.mock.calls.length}.`)
  return call[0]
}

export const lastSearchRequest = (api: FakeApi): SearchRequest => searchRequest(api, -1)

/** Like `array.find`, but a test failure instead of `undefined`. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}`)
  return value
}
