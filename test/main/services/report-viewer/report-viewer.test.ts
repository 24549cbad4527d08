import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CANNOT_OPEN_MESSAGE } from '../../../../src/main/lib/report-path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type {
  OpenedReport,
  OpenReportFile,
  OpenReportOptions,
} from '../../../../src/main/services/offline/types'
import { createReportViewer } from '../../../../src/main/services/report-viewer/report-viewer'
import { createReportHistory } from '../../../../src/main/services/reports/report-history'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import type { Session } from '../../../../src/main/services/session/session'
import type { ReportInfo } from '../../../../src/shared/offline'
import { createJobRegistry, type JobRegistry } from '../../../../src/main/jobs/job-registry'
import { settledJob } from '../../../support/jobs'
import { fail, ok } from '../../../../src/shared/result'
import { FakeConvoso } from '../../fakes'
import { ScriptedDialogs } from '../../../support/desktop-doubles'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-viewer-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

function info(path: string): ReportInfo {
  return {
    fileName: path.split('/').at(-1) ?? path,
    filePath: path,
    format: 'xlsx',
    fileBytes: 100,
    madeByApp: true,
    generatedAt: '2026-01-02T03:04:05.000Z',
    apiBase: 'https://api.convoso.com/v1',
    rowsRead: 1,
    recordedSha256: 'ab'.repeat(32),
    actualSha256: 'ab'.repeat(32),
    integrity: 'intact',
    integrityDetail: 'The rows match the hash recorded when the report was made.',
    partial: false,
  }
}

const ROW = {
  id: '1',
  phone_code: '1',
  phone_number: '5550001',
  reason: '',
  purpose: '',
  insert_date: '2026-01-01 00:00:00',
  campaign_id: '0',
  campaign_name: '',
}

/** Opens instantly, or waits for `release` when told to, reporting progress once. */
function fakeOpener() {
  const calls: { path: string; options?: OpenReportOptions }[] = []
  let release: (() => void) | undefined
  let hold = false
  const openReportFile: OpenReportFile = async (path, options) => {
    calls.push({ path, options })
    options?.onProgress?.({ bytesRead: 50, totalBytes: 100, rowsRead: 1 })
    if (hold) {
      await new Promise<void>((resolve) => {
        release = resolve
        options?.signal?.addEventListener('abort', () => resolve())
      })
    }
    if (options?.signal?.aborted) return fail({ kind: 'cancelled', message: 'Opening was cancelled.' })
    if (path.endsWith('broken.xlsx')) return fail({ kind: 'report-file', message: 'The file is damaged.' })
    const report: OpenedReport = {
      info: info(path),
      search: (_params, offset, limit) => ({
        offset,
        limit,
        total: 1,
        records: [ROW].slice(offset, offset + limit),
      }),
    }
    return ok(report)
  }
  return {
    openReportFile,
    calls,
    holdNext: () => {
      hold = true
    },
    release: () => release?.(),
  }
}

function setup() {
  const opener = fakeOpener()
  const dialog = new ScriptedDialogs()
  const history = createReportHistory({ directory: dir, log: () => undefined })
  const jobs = createJobRegistry({ log: () => undefined })
  const viewer = createReportViewer({
    openReportFile: opener.openReportFile,
    dialog,
    history,
    jobs,
    log: () => undefined,
  })
  latest = jobs
  return { opener, dialog, history, viewer, jobs }
}

let latest: JobRegistry | undefined

/** The open's status once it ended (of the latest setup). */
function settled(_viewer: unknown, jobId: string) {
  if (!latest) throw new Error('no setup')
  return settledJob(latest, jobId, 'open-report')
}

