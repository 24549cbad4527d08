import { beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_EXPORTABLE_ROWS, type ExportPlan } from '../../../src/shared/exports'
import {
  exportUnavailableReason,
  useExportsStore,
  type ExportStatus,
} from '../../../src/renderer/src/stores/exports'
import { useReportHistoryStore } from '../../../src/renderer/src/stores/report-history'
import { followJobs } from '../../../src/renderer/src/stores/jobs'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import { fileNameOf, formatBytes, formatDuration } from '../../../src/renderer/src/lib/format'
import {
  deferred,
  done,
  fail,
  failed,
  installFakeApi,
  JOB_ID,
  makeReport,
  ok,
  running,
  type FakeApiOptions,
} from '../fake-api'

const store = () => useExportsStore.getState()

let unsubscribe: (() => void) | undefined
beforeEach(() => () => unsubscribe?.())

/** Main's fake, with the window following its job events as App does at start. */
async function withResults(options: FakeApiOptions = {}) {
  const api = installFakeApi(options)
  unsubscribe = followJobs()
  await useSearchStore.getState().search()
  return api
}

/** Lets the fake's scheduled events arrive. */
const events = () => new Promise((resolve) => setTimeout(resolve, 0))

const status = (rowsDone: number, rowsExpected: number, rowsPerSecond: number | null): ExportStatus => ({
  jobId: JOB_ID,
  kind: 'export',
  name: 'a.xlsx',
  filePath: '/a.xlsx',
  state: 'running',
  phase: 'writing',
  rowsDone,
  rowsExpected,
  bytesDone: 0,
  bytesTotal: 0,
  rowsPerSecond,
  startedAt: '2024-05-01T09:00:00.000Z',
})

describe('sizes and durations', () => {
  it('formats sizes and durations the way people read them', () => {
    expect(formatBytes(812)).toBe('812 bytes')
    expect(formatBytes(12_595)).toBe('12.3 KB')
    expect(formatBytes(1_572_864)).toBe('1.5 MB')
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB')
    expect(formatDuration(4)).toBe('a few seconds')
    expect(formatDuration(42)).toBe('42 s')
    expect(formatDuration(185)).toBe('3 min 5 s')
    expect(formatDuration(4320)).toBe('1 h 12 min')
    expect(fileNameOf('C:\\Reports\\a.xlsx')).toBe('a.xlsx')
    expect(fileNameOf('/home/officer/b.csv')).toBe('b.csv')
  })
})

