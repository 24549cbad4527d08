import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createConvosoClient } from '../../../../src/main/services/convoso/client'
import { createOffsetLimits, type OffsetProbe } from '../../../../src/main/services/convoso/offset-limits'
import { exportJobsSavingInto, settledJob } from '../../../support/jobs'
import { createSearchService } from '../../../../src/main/services/search/search-service'
import type { Credentials, Session } from '../../../../src/main/services/session/session'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import { generateDemoRecords } from '../../../../src/main/services/demo-convoso/dataset'
import { startFakeConvoso, type FakeConvosoServer } from '../../../support/convoso-server/fake-convoso'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import { MAX_OFFSET } from '../../../../src/shared/paging'
import { fail, ok } from '../../../../src/shared/result'

const refusal = fail({
  kind: 'convoso',
  message: 'refused',
  code: '7231',
  serverText: 'Invalid offset value',
})
const page = ok({ offset: 0, limit: 1, total: 10, records: [] })

/** A host that serves offsets up to `limit`, counting the probes it gets. */
function hostWithLimit(limit: number) {
  const asked: number[] = []
  const probe: OffsetProbe = async (offset) => {
    asked.push(offset)
    return offset <= limit ? page : refusal
  }
  return { probe, asked }
}

describe('offset limits', () => {
  it('assume the documented 1,000,000 until a host refuses', () => {
    expect(createOffsetLimits().maxOffset('https://api.convoso.com/v1')).toBe(MAX_OFFSET)
  })

  it.each([100_000, 99_999, 1, 0, 250_000, 999_999])(
    'find a limit of %i exactly from a refusal, in at most 21 one-row probes',
    async (limit) => {
      const limits = createOffsetLimits()
      const host = hostWithLimit(limit)
      expect(await limits.learn('https://api.convoso.com/v1', 1_000_000, host.probe)).toBe(limit)
      expect(limits.maxOffset('https://api.convoso.com/v1')).toBe(limit)
      expect(host.asked.length).toBeLessThanOrEqual(21)
    },
  )

  it('are kept per API host', async () => {
    const limits = createOffsetLimits()
    await limits.learn('https://staging.example.com/v1', 500_000, hostWithLimit(1000).probe)
    expect(limits.maxOffset('https://staging.example.com/v1')).toBe(1000)
    expect(limits.maxOffset('https://STAGING.example.com/other')).toBe(1000)
    expect(limits.maxOffset('https://api.convoso.com/v1')).toBe(MAX_OFFSET)
  })

  it('search only above the highest offset already served', async () => {
    const limits = createOffsetLimits()
    limits.accepted('https://a.example/v1', 90_000)
    const host = hostWithLimit(100_000)
    expect(await limits.learn('https://a.example/v1', 110_000, host.probe)).toBe(100_000)
    expect(Math.min(...host.asked)).toBeGreaterThan(90_000)
  })

  it('start again when a host refuses below what it once served (its limit was lowered)', async () => {
    const limits = createOffsetLimits()
    limits.accepted('https://a.example/v1', 500_000)
    expect(await limits.learn('https://a.example/v1', 200_000, hostWithLimit(50_000).probe)).toBe(50_000)
  })

  it('learn nothing when a probe fails for another reason', async () => {
    const limits = createOffsetLimits()
    const probe: OffsetProbe = async () => fail({ kind: 'network', message: 'offline' })
    expect(await limits.learn('https://a.example/v1', 200_000, probe)).toBeUndefined()
    expect(limits.maxOffset('https://a.example/v1')).toBe(MAX_OFFSET)
  })

  it('know which offsets a host has already served', () => {
    const limits = createOffsetLimits()
    expect(limits.served('https://a.example/v1', 2000)).toBe(false)
    limits.accepted('https://a.example/v1', 2000)
    expect(limits.served('https://a.example/v1', 2000)).toBe(true)
    expect(limits.served('https://a.example/v1', 2001)).toBe(false)
    expect(limits.served('https://b.example/v1', 1000)).toBe(false)
  })

  it('raise a learned limit again when the host serves beyond it', async () => {
    const limits = createOffsetLimits()
    await limits.learn('https://a.example/v1', 200_000, hostWithLimit(1000).probe)
    limits.accepted('https://a.example/v1', 5000)
    expect(limits.maxOffset('https://a.example/v1')).toBe(5000)
  })
})