describe('report viewer', () => {
  it('opens the file chosen in the dialog and makes it the search source', async () => {
    const { viewer, dialog, opener } = setup()
    dialog.nextReportToOpen = join(dir, 'march.xlsx')
    const started = await viewer.openWithDialog()
    if (!started.ok || !started.data) throw new Error('no job')
    const done = await settled(viewer, started.data.jobId)
    expect(done).toMatchObject({
      kind: 'open-report',
      name: 'march.xlsx',
      state: 'done',
      outcome: { fileName: 'march.xlsx', integrity: 'intact' },
    })
    expect(opener.calls[0]?.path).toBe(join(dir, 'march.xlsx'))
    expect(viewer.currentInfo()?.fileName).toBe('march.xlsx')
    expect(viewer.close()?.fileName).toBe('march.xlsx')
    expect(viewer.currentInfo()).toBeNull()
  })

  it('a closed dialog opens nothing', async () => {
    const { viewer } = setup()
    expect(await viewer.openWithDialog()).toEqual(ok(null))
  })

  it('refuses anything but an absolute .xlsx or .csv path, before reading it', async () => {
    const { viewer, opener } = setup()
    const refused = { ok: false, error: { kind: 'report-file', message: CANNOT_OPEN_MESSAGE } }
    expect(viewer.openPath('relative/report.xlsx')).toEqual(refused)
    expect(viewer.openPath(join(dir, 'notes.txt'))).toEqual(refused)
    expect(viewer.openPath(join(dir, 'REPORT.CSV')).ok).toBe(true)
    // The read starts as a job, just after the answer.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(opener.calls.map((call) => call.path)).toEqual([join(dir, 'REPORT.CSV')])
  })

  it('a damaged file fails with its message and leaves the current report open', async () => {
    const { viewer } = setup()
    const first = viewer.openPath(join(dir, 'good.xlsx'))
    if (!first.ok) throw new Error('refused')
    await settled(viewer, first.data.jobId)
    const second = viewer.openPath(join(dir, 'broken.xlsx'))
    if (!second.ok) throw new Error('refused')
    expect(await settled(viewer, second.data.jobId)).toMatchObject({
      jobId: second.data.jobId,
      state: 'failed',
      name: 'broken.xlsx',
      error: { kind: 'report-file', message: 'The file is damaged.' },
      fileLeftBehind: false,
    })
    expect(viewer.currentInfo()?.fileName).toBe('good.xlsx')
  })

  it('reports progress while reading and can be cancelled', async () => {
    const { viewer, opener, jobs } = setup()
    opener.holdNext()
    const started = viewer.openPath(join(dir, 'big.xlsx'))
    if (!started.ok) throw new Error('refused')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(jobs.get(started.data.jobId)).toMatchObject({
      jobId: started.data.jobId,
      kind: 'open-report',
      state: 'running',
      phase: 'reading',
      name: 'big.xlsx',
      bytesDone: 50,
      bytesTotal: 100,
      rowsDone: 1,
      rowsExpected: null,
    })
    expect(jobs.cancel(started.data.jobId)).toEqual(ok(true))
    expect(await settled(viewer, started.data.jobId)).toMatchObject({
      state: 'cancelled',
      name: 'big.xlsx',
    })
    expect(jobs.cancel(started.data.jobId)).toEqual(ok(false))
    expect(viewer.currentInfo()).toBeNull()
  })

  it('one open at a time: a newer open cancels a slower older one', async () => {
    const { viewer, opener } = setup()
    opener.holdNext()
    const older = viewer.openPath(join(dir, 'slow.xlsx'))
    if (!older.ok) throw new Error('refused')
    await new Promise((resolve) => setTimeout(resolve, 0))
    const newer = viewer.openPath(join(dir, 'quick.csv'))
    if (!newer.ok) throw new Error('refused')
    expect(await settled(viewer, older.data.jobId)).toMatchObject({ state: 'cancelled' })
  })

  it('opens a report from the history by id, and says so when the file has gone', async () => {
    const { viewer, history } = setup()
    const present = join(dir, 'kept.xlsx')
    await writeFile(present, 'x')
    const entry = {
      createdAt: '2026-01-01T00:00:00.000Z',
      format: 'xlsx' as const,
      scope: 'all' as const,
      filtersDescription: 'All records',
      params: {},
      rowsWritten: 1,
      sha256: 'ab'.repeat(32),
      partial: false,
    }
    await history.add({ ...entry, id: 'kept', filePath: present })
    await history.add({ ...entry, id: 'gone', filePath: join(dir, 'gone.xlsx') })
    const opened = await viewer.openFromHistory('kept')
    if (!opened.ok) throw new Error(opened.error.message)
    expect(await settled(viewer, opened.data.jobId)).toMatchObject({ state: 'done' })
    const gone = await viewer.openFromHistory('gone')
    expect(gone).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(gone.ok ? '' : gone.error.message).toContain('"gone.xlsx" is no longer where it was saved')
    expect(await viewer.openFromHistory('unknown')).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
  })
})

describe('search sources', () => {
  const session = {
    credentials: async () => ok({ apiBase: 'https://api.convoso.com/v1', token: 'secret' }),
  } as unknown as Session

  it('searches the opened report while one is open, Convoso otherwise, with no token needed offline', async () => {
    const { viewer } = setup()
    const convoso = new FakeConvoso()
    const disconnected = {
      credentials: async () => fail({ kind: 'token-missing', message: 'Connect first.' }),
    } as unknown as Session
    const offline = createSearchSources({
      session: disconnected,
      convoso,
      openedReport: () => viewer.current(),
    })
    expect(await offline.current()).toMatchObject({ ok: false, error: { kind: 'token-missing' } })

    const started = viewer.openPath(join(dir, 'march.xlsx'))
    if (!started.ok) throw new Error('refused')
    await settled(viewer, started.data.jobId)
    const source = await offline.current()
    if (!source.ok) throw new Error(source.error.message)
    expect(source.data).toMatchObject({
      kind: 'report',
      apiBase: 'https://api.convoso.com/v1',
      exportSource: {
        fileName: 'march.xlsx',
        generatedAt: '2026-01-02T03:04:05.000Z',
        sha256: 'ab'.repeat(32),
      },
    })
    expect(await source.data.search({}, 0, 10)).toEqual(
      ok({ offset: 0, limit: 10, total: 1, records: [ROW] }),
    )
    expect(convoso.requests).toHaveLength(0)

    viewer.close()
    const live = await createSearchSources({
      session,
      convoso,
      openedReport: () => viewer.current(),
    }).current()
    expect(live).toMatchObject({ ok: true, data: { kind: 'convoso', apiBase: 'https://api.convoso.com/v1' } })
  })
})
