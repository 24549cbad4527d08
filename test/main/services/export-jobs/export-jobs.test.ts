import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createExportJobs,
  PLAN_REUSE_MS,
  type ExportRunner,
  type ExportRunRequest,
} from '../../../../src/main/services/export-jobs/export-jobs'
import {
  filterSummary,
  suggestedReportName,
} from '../../../../src/main/services/export-jobs/report-file-name'
import { createJobRegistry, type JobRegistry } from '../../../../src/main/jobs/job-registry'
import { createReportHistory } from '../../../../src/main/services/reports/report-history'
import type { Session } from '../../../../src/main/services/session/session'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import { settledJob } from '../../../support/jobs'
import { fail, ok } from '../../../../src/shared/result'
import { FakeConvoso } from '../../fakes'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-jobs-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const credentials = { apiBase: 'https://api.convoso.com/v1', token: 'secret-token' }
const session = { credentials: async () => ok(credentials) } as unknown as Session
const request = {
  filters: { ...EMPTY_FILTERS, campaignId: '0' },
  scope: 'all' as const,
  offset: 0,
  limit: 100,
}

function setup(total: number, runner?: ExportRunner) {
  const convoso = new FakeConvoso()
  convoso.respond = async () => ok({ offset: 0, limit: 1, total, records: [] })
  const history = createReportHistory({ directory: dir, log: () => undefined })
  const dialog = {
    chooseReportPath: vi.fn(async (name: string) => join(dir, name)),
    confirmReplace: vi.fn(async (_fileName: string) => true),
  }
  const shell = { showInFolder: vi.fn(), open: vi.fn(async () => '') }
  const runs: ExportRunRequest[] = []
  const runExport: ExportRunner =
    runner ??
    (async (run) => {
      runs.push(run)
      run.onProgress({ phase: 'writing', rowsWritten: 10, total })
      await writeFile(run.filePath, 'report')
      return ok({
        filePath: run.filePath,
        fileSizeBytes: 6,
        rowsWritten: Math.min(total, 1_001_000),
        partial: total > 1_001_000,
        sha256: 'ab'.repeat(32),
        duplicatesRemoved: 0,
        dataChanged: false,
      })
    })
  const registry = createJobRegistry({ log: () => undefined })
  const clock = { now: new Date(2026, 10, 26, 9, 5) }
  const jobs = createExportJobs({
    sources: createSearchSources({ session, convoso, openedReport: () => undefined }),
    history,
    dialog,
    shell,
    runExport,
    jobs: registry,
    concurrency: async () => 3,
    log: () => undefined,
    now: () => clock.now,
  })
  const made = { jobs, registry, dialog, shell, runs, convoso, clock }
  latest = made
  return made
}

let latest: { registry: JobRegistry } | undefined

/** The job's status once it ended (of the latest setup). */
function settled(jobId: string) {
  if (!latest) throw new Error('no setup')
  return settledJob(latest.registry, jobId, 'export')
}

describe('report file names', () => {
  it('summarises the filters in a few safe words', () => {
    expect(filterSummary({})).toBe('all')
    expect(filterSummary({ campaign_id: '0', reason: '-BLANK-' })).toBe('global_no-reason')
    expect(filterSummary({ campaign_id: '42', purpose: 'TELE MKT/é' })).toBe('campaign-42_purpose-tele-mkte')
    expect(suggestedReportName({ campaign_id: '0' }, new Date(2026, 0, 5, 7, 3))).toBe(
      'sms-opt-outs_global_2026-01-05_0703',
    )
  })
})