describe('exports store', () => {
  it('says why the Export action is unavailable', async () => {
    expect(exportUnavailableReason('idle', null, false)).toMatch(/^Search first/)
    await withResults({ total: 0 })
    const empty = useSearchStore.getState().results
    expect(exportUnavailableReason('idle', empty, false)).toMatch(/^Nothing to export/)
    await withResults({ total: 10 })
    const results = useSearchStore.getState().results
    expect(exportUnavailableReason('idle', results, false)).toBeNull()
    expect(exportUnavailableReason('idle', results, true)).toBe('Wait for the search to finish.')
    expect(exportUnavailableReason('running', results, false)).toMatch(/^An export is running/)
    expect(exportUnavailableReason('done', results, false)).toBeNull()
  })

  it('starts a running job with the plan’s row count, follows main’s events until done, then refreshes the reports', async () => {
    const api = await withResults({ exportStatuses: [] })
    await store().begin({ scope: 'all', format: 'xlsx' })
    expect(store().phase).toBe('running')
    expect(store().status?.rowsExpected).toBe(12_345)
    expect(store().job).toEqual({ jobId: JOB_ID, filePath: expect.stringMatching(/\.xlsx$/) })
    expect(api.startExport).toHaveBeenCalledWith(expect.objectContaining({ planId: 'plan-1' }))

    api.emitExport(running(500, 12_345))
    expect(store().status?.rowsDone).toBe(500)
    api.emitExport(done())
    expect(store().phase).toBe('done')
    expect(store().status?.state === 'done' && store().status).toMatchObject({
      outcome: { rowsWritten: 12_345 },
    })
    expect(api.listReports).toHaveBeenCalledTimes(1)
    expect(api.acknowledgeJob).toHaveBeenCalledWith({ jobId: JOB_ID })
    // A late event for a job whose outcome is on screen changes nothing.
    api.emit('jobChanged', status(1, 12_345, null))
    expect(store().phase).toBe('done')
  })

  it('takes main’s events that arrive before the start answers', async () => {
    const api = await withResults({ exportStatuses: [] })
    api.startExport.mockImplementationOnce(async () => {
      // Main's registry announces the job (and here even finishes it) while the answer travels.
      api.emit('jobChanged', { ...status(10, 10, null), state: 'cancelled' })
      return ok({ jobId: JOB_ID, filePath: '/a.xlsx' })
    })
    await store().begin({ scope: 'page', format: 'xlsx' })
    expect(store().phase).toBe('cancelled')
  })

  it('stops, and never shows, a job that started after the user cancelled at the save dialog', async () => {
    const api = await withResults({ exportStatuses: [running(5, 10)] })
    const started = deferred<Awaited<ReturnType<typeof api.startExport>>>()
    api.startExport.mockReturnValueOnce(started.promise)
    const begun = store().begin({ scope: 'page', format: 'xlsx' })
    await store().cancel()
    expect(store().phase).toBe('cancelled')
    started.resolve(ok({ jobId: 'late-job', filePath: '/late.xlsx' }))
    await begun
    expect(api.cancelJob).toHaveBeenCalledWith({ jobId: 'late-job' })
    api.emit('jobChanged', { ...status(1, 10, null), jobId: 'late-job' })
    expect(store().phase).toBe('cancelled')
    expect(store().job).toBeNull()
  })

  it('one export at a time: a second begin while one runs is ignored', async () => {
    const api = await withResults({ exportStatuses: [running(1, 12_345)] })
    await store().begin({ scope: 'page', format: 'csv' })
    await store().begin({ scope: 'all', format: 'xlsx' })
    expect(api.startExport).toHaveBeenCalledTimes(1)
    expect(store().request?.format).toBe('csv')
  })

  it('waits for the user when the plan is over the cap, and starts nothing when declined', async () => {
    const api = await withResults({ exportTotal: MAX_EXPORTABLE_ROWS + 1 })
    await store().begin({ scope: 'all', format: 'csv' })
    expect(store().phase).toBe('confirming')
    expect(store().plan?.overCap).toBe(true)
    store().declinePartial()
    expect(store().phase).toBe('idle')
    expect(api.startExport).not.toHaveBeenCalled()
  })

  it('a failed job keeps main’s error and whether a file was left', async () => {
    await withResults({ exportStatuses: [running(1, 10), failed('Disk full. Free some space.')] })
    await store().begin({ scope: 'all', format: 'csv' })
    await events()
    expect(store().phase).toBe('failed')
    const ended = store().status
    expect(ended?.state === 'failed' && ended.error.message).toBe('Disk full. Free some space.')
    expect(ended?.state === 'failed' && ended.fileLeftBehind).toBe(false)
  })

  it('subscribes once, and asks main for its jobs once, at start', async () => {
    const api = await withResults()
    expect(api.on).toHaveBeenCalledTimes(1)
    expect(api.on).toHaveBeenCalledWith('jobChanged', expect.any(Function))
    expect(api.listJobs).toHaveBeenCalledTimes(1)
    expect(vi.isMockFunction(api.on)).toBe(true)
  })

  it('drops a late plan answer once the user cancelled', async () => {
    const api = await withResults()
    const plan = deferred<Awaited<ReturnType<typeof api.planExport>>>()
    api.planExport.mockReturnValueOnce(plan.promise)
    const begun = store().begin({ scope: 'all', format: 'xlsx' })
    expect(store().phase).toBe('planning')
    await store().cancel()
    expect(store().phase).toBe('cancelled')
    const answer: ExportPlan = {
      planId: 'plan-late',
      total: 5,
      rows: 5,
      reachableRows: 1_001_000,
      overCap: false,
      suggestedFileName: 'x',
      params: {},
    }
    plan.resolve(ok(answer))
    await begun
    expect(store().phase).toBe('cancelled')
    expect(api.startExport).not.toHaveBeenCalled()
  })

  it('keeps the job running and says so when cancelling fails', async () => {
    const api = await withResults({ exportStatuses: [running(1, 10)] })
    await store().begin({ scope: 'all', format: 'csv' })
    api.cancelJob.mockResolvedValueOnce(fail({ kind: 'internal', message: 'No answer.' }))
    await store().cancel()
    expect(store().phase).toBe('running')
    expect(store().cancelRequested).toBe(false)
    expect(store().cancelError?.message).toBe('No answer.')
    await store().cancel()
    expect(api.cancelJob).toHaveBeenCalledTimes(2)
    await events()
    expect(store().phase).toBe('cancelled')
  })

  it('shows the job’s outcome when cancel came too late', async () => {
    const api = await withResults({ exportStatuses: [done()] })
    await store().begin({ scope: 'page', format: 'xlsx' })
    api.cancelJob.mockResolvedValueOnce(ok(false))
    await store().cancel()
    await events()
    expect(store().phase).toBe('done')
  })

  it('sorts the reports newest first whatever order main gives', async () => {
    installFakeApi({
      reports: [
        makeReport('b', { createdAt: '2024-03-01T10:00:00.000Z' }),
        makeReport('c', { createdAt: '2024-06-01T10:00:00.000Z' }),
        makeReport('a', { createdAt: '2024-01-01T10:00:00.000Z' }),
      ],
    })
    const history = useReportHistoryStore.getState
    await history().loadReports()
    expect(history().reports?.map((report) => report.id)).toEqual(['c', 'b', 'a'])
    expect(history().reportsLoading).toBe(false)
  })
})
