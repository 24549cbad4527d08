import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConvosoClient } from '../../../../src/main/services/convoso/client'
import { daySpans } from '../../../../src/main/services/search/day-range-search'
import { createDayTotals } from '../../../../src/main/services/search/day-range-totals'
import { createSearchService } from '../../../../src/main/services/search/search-service'
import type { Credentials, Session } from '../../../../src/main/services/session/session'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import { EMPTY_FILTERS, type SearchFilters } from '../../../../src/shared/filters'
import type { OptOutRecord } from '../../../../src/shared/records'
import { ok } from '../../../../src/shared/result'
import { exportJobsSavingInto, settledJob } from '../../../support/jobs'
import { startFakeConvoso, type FakeConvosoServer } from '../../../support/convoso-server/fake-convoso'

const TOKEN = 'day-range-token-0001'

/** Records on five days, shuffled so the server's own order interleaves the days. */
function recordsOnDays(): OptOutRecord[] {
  const perDay: [string, number][] = [
    ['2024-03-31', 3],
    ['2024-04-01', 7],
    ['2024-04-02', 5],
    ['2024-04-03', 6],
    ['2024-04-04', 2],
  ]
  const records: OptOutRecord[] = []
  let id = 1000
  for (const [day, count] of perDay) {
    for (let index = 0; index < count; index += 1) {
      id += 1
      records.push({
        id: String(id),
        phone_number: String(8180000000 + id),
        phone_code: '1',
        reason: `Reason ${id}`,
        purpose: 'TELEMKT',
        insert_date: `${day} ${String(10 + index).padStart(2, '0')}:00:00`,
        campaign_id: '0',
        campaign_name: '',
      })
    }
  }
  // A fixed interleaving: every third record to the front, so no day's records sit together.
  return [...records.filter((_, index) => index % 3 === 0), ...records.filter((_, index) => index % 3 !== 0)]
}

const RECORDS = recordsOnDays()
const RANGE: SearchFilters = { ...EMPTY_FILTERS, insertDate: '2024-04-01', insertDateTo: '2024-04-03' }
/** The range's rows as the app must show them: day by day, each day in Convoso's order. */
const EXPECTED = ['2024-04-01', '2024-04-02', '2024-04-03'].flatMap((day) =>
  RECORDS.filter((record) => record.insert_date.startsWith(day)),
)

let server: FakeConvosoServer

beforeAll(async () => {
  server = await startFakeConvoso({ records: RECORDS, tokens: [TOKEN] })
})
afterAll(() => server.close())
afterEach(() => server.clearFaults())

/** Sources over `convoso` (the shared server unless told), with their own day-totals cache on `now`'s clock. */
function sources(now = () => Date.now(), convoso: FakeConvosoServer = server) {
  const { apiBase } = convoso
  const session = {
    credentials: async () => ok<Credentials>({ apiBase, token: TOKEN, tokenOrigin: new URL(apiBase).origin }),
  } as unknown as Session
  return createSearchSources({
    session,
    convoso: createConvosoClient(),
    dayTotals: createDayTotals({ now }),
    openedReport: () => undefined,
  })
}

const searches = () => server.requests.filter((request) => request.path.endsWith('/sms-opt-out/search'))

describe('day spans', () => {
  const days = [
    { day: 'a', total: 7 },
    { day: 'b', total: 0 },
    { day: 'c', total: 5 },
    { day: 'd', total: 6 },
  ]

  it('map a page to the days it covers, skipping empty days, crossing into the next day', () => {
    expect(daySpans(days, 0, 4)).toEqual([{ day: 'a', offset: 0, limit: 4 }])
    expect(daySpans(days, 4, 4)).toEqual([
      { day: 'a', offset: 4, limit: 3 },
      { day: 'c', offset: 0, limit: 1 },
    ])
    expect(daySpans(days, 5, 100)).toEqual([
      { day: 'a', offset: 5, limit: 2 },
      { day: 'c', offset: 0, limit: 5 },
      { day: 'd', offset: 0, limit: 6 },
    ])
  })

  it('are empty past the end of the range', () => {
    expect(daySpans(days, 18, 4)).toEqual([])
    expect(daySpans([], 0, 4)).toEqual([])
  })
})

