import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  exportUnavailableReason,
  useExportsStore,
  type ExportStatus,
} from '../../../src/renderer/src/stores/exports'
import { useReportHistoryStore } from '../../../src/renderer/src/stores/report-history'
import { followJobs } from '../../../src/renderer/src/stores/jobs'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import { fileNameOf, formatBytes, formatDuration } from '../../../src/renderer/src/lib/format'
import { settledJob } from '../../support/jobs'
import { installRealApi, type RendererApp, type RendererAppOptions } from '../../support/renderer/api'
import {
  beyondTheCap,
  faultAfterPlan,
  reportPath,
  runningJob,
  saveAs,
  STALL,
  storedReport,
  writeReportHistory,
} from '../../support/renderer/reports'
import { deferred } from '../../support/renderer/values'

const store = () => useExportsStore.getState()

let unsubscribe: (() => void) | undefined
beforeEach(() => () => unsubscribe?.())

/** The real main process, with the window following its job events as App does at start, and results on screen. */
async function withResults(options: RendererAppOptions = {}): Promise<RendererApp> {
  const app = await installRealApi(options)
  unsubscribe?.()
  unsubscribe = followJobs()
  await useSearchStore.getState().search()
  return app
}

const JOB_END = { timeout: 60_000 }

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
    await installRealApi()
    useSearchStore.getState().setFilter('campaignId', '999999')
    await useSearchStore.getState().search()
    const empty = useSearchStore.getState().results
    expect(empty?.total).toBe(0)
    expect(exportUnavailableReason('idle', empty, false)).toMatch(/^Nothing to export/)
    useSearchStore.getState().setFilter('campaignId', '')
    await withResults({ recordCount: 10 })
    const results = useSearchStore.getState().results
    expect(results?.total).toBe(10)
    expect(exportUnavailableReason('idle', results, false)).toBeNull()
    expect(exportUnavailableReason('idle', results, true)).toBe('Wait for the search to finish.')
    expect(exportUnavailableReason('running', results, false)).toMatch(/^An export is running/)
    expect(exportUnavailableReason('done', results, false)).toBeNull()
  })

  it('starts a running job with the plan’s row count, follows main’s events until done, then refreshes the reports', async () => {
    const app = await withResults()
    const path = await saveAs(app, 'all.xlsx')
    const release = app.holdEvents()
    await store().begin({ scope: 'all', format: 'xlsx' })
    expect(store().phase).toBe('running')
    expect(store().status?.rowsExpected).toBe(app.records.length)
    const { jobId } = store().job ?? { jobId: '' }
    expect(store().job).toEqual({ jobId, filePath: path })
    const plan = await app.api.planExport.mock.results[0]?.value
    const planId = plan?.ok ? plan.data.planId : 'no plan'
    expect(app.api.startExport).toHaveBeenCalledWith(expect.objectContaining({ planId }))

    release()
    await vi.waitFor(() => expect(store().phase).toBe('done'), JOB_END)
    expect(store().status?.state === 'done' && store().status).toMatchObject({
      outcome: { rowsWritten: app.records.length, filePath: path },
    })
    await vi.waitFor(() => expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId }))
    expect(app.api.listReports).toHaveBeenCalledTimes(1)
    // A late event for a job whose outcome is on screen changes nothing.
    app.deliver('jobChanged', runningJob('export', jobId, path, 1, app.records.length))
    expect(store().phase).toBe('done')
  })

  it('takes main’s events that arrive before the start answers', async () => {
    const app = await withResults()
    await saveAs(app, 'page.xlsx')
    app.api.startExport.mockImplementationOnce(async (request) => {
      // Main's registry announces the job (and here even finishes it) while the answer travels.
      const answer = await app.call('startExport', request)
      if (answer.ok && answer.data) await settledJob(app.core.jobs, answer.data.jobId, 'export')
      await app.eventsDelivered()
      return answer
    })
    await store().begin({ scope: 'page', format: 'xlsx' })
    expect(store().phase).toBe('done')
  })

  it('stops, and never shows, a job that started after the user cancelled at the save dialog', async () => {
    const app = await withResults()
    await saveAs(app, 'late.xlsx')
    const gate = deferred<undefined>()
    app.api.startExport.mockImplementationOnce(async (request) => {
      await gate.promise
      app.server.injectFault(STALL, Infinity)
      return app.call('startExport', request)
    })
    const begun = store().begin({ scope: 'all', format: 'xlsx' })
    await vi.waitFor(() => expect(app.api.startExport).toHaveBeenCalled())
    await store().cancel()
    expect(store().phase).toBe('cancelled')
    gate.resolve(undefined)
    await begun
    const started = await app.api.startExport.mock.results[0]?.value
    const jobId: string = started.data.jobId
    expect(app.api.cancelJob).toHaveBeenCalledWith({ jobId })
    expect((await settledJob(app.core.jobs, jobId, 'export')).state).toBe('cancelled')
    await app.eventsDelivered()
    expect(store().phase).toBe('cancelled')
    expect(store().job).toBeNull()
  })

  it('one export at a time: a second begin while one runs is ignored', async () => {
    const app = await withResults()
    await saveAs(app, 'first.csv')
    faultAfterPlan(app, STALL)
    await store().begin({ scope: 'all', format: 'csv' })
    await store().begin({ scope: 'all', format: 'xlsx' })
    expect(app.api.startExport).toHaveBeenCalledTimes(1)
    expect(store().request?.format).toBe('csv')
  })

  it('waits for the user when the plan is over the cap, and starts nothing when declined', async () => {
    const base = (await installRealApi()).records
    const app = await withResults({ records: beyondTheCap(base) })
    await store().begin({ scope: 'all', format: 'csv' })
    expect(store().phase).toBe('confirming')
    expect(store().plan?.overCap).toBe(true)
    store().declinePartial()
    expect(store().phase).toBe('idle')
    expect(app.api.startExport).not.toHaveBeenCalled()
  })

  it('a failed job keeps main’s error and whether a file was left', async () => {
    const app = await withResults()
    await saveAs(app, 'failing.csv')
    faultAfterPlan(app, { kind: 'convoso-error', code: 6026, text: 'Missing or Invalid Country Code' })
    await store().begin({ scope: 'all', format: 'csv' })
    await vi.waitFor(() => expect(store().phase).toBe('failed'), JOB_END)
    // What main last said about the job (the window has acknowledged it since, so the registry no longer holds it).
    const inMain = app.events.at(-1)?.payload as ExportStatus
    const ended = store().status
    expect(inMain.state).toBe('failed')
    expect(ended?.state === 'failed' && ended.error.message).toMatch(/Missing or Invalid Country Code/)
    if (inMain.state !== 'failed' || ended?.state !== 'failed') return
    expect(ended.error).toEqual(inMain.error)
    expect(ended.fileLeftBehind).toBe(inMain.fileLeftBehind)
    expect(ended.fileLeftBehind).toBe(false)
  })

  it('subscribes once, and asks main for its jobs once, at start', async () => {
    const app = await withResults()
    expect(app.api.on).toHaveBeenCalledTimes(1)
    expect(app.api.on).toHaveBeenCalledWith('jobChanged', expect.any(Function))
    expect(app.api.listJobs).toHaveBeenCalledTimes(1)
  })

  it('drops a late plan answer once the user cancelled', async () => {
    const app = await withResults()
    const gate = deferred<undefined>()
    app.api.planExport.mockImplementationOnce(async (request) => {
      await gate.promise
      return app.call('planExport', request)
    })
    const begun = store().begin({ scope: 'all', format: 'xlsx' })
    expect(store().phase).toBe('planning')
    await store().cancel()
    expect(store().phase).toBe('cancelled')
    gate.resolve(undefined)
    await begun
    expect(await app.api.planExport.mock.results[0]?.value).toMatchObject({ ok: true })
    expect(store().phase).toBe('cancelled')
    expect(app.api.startExport).not.toHaveBeenCalled()
  })

  it('keeps the job running and says so when cancelling fails', async () => {
    const app = await withResults()
    await saveAs(app, 'running.csv')
    faultAfterPlan(app, STALL)
    await store().begin({ scope: 'all', format: 'csv' })
    // Main answers a cancel with a failure only when something inside it breaks (the dispatcher's
    // `internal` answer); the real service cannot be made to, so that one answer is played.
    app.api.cancelJob.mockResolvedValueOnce({ ok: false, error: { kind: 'internal', message: 'No answer.' } })
    await store().cancel()
    expect(store().phase).toBe('running')
    expect(store().cancelRequested).toBe(false)
    expect(store().cancelError?.message).toBe('No answer.')
    await store().cancel()
    expect(app.api.cancelJob).toHaveBeenCalledTimes(2)
    await vi.waitFor(() => expect(store().phase).toBe('cancelled'), JOB_END)
  })

  it('shows the job’s outcome when cancel came too late', async () => {
    const app = await withResults()
    await saveAs(app, 'quick.xlsx')
    const release = app.holdEvents()
    await store().begin({ scope: 'page', format: 'xlsx' })
    const jobId = store().job?.jobId ?? ''
    expect((await settledJob(app.core.jobs, jobId, 'export')).state).toBe('done')
    await store().cancel()
    expect(await app.api.cancelJob.mock.results[0]?.value).toEqual({ ok: true, data: false })
    release()
    await vi.waitFor(() => expect(store().phase).toBe('done'), JOB_END)
  })

  it('sorts the reports newest first whatever order main gives', async () => {
    const app = await installRealApi()
    await writeReportHistory(app, [
      storedReport('b', await reportPath(app, 'b.xlsx'), { createdAt: '2024-03-01T10:00:00.000Z' }),
      storedReport('c', await reportPath(app, 'c.xlsx'), { createdAt: '2024-06-01T10:00:00.000Z' }),
      storedReport('a', await reportPath(app, 'a.xlsx'), { createdAt: '2024-01-01T10:00:00.000Z' }),
    ])
    const history = useReportHistoryStore.getState
    await history().loadReports()
    expect(history().reports?.map((report) => report.id)).toEqual(['c', 'b', 'a'])
    expect(history().reportsLoading).toBe(false)
  })
})
