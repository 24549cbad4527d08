import { describe, expect, it } from 'vitest'
import { MAX_EXPORTABLE_ROWS, type ExportJobStatus, type ExportPlan } from '../../../src/shared/exports'
import {
  addSample,
  exportUnavailableReason,
  measureSpeed,
  secondsLeft,
  SPEED_WINDOW_MS,
  useExportsStore,
} from '../../../src/renderer/src/stores/exports'
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

async function withResults(options: FakeApiOptions = {}) {
  const api = installFakeApi(options)
  await useSearchStore.getState().search()
  return api
}

const status = (rowsWritten: number, rowsExpected: number): ExportJobStatus => ({
  jobId: JOB_ID,
  state: 'running',
  rowsWritten,
  rowsExpected,
  startedAt: '2024-05-01T09:00:00.000Z',
})

describe('speed and time left', () => {
  it('measures rows per second over the samples once they span a second', () => {
    expect(measureSpeed([{ at: 0, rows: 0 }])).toBeNull()
    expect(
      measureSpeed([
        { at: 0, rows: 0 },
        { at: 500, rows: 4000 },
      ]),
    ).toBeNull()
    expect(
      measureSpeed([
        { at: 0, rows: 0 },
        { at: 1000, rows: 0 },
        { at: 2000, rows: 6000 },
      ]),
    ).toBe(3000)
  })

  it('forgets samples older than the window, so the speed follows the recent pace', () => {
    let samples = [{ at: 0, rows: 0 }]
    // 10,000 rows/s for ten seconds, then 1,000 rows/s.
    for (let t = 1; t <= 10; t += 1) samples = addSample(samples, { at: t * 1000, rows: t * 10_000 })
    for (let t = 11; t <= 20; t += 1) {
      samples = addSample(samples, { at: t * 1000, rows: 100_000 + (t - 10) * 1000 })
    }
    expect(samples[0]?.at).toBeGreaterThanOrEqual(20_000 - SPEED_WINDOW_MS - 1000)
    expect(measureSpeed(samples)).toBe(1000)
  })

  it('gives time left only when the speed is known and above zero', () => {
    expect(secondsLeft(status(1000, 11_000), 500)).toBe(20)
    expect(secondsLeft(status(1000, 11_000), null)).toBeNull()
    expect(secondsLeft(status(1000, 11_000), 0)).toBeNull()
  })

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

  it('starts a running job with the plan’s row count and polls until done, then refreshes the reports', async () => {
    const api = await withResults({ exportStatuses: [running(500, 12_345), done()] })
    await store().begin({ scope: 'all', format: 'xlsx' })
    expect(store().phase).toBe('running')
    expect(store().status?.rowsExpected).toBe(12_345)
    expect(store().job).toEqual({ jobId: JOB_ID, filePath: expect.stringMatching(/\.xlsx$/) })

    expect(await store().pollStatus()).toBe(true)
    expect(store().status?.rowsWritten).toBe(500)
    expect(await store().pollStatus()).toBe(false)
    expect(store().phase).toBe('done')
    expect(store().status?.result?.rowsWritten).toBe(12_345)
    expect(api.listReports).toHaveBeenCalledTimes(1)
    // Nothing more to ask once the job ended.
    expect(await store().pollStatus()).toBe(false)
    expect(api.getExportStatus).toHaveBeenCalledTimes(2)
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

  it('a failed job keeps main’s message; a failed status call pauses polling until resumed', async () => {
    const api = await withResults({ exportStatuses: [running(1, 10), failed('Disk full. Free some space.')] })
    await store().begin({ scope: 'all', format: 'csv' })
    api.getExportStatus.mockResolvedValueOnce(fail({ kind: 'internal', message: 'Lost contact.' }))
    expect(await store().pollStatus()).toBe(false)
    expect(store().statusError?.message).toBe('Lost contact.')
    expect(await store().pollStatus()).toBe(false)
    expect(api.getExportStatus).toHaveBeenCalledTimes(1)
    store().resumePolling()
    expect(await store().pollStatus()).toBe(true)
    expect(await store().pollStatus()).toBe(false)
    expect(store().phase).toBe('failed')
    expect(store().status?.errorMessage).toBe('Disk full. Free some space.')
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
    api.cancelExport.mockResolvedValueOnce(fail({ kind: 'internal', message: 'No answer.' }))
    await store().cancel()
    expect(store().phase).toBe('running')
    expect(store().cancelRequested).toBe(false)
    expect(store().cancelError?.message).toBe('No answer.')
    await store().cancel()
    expect(api.cancelExport).toHaveBeenCalledTimes(2)
    expect(await store().pollStatus()).toBe(false)
    expect(store().phase).toBe('cancelled')
  })

  it('shows the job’s outcome when cancel came too late', async () => {
    const api = await withResults({ exportStatuses: [done()] })
    await store().begin({ scope: 'page', format: 'xlsx' })
    api.cancelExport.mockResolvedValueOnce(ok(false))
    await store().cancel()
    await store().pollStatus()
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
    await store().loadReports()
    expect(store().reports?.map((report) => report.id)).toEqual(['c', 'b', 'a'])
    expect(store().reportsLoading).toBe(false)
  })
})