describe('a search over an insert-date range (local Convoso server)', () => {
  it('pages through the days in ascending order with the sum of the day totals, one search per day', async () => {
    const service = createSearchService({ sources: sources() })
    const before = searches().length
    const pages: OptOutRecord[] = []
    for (let offset = 0; offset < EXPECTED.length; offset += 4) {
      const answer = await service.run({ requestId: `p${offset}`, filters: RANGE, offset, limit: 4 })
      if (!answer.ok) throw new Error(answer.error.message)
      expect(answer.data.page.total).toBe(18)
      expect(answer.data.params).toEqual({ insert_date: '2024-04-01', insert_date_to: '2024-04-03' })
      pages.push(...answer.data.page.records)
    }
    expect(pages.map((record) => record.id)).toEqual(EXPECTED.map((record) => record.id))
    // Every request named one day of the range; the app-side To never reached Convoso.
    const sent = searches().slice(before)
    for (const request of sent) {
      expect(['2024-04-01', '2024-04-02', '2024-04-03']).toContain(request.fields.insert_date)
      expect(request.fields).not.toHaveProperty('insert_date_to')
    }
  })

  it('asks each day its total once: a second page asks no totals again', async () => {
    const service = createSearchService({ sources: sources() })
    let asked = searches().length
    const first = await service.run({ requestId: 'a', filters: RANGE, offset: 0, limit: 4 })
    expect(first.ok).toBe(true)
    // Three totals (one per day), then the page: 4 rows of the first day.
    const firstRequests = searches().slice(asked)
    expect(firstRequests.filter((request) => request.fields.limit === '1')).toHaveLength(3)
    expect(firstRequests).toHaveLength(4)

    asked = searches().length
    // Rows 5–8: the last three of 2024-04-01 and the first of 2024-04-02.
    const second = await service.run({ requestId: 'b', filters: RANGE, offset: 4, limit: 4 })
    if (!second.ok) throw new Error(second.error.message)
    expect(second.data.page.records.map((record) => record.insert_date.slice(0, 10))).toEqual([
      '2024-04-01',
      '2024-04-01',
      '2024-04-01',
      '2024-04-02',
    ])
    const secondRequests = searches().slice(asked)
    expect(secondRequests.map((request) => [request.fields.insert_date, request.fields.offset])).toEqual([
      ['2024-04-01', '4'],
      ['2024-04-02', '0'],
    ])
  })

  it('asks the totals again once they are older than their lifetime', async () => {
    let clock = 1_000_000
    const service = createSearchService({ sources: sources(() => clock) })
    await service.run({ requestId: 'a', filters: RANGE, offset: 0, limit: 4 })
    clock += 11 * 60 * 1000
    const asked = searches().length
    await service.run({ requestId: 'b', filters: RANGE, offset: 0, limit: 4 })
    expect(
      searches()
        .slice(asked)
        .filter((request) => request.fields.limit === '1'),
    ).toHaveLength(3)
  })

  it('keeps other filters apart: a total of one campaign never answers for another', async () => {
    const service = createSearchService({ sources: sources() })
    const all = await service.run({ requestId: 'a', filters: RANGE, offset: 0, limit: 4 })
    const other = await service.run({
      requestId: 'b',
      filters: { ...RANGE, campaignId: '7' },
      offset: 0,
      limit: 4,
    })
    expect(all).toMatchObject({ ok: true, data: { page: { total: 18 } } })
    expect(other).toMatchObject({ ok: true, data: { page: { total: 0, records: [] } } })
  })

  it('a page reports the current total of the days it reads, while cached totals serve the others', async () => {
    const local = await startFakeConvoso({ records: RECORDS, tokens: [TOKEN] })
    try {
      const service = createSearchService({ sources: sources(undefined, local) })
      await service.run({ requestId: 'a', filters: RANGE, offset: 0, limit: 4 })
      const late = { ...(RECORDS[0] as OptOutRecord), id: '9999', insert_date: '2024-04-01 23:59:59' }
      local.addRecords([late], 'end')
      const next = await service.run({ requestId: 'b', filters: RANGE, offset: 4, limit: 2 })
      expect(next).toMatchObject({ ok: true, data: { page: { total: 19 } } })
    } finally {
      await local.close()
    }
  })

  it('a day that fails fails the whole page with a message naming the day, showing nothing', async () => {
    server.injectFault({ kind: 'convoso-error', code: 6006, text: 'Invalid Campaign ID' }, Infinity)
    const answer = await createSearchService({ sources: sources() }).run({
      requestId: 'f',
      filters: RANGE,
      offset: 0,
      limit: 4,
    })
    expect(answer).toMatchObject({ ok: false, error: { kind: 'convoso', code: '6006' } })
    if (!answer.ok) expect(answer.error.message).toMatch(/^The search of 2024-04-01 failed/)
  })

  it('a range in progress can be cancelled by its id', async () => {
    server.injectFault({ kind: 'latency', ms: 5000 }, Infinity)
    const service = createSearchService({ sources: sources() })
    const running = service.run({ requestId: 'c', filters: RANGE, offset: 0, limit: 4 })
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(0))
    expect(service.cancel('c')).toBe(true)
    expect(await running).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
  })
})

describe('exporting an insert-date range', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'day-range-export-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('"All" writes the rows of every day in the order the pages show them, and the report states the range', async () => {
    const shared = sources()
    const { jobs, registry } = exportJobsSavingInto(dir, shared)
    const request = { filters: RANGE, scope: 'all' as const, offset: 0, limit: 4 }
    // The user searched first: the plan then reuses the day totals and asks only for its one row.
    await createSearchService({ sources: shared }).run({
      requestId: 's',
      filters: RANGE,
      offset: 0,
      limit: 4,
    })
    const asked = searches().length
    const plan = await jobs.plan(request)
    expect(searches().length - asked).toBe(1)
    expect(plan).toMatchObject({ ok: true, data: { total: 18, rows: 18, overCap: false } })
    if (!plan.ok) return
    expect(plan.data.suggestedFileName).toContain('inserted-2024-04-01-to-2024-04-03')
    const started = await jobs.start({
      ...request,
      format: 'csv',
      acceptPartial: false,
      planId: plan.data.planId,
    })
    if (!started.ok || started.data === null) throw new Error('export did not start')
    expect(await settledJob(registry, started.data.jobId, 'export')).toMatchObject({
      state: 'done',
      outcome: { rowsWritten: 18, partial: false },
    })
    const csv = await readFile(started.data.filePath, 'utf8')
    const ids = csv
      .split('\r\n')
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => line.split(',')[0])
    expect(ids).toEqual(EXPECTED.map((record) => record.id))
    const report = JSON.parse(
      await readFile(started.data.filePath.replace(/\.csv$/, '.report.json'), 'utf8'),
    ) as {
      filters: string
      filtersAsSent: Record<string, string>
    }
    expect(report.filters).toBe('inserted 2024-04-01 to 2024-04-03')
    expect(report.filtersAsSent.insert_date).toBe(
      'each day from 2024-04-01 to 2024-04-03, one search per day',
    )
  })
})