describe('export jobs', () => {
  it('plans with Convoso’s total and says when a filter is over the offset cap', async () => {
    expect(await setup(12_345).jobs.plan(request)).toMatchObject({
      ok: true,
      data: {
        total: 12_345,
        rows: 12_345,
        overCap: false,
        suggestedFileName: 'sms-opt-outs_global_2026-11-26_0905',
      },
    })
    expect(await setup(1_500_000).jobs.plan(request)).toMatchObject({
      ok: true,
      data: { total: 1_500_000, rows: 1_001_000, overCap: true },
    })
    expect(await setup(250).jobs.plan({ ...request, scope: 'page', offset: 200, limit: 100 })).toMatchObject({
      ok: true,
      data: { rows: 50 },
    })
  })

  it('refuses an over-cap export unless the user accepted a partial one, before any dialog', async () => {
    const { jobs, dialog } = setup(1_500_000)
    const refused = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringMatching(/narrow/i) },
    })
    expect(dialog.chooseReportPath).not.toHaveBeenCalled()
  })

  it('runs an export in the background, reports progress and records it in the history', async () => {
    const { jobs, runs, dialog } = setup(500)
    const started = await jobs.start({ ...request, format: 'csv', acceptPartial: false })
    if (!started.ok || !started.data) throw new Error('not started')
    expect(dialog.chooseReportPath).toHaveBeenCalledWith(
      'sms-opt-outs_global_2026-11-26_0905.csv',
      undefined,
      'csv',
    )
    const done = await settled(started.data.jobId)
    expect(done).toMatchObject({
      state: 'done',
      kind: 'export',
      name: 'sms-opt-outs_global_2026-11-26_0905.csv',
      rowsDone: 500,
      outcome: { filePath: started.data.filePath, rowsWritten: 500 },
    })
    expect(runs[0]).toMatchObject({
      source: { kind: 'convoso', apiBase: credentials.apiBase },
      params: { campaign_id: '0' },
      scope: { kind: 'all' },
      format: 'csv',
    })
    const reports = await jobs.listReports()
    expect(reports).toMatchObject({
      ok: true,
      data: [{ rowsWritten: 500, exists: true, filtersDescription: 'global' }],
    })
  })

  it('proposes the last-used folder next time', async () => {
    const { jobs, dialog } = setup(5)
    const first = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    if (first.ok && first.data) await settled(first.data.jobId)
    const second = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    expect(dialog.chooseReportPath).toHaveBeenLastCalledWith(expect.any(String), dir, 'xlsx')
    if (second.ok && second.data) await settled(second.data.jobId)
  })

  it('closing the save dialog starts nothing', async () => {
    const { jobs, dialog, runs } = setup(5)
    dialog.chooseReportPath.mockResolvedValueOnce(null as unknown as string)
    expect(await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })).toEqual({
      ok: true,
      data: null,
    })
    expect(runs).toHaveLength(0)
  })

  it('finding 9: asks before replacing the .report.json beside a CSV, and starts nothing when told no', async () => {
    const { jobs, dialog, runs } = setup(5)
    const name = 'sms-opt-outs_global_2026-11-26_0905'
    await writeFile(join(dir, `${name}.report.json`), '{"kind":"someone else\'s"}')
    dialog.confirmReplace.mockResolvedValueOnce(false)
    expect(await jobs.start({ ...request, format: 'csv', acceptPartial: false })).toEqual({
      ok: true,
      data: null,
    })
    expect(dialog.confirmReplace).toHaveBeenCalledWith(`${name}.report.json`)
    expect(runs).toHaveLength(0)

    const replaced = await jobs.start({ ...request, format: 'csv', acceptPartial: false })
    if (!replaced.ok || !replaced.data) throw new Error('not started')
    await settled(replaced.data.jobId)
    expect(dialog.confirmReplace).toHaveBeenCalledTimes(2)
    expect(runs).toHaveLength(1)
  })

  it('finding 9: does not ask when there is no .report.json to replace, nor for a workbook', async () => {
    const { jobs, dialog } = setup(5)
    for (const format of ['csv', 'xlsx'] as const) {
      const started = await jobs.start({ ...request, format, acceptPartial: false })
      if (!started.ok || !started.data) throw new Error('not started')
      await settled(started.data.jobId)
    }
    expect(dialog.confirmReplace).not.toHaveBeenCalled()
  })

  it('one export at a time; cancel aborts the runner and the job ends cancelled', async () => {
    const { jobs, registry } = setup(5, (run) => {
      return new Promise((resolve) =>
        run.signal.addEventListener('abort', () =>
          resolve(fail({ kind: 'cancelled', message: 'Export cancelled; no file was written.' })),
        ),
      )
    })
    const started = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    if (!started.ok || !started.data) throw new Error('not started')
    expect(await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })).toMatchObject({
      ok: false,
      error: { kind: 'busy', message: expect.stringMatching(/already running/) },
    })
    expect(registry.cancel(started.data.jobId)).toEqual({ ok: true, data: true })
    expect(await settled(started.data.jobId)).toMatchObject({ state: 'cancelled' })
    expect(registry.cancel(started.data.jobId)).toEqual({ ok: true, data: false })
  })

  it('a failed export reports the runner’s message and records nothing', async () => {
    const { jobs } = setup(5, async () =>
      fail({ kind: 'token-rejected', message: 'Convoso rejected the token; no file was written.' }),
    )
    const started = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    if (!started.ok || !started.data) throw new Error('not started')
    expect(await settled(started.data.jobId)).toMatchObject({
      state: 'failed',
      error: { kind: 'token-rejected', message: 'Convoso rejected the token; no file was written.' },
      fileLeftBehind: false,
    })
    expect(await jobs.listReports()).toEqual({ ok: true, data: [] })
  })

  it('shows and opens only files from the history, and says when one went missing', async () => {
    const { jobs, shell } = setup(5)
    const started = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    if (!started.ok || !started.data) throw new Error('not started')
    const done = await settled(started.data.jobId)
    const reportId = done.state === 'done' ? done.outcome.reportId : ''
    expect(await jobs.showInFolder(reportId)).toEqual({ ok: true, data: null })
    expect(shell.showInFolder).toHaveBeenCalledWith(started.data.filePath)
    expect(await jobs.open('not-a-report')).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    await rm(started.data.filePath)
    const listed = await jobs.listReports()
    expect(listed).toMatchObject({ ok: true, data: [{ exists: false }] })
    expect(await jobs.open(reportId)).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/moved or deleted/) },
    })
    expect(shell.open).not.toHaveBeenCalled()
  })

  it('says from the disk when a failed export left a file where none was before', async () => {
    const { jobs } = setup(5, async (run) => {
      await writeFile(run.filePath, 'half a report')
      return fail({ kind: 'network', message: 'Convoso stopped answering.' })
    })
    const started = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    if (!started.ok || !started.data) throw new Error('not started')
    expect(await settled(started.data.jobId)).toMatchObject({
      state: 'failed',
      fileLeftBehind: true,
      filePath: started.data.filePath,
    })
  })

  it('a runner that throws ends the job failed, with no raw text for the window', async () => {
    const { jobs } = setup(5, async () => {
      throw new Error('EACCES: secret internals at /private/path')
    })
    const started = await jobs.start({ ...request, format: 'xlsx', acceptPartial: false })
    if (!started.ok || !started.data) throw new Error('not started')
    const ended = await settled(started.data.jobId)
    expect(ended).toMatchObject({ state: 'failed', error: { kind: 'internal' }, fileLeftBehind: false })
    expect(JSON.stringify(ended)).not.toMatch(/EACCES|private/)
  })
})