describe('an account whose API refuses offsets below the documented 1,000,000', () => {
  const TOKEN = 'offset-limit-token-0001'
  const RECORDS = 2_500
  let server: FakeConvosoServer
  let dir: string

  beforeAll(async () => {
    server = await startFakeConvoso({
      records: generateDemoRecords(RECORDS, 3),
      tokens: [TOKEN],
      maxOffset: 1000,
    })
  })
  afterAll(() => server.close())
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offset-limit-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  function sources() {
    const session = {
      credentials: async () =>
        ok<Credentials>({
          apiBase: server.apiBase,
          token: TOKEN,
          tokenOrigin: new URL(server.apiBase).origin,
        }),
    } as unknown as Session
    return createSearchSources({
      session,
      convoso: createConvosoClient(),
      limits: createOffsetLimits(),
      openedReport: () => undefined,
    })
  }

  it('shows the last page the account serves, and says how far that is, instead of failing', async () => {
    const service = createSearchService({ sources: sources() })
    const answer = await service.run({ requestId: 'r', filters: EMPTY_FILTERS, offset: 2400, limit: 100 })
    expect(answer).toMatchObject({
      ok: true,
      data: { offset: 1000, maxOffset: 1000, refusedOffset: 2400, page: { total: RECORDS } },
    })
    if (!answer.ok) return
    expect(answer.data.page.records).toHaveLength(100)
    // Later pages within the limit need no new probing.
    const before = server.requests.length
    const next = await service.run({ requestId: 's', filters: EMPTY_FILTERS, offset: 900, limit: 100 })
    expect(next).toMatchObject({ ok: true, data: { offset: 900, maxOffset: 1000 } })
    expect(server.requests.length - before).toBe(1)
  })

  it('the refusal message names the account limit, not the documented one', async () => {
    const source = await sources().current()
    if (!source.ok) throw new Error('no source')
    const answer = await source.data.search({}, 5000, 1000)
    expect(answer).toMatchObject({ ok: false, error: { kind: 'convoso', code: '7231' } })
    if (answer.ok) return
    expect(answer.error.message).toContain('up to offset 1,000 only')
    expect(answer.error.message).toContain('first 1,001 matches')
    expect(answer.error.message).not.toContain('1,000,000 rows')
  })

  it('announces an "export all" past the limit before it starts, and exports the reachable rows as partial', async () => {
    const { jobs, registry } = exportJobsSavingInto(dir, sources())
    const request = { filters: EMPTY_FILTERS, scope: 'all' as const, offset: 0, limit: 100 }
    const plan = await jobs.plan(request)
    expect(plan).toMatchObject({
      ok: true,
      data: { total: RECORDS, reachableRows: 2000, rows: 2000, overCap: true },
    })

    if (!plan.ok) return
    // The start reuses the plan: it asks Convoso nothing before the export's own pages.
    const asked = server.requests.length
    const refused = await jobs.start({
      ...request,
      format: 'csv',
      acceptPartial: false,
      planId: plan.data.planId,
    })
    expect(server.requests.length - asked).toBe(0)
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } })
    if (!refused.ok) expect(refused.error.message).toContain('first 2,000 only')

    // Without the plan, the start asks for the total again; the limit is known, so not for the last page.
    const again = server.requests.length
    const started = await jobs.start({ ...request, format: 'csv', acceptPartial: true })
    expect(server.requests.length - again).toBe(1)
    if (!started.ok || started.data === null) throw new Error('export did not start')
    expect(await settledJob(registry, started.data.jobId, 'export')).toMatchObject({
      state: 'done',
      rowsDone: 2000,
      outcome: { partial: true, rowsWritten: 2000 },
    })
  })
})