describe('export all plans once', () => {
  const all = { ...request, format: 'xlsx' as const, acceptPartial: false }

  it('the start reuses a recent plan for the same filters: no second probe, no second reach check', async () => {
    const { jobs, convoso } = setup(5_000)
    const plan = await jobs.plan(request)
    if (!plan.ok) throw new Error('no plan')
    const asked = convoso.requests.length
    expect(asked).toBe(2)
    const started = await jobs.start({ ...all, planId: plan.data.planId })
    if (!started.ok || !started.data) throw new Error('not started')
    expect(convoso.requests.length).toBe(asked)
    await settled(started.data.jobId)
  })

  it('reuses the plan’s over-cap answer: a partial start needs no new count', async () => {
    const { jobs, convoso } = setup(1_500_000)
    const plan = await jobs.plan(request)
    if (!plan.ok) throw new Error('no plan')
    const asked = convoso.requests.length
    const refused = await jobs.start({ ...all, planId: plan.data.planId })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } })
    const started = await jobs.start({ ...all, acceptPartial: true, planId: plan.data.planId })
    if (!started.ok || !started.data) throw new Error('not started')
    expect(convoso.requests.length).toBe(asked)
    await settled(started.data.jobId)
  })

  it('asks again for other filters, an unknown plan, or a plan older than ten minutes', async () => {
    const { jobs, convoso, clock } = setup(5_000)
    const plan = await jobs.plan(request)
    if (!plan.ok) throw new Error('no plan')
    let asked = convoso.requests.length

    const other = await jobs.start({
      ...all,
      filters: { ...EMPTY_FILTERS, campaignId: '7' },
      planId: plan.data.planId,
    })
    if (!other.ok || !other.data) throw new Error('not started')
    await settled(other.data.jobId)
    expect(convoso.requests.length).toBeGreaterThan(asked)
    asked = convoso.requests.length

    const unknown = await jobs.start({ ...all, planId: 'no-such-plan' })
    if (!unknown.ok || !unknown.data) throw new Error('not started')
    await settled(unknown.data.jobId)
    expect(convoso.requests.length).toBeGreaterThan(asked)
    asked = convoso.requests.length

    clock.now = new Date(clock.now.getTime() + PLAN_REUSE_MS + 1)
    const stale = await jobs.start({ ...all, planId: plan.data.planId })
    if (!stale.ok || !stale.data) throw new Error('not started')
    await settled(stale.data.jobId)
    expect(convoso.requests.length).toBeGreaterThan(asked)
  })
})
