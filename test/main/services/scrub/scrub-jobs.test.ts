import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localScrubRunner } from '../../../../src/main/services/scrub/scrub-runner'
import { createScrubWork } from '../../../../src/main/services/scrub/scrub-work'
import { outputPaths, scrubSummary } from '../../../../src/main/services/scrub/scrub-jobs'
import type { OptOutRecord } from '../../../../src/shared/records'
import { settledJob } from '../../../support/jobs'
import { exportReport, tempDir } from '../offline/helpers'
import { record } from './doubles'
import { harness, openReport, WORK_DOUBLES, writeList } from './harness'

/** The snapshot: one record of each kind the rules tell apart. */
const SNAPSHOT: OptOutRecord[] = [
  record({ id: '1', phone_code: '1', phone_number: '8181233567', campaign_id: '0', reason: 'STOP' }),
  record({
    id: '2',
    phone_code: '1',
    phone_number: '2135550100',
    campaign_id: '42',
    campaign_name: 'Summer',
  }),
  record({
    id: '3',
    phone_code: '1',
    phone_number: '2135550101',
    campaign_id: '12',
    campaign_name: 'Spring',
  }),
  record({ id: '4', phone_code: '1', phone_number: '2135550102', campaign_id: '0', purpose: 'TELEMKT' }),
  record({ id: '5', phone_code: '1', phone_number: '2135550103', campaign_id: '-1', purpose: '' }),
  record({ id: '6', phone_code: '44', phone_number: '7700900123', campaign_id: '0', reason: '' }),
  record({ id: '7', phone_code: '44', phone_number: '7700900123', campaign_id: '42', reason: 'asked twice' }),
]

const LIST = [
  'Name,Phone,Note',
  'Ann,+1 818 123 3567,global',
  'Bob,+1 213 555 0100,campaign 42',
  'Cy,+1 213 555 0101,campaign 12',
  'Di,+1 213 555 0102,global TELEMKT',
  'Ed,+1 213 555 0103,campaign -1',
  'Flo,+44 7700 900123,UK global + 42',
  'Gus,+1 213 555 0199,not opted out',
  'Hal,call me,junk',
  'Ivy,+1 (818) 123-3567,repeat of Ann',
  'Jo,+1 213 555 0199,repeat of Gus',
  'Kit,=HYPERLINK("x"),formula',
]

let dir: string
let cleanup: () => Promise<void>
let freshXlsx: string
let freshCsv: string
let listPath: string

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  const now = () => new Date()
  freshXlsx = (await exportReport(dir, SNAPSHOT, 'xlsx', { now, filePath: join(dir, 'fresh.xlsx') })).path
  freshCsv = (await exportReport(dir, SNAPSHOT, 'csv', { now, filePath: join(dir, 'fresh.csv') })).path
  listPath = await writeList(dir, 'send list.csv', LIST)
})
afterAll(() => cleanup())

async function openedHarness(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options)
  h.lists.set('list-1', listPath)
  h.opened.report = await openReport(freshXlsx)
  return h
}

describe('scrubbing a list against the opened report', () => {
  it('gives every row its verdict under the default rules (no campaign, purpose-scoped held)', async () => {
    const h = await openedHarness()
    const outcome = await h.run({ listId: 'list-1' })
    expect(outcome.counts).toEqual({ 'do-not-send': 2, review: 2, clear: 3, invalid: 2, duplicate: 2 })
    expect(outcome.summary).toBe('11 rows: 2 do not send, 2 to review, 3 clear, 2 invalid, 2 duplicates')
    expect(outcome.cleanRows).toBe(3)
    expect(outcome.input).toMatchObject({ fileName: 'send list.csv', rows: 11, format: 'csv' })
    expect(outcome.input.sha256).toBe(
      createHash('sha256')
        .update(await readFile(listPath))
        .digest('hex'),
    )
    expect(outcome.snapshot).toMatchObject({
      fileName: 'fresh.xlsx',
      rows: 7,
      integrity: 'intact',
      filtered: false,
    })
    expect(outcome.snapshotWarnings).toEqual([])
    expect(outcome.snapshotStale).toBe(false)

    const page = await h.scrub.resultsPage({
      scrubId: outcome.scrubId,
      verdict: 'all',
      offset: 0,
      limit: 100,
    })
    if (!page.ok) throw new Error(page.error.message)
    const byRow = page.data.rows.map((row) => [row.row, row.verdict, row.records.map((r) => r.id)])
    expect(byRow).toEqual([
      [1, 'do-not-send', ['1']],
      [2, 'clear', ['2']],
      [3, 'clear', ['3']],
      [4, 'review', ['4']],
      [5, 'review', ['5']],
      [6, 'do-not-send', ['6', '7']],
      [7, 'clear', []],
      [8, 'invalid', []],
      [9, 'duplicate', []],
      [10, 'duplicate', []],
      [11, 'invalid', []],
    ])
    const first = page.data.rows[0]
    expect(first).toMatchObject({ input: '+1 818 123 3567', e164: '+18181233567' })
    expect(first?.why).toBe('Global opt-out since 2024-04-22 17:01:31 (reason: STOP)')
    expect(page.data.rows[1]?.why).toContain('Opted out of campaign 42 (Summer) only')
    expect(page.data.rows[5]?.why).toMatch(
      /^Global opt-out since .* \(no reason recorded\); Opted out of campaign 42/,
    )
    expect(page.data.rows[8]?.why).toBe('Same number as row 1 (do not send): it is judged and sent once.')
    expect(page.data.rows[7]?.why).toBe('"call me" is not a phone number.')
  })

  it("counts the chosen campaign's opt-outs, and sends purpose-scoped numbers when asked", async () => {
    const h = await openedHarness()
    const outcome = await h.run({ listId: 'list-1', campaignId: '42', purposeScoped: 'send' })
    expect(outcome.counts).toEqual({ 'do-not-send': 3, review: 2, clear: 2, invalid: 2, duplicate: 2 })
    expect(outcome.cleanRows).toBe(4)
    expect(outcome.rules).toEqual({ campaignId: '42', purposeScoped: 'send', defaultCountry: 'US' })
    const page = await h.scrub.resultsPage({
      scrubId: outcome.scrubId,
      verdict: 'do-not-send',
      offset: 0,
      limit: 10,
    })
    expect(page.ok && page.data.rows.map((row) => row.row)).toEqual([1, 2, 6])
    expect(page.ok && page.data.rows[1]?.why).toBe(
      'Opt-out for campaign 42 (Summer), the campaign of this send since 2024-04-22 17:01:31 (reason: STOP)',
    )
  })

  it('keeps the snapshot index for the next scrub against the same opened report', async () => {
    const h = await openedHarness()
    await h.run({ listId: 'list-1' })
    await h.run({ listId: 'list-1', campaignId: '42' })
    expect(h.log.filter((line) => line.includes('snapshot read'))).toHaveLength(1)
    expect(h.log.filter((line) => line.includes('snapshot held'))).toHaveLength(1)
  })

  it('sends the rows again when the worker no longer holds them (it restarted)', async () => {
    const work = createScrubWork(WORK_DOUBLES)
    const h = await openedHarness({ runner: localScrubRunner(work) })
    await h.run({ listId: 'list-1' })
    // Another snapshot took its place, as after a scrub against a file.
    h.history.push({ id: 'csv', filePath: freshCsv } as never)
    await h.run({ listId: 'list-1', snapshot: { kind: 'history', reportId: 'csv' } })
    const again = await h.run({ listId: 'list-1' })
    expect(again.counts['do-not-send']).toBe(2)
    expect(work.heldSnapshot()).toMatch(/^opened:/)
  })
})

describe('letting the worker go with its snapshot', () => {
  it('once the opened report it copied is closed, or a file was last scrubbed 10 minutes ago', async () => {
    let disposed = 0
    const local = localScrubRunner(createScrubWork(WORK_DOUBLES))
    const clock = { at: Date.now() }
    const h = await openedHarness({
      runner: { ...local, dispose: async () => void (disposed += 1) },
      now: () => new Date(clock.at),
    })
    expect(h.scrub.releaseIdleSnapshot()).toBe(false)
    await h.run({ listId: 'list-1' })
    clock.at += 60 * 60_000
    // Still open: kept however long it waits.
    expect(h.scrub.releaseIdleSnapshot()).toBe(false)
    h.opened.report = undefined
    expect(h.scrub.releaseIdleSnapshot()).toBe(true)
    expect(disposed).toBe(1)

    await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: freshXlsx } })
    clock.at += 9 * 60_000
    expect(h.scrub.releaseIdleSnapshot()).toBe(false)
    clock.at += 2 * 60_000
    expect(h.scrub.releaseIdleSnapshot()).toBe(true)
    expect(disposed).toBe(2)
    expect(h.scrub.releaseIdleSnapshot()).toBe(false)
  })
})

describe('the snapshot from a file, and its fitness', () => {
  it('reads a report from the Reports list or a path in the worker, with the same verdicts', async () => {
    const h = harness()
    h.lists.set('list-1', listPath)
    h.history.push({ id: 'r1', filePath: freshCsv } as never)
    const fromHistory = await h.run({ listId: 'list-1', snapshot: { kind: 'history', reportId: 'r1' } })
    const fromPath = await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: freshXlsx } })
    expect(fromHistory.counts).toEqual(fromPath.counts)
    expect(fromHistory.snapshot.fileName).toBe('fresh.csv')
  })

  it('warns, first, that a filtered snapshot is not the whole list; and that an old one is stale', async () => {
    const filtered = (
      await exportReport(dir, SNAPSHOT, 'xlsx', {
        filePath: join(dir, 'campaign-42.xlsx'),
        params: { campaign_id: '42' },
      })
    ).path
    const h = harness()
    h.lists.set('list-1', listPath)
    const outcome = await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: filtered } })
    expect(outcome.snapshot.filtered).toBe(true)
    expect(outcome.snapshotWarnings[0]).toMatch(/^This snapshot holds only the opt-outs matching its filters/)
    // The fixture report was generated on 2025-01-02: far older than 24 hours.
    expect(outcome.snapshotStale).toBe(true)
    expect(outcome.snapshot.ageHours).toBeGreaterThan(24)
    expect(outcome.snapshotWarnings[1]).toMatch(
      /generated .* days ago \(2025-01-02T03:04:05.000Z\), more than the 24 hours/,
    )
  })

  it('takes the maximum age from the settings', async () => {
    const h = harness({ now: () => new Date(Date.now() + 3 * 3_600_000) })
    h.lists.set('list-1', listPath)
    h.maxAgeHours.value = 2
    const stale = await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: freshXlsx } })
    expect(stale.snapshotStale).toBe(true)
    expect(stale.snapshot.ageHours).toBeCloseTo(3, 0)
    h.maxAgeHours.value = 4
    const fine = await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: freshXlsx } })
    expect(fine.snapshotStale).toBe(false)
    expect(fine.snapshotWarnings).toEqual([])
  })

  it('warns about a modified snapshot and one not made by the app', async () => {
    const modified = join(dir, 'modified.csv')
    const text = await readFile(freshCsv, 'utf8')
    await writeFile(modified, text.replace('asked twice', 'asked once'))
    await writeFile(
      `${modified.slice(0, -4)}.report.json`,
      await readFile(`${freshCsv.slice(0, -4)}.report.json`),
    )
    const foreign = join(dir, 'foreign.csv')
    await writeFile(foreign, 'phone_code,phone_number,campaign_id,id\r\n1,8181233567,0,1\r\n')
    const h = harness()
    h.lists.set('list-1', listPath)
    const changed = await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: modified } })
    expect(changed.snapshot.integrity).toBe('modified')
    expect(changed.snapshotWarnings.some((w) => w.startsWith('This snapshot reads as Modified'))).toBe(true)
    const other = await h.run({ listId: 'list-1', snapshot: { kind: 'path', path: foreign } })
    expect(other.snapshot.madeByApp).toBe(false)
    expect(other.snapshotWarnings[0]).toMatch(/^foreign.csv was not made by Opt-Out Desk/)
    expect(other.counts['do-not-send']).toBe(1)
  })
})

describe('what the scrub refuses', () => {
  it('no opened report, an unknown list, a bad column, a snapshot path that is not a report', async () => {
    const h = harness()
    h.lists.set('list-1', listPath)
    const start = (request: Partial<Parameters<typeof h.scrub.start>[0]>) =>
      h.scrub.start({
        listId: 'list-1',
        phoneColumn: 1,
        codeColumn: null,
        defaultCountry: 'US',
        snapshot: { kind: 'opened' },
        campaignId: null,
        purposeScoped: 'hold',
        ...request,
      })
    expect(await start({})).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/^No report is open/) },
    })
    expect(await start({ listId: 'nope' })).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(await start({ phoneColumn: 3 })).toMatchObject({
      ok: false,
      error: { kind: 'validation', fieldErrors: { phoneColumn: expect.any(String) } },
    })
    expect(await start({ codeColumn: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'validation', fieldErrors: { codeColumn: expect.any(String) } },
    })
    expect(await start({ snapshot: { kind: 'path', path: '/etc/passwd' } })).toMatchObject({
      ok: false,
      error: { kind: 'report-file' },
    })
    expect(await start({ snapshot: { kind: 'history', reportId: 'gone' } })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
    expect(h.registry.list()).toEqual([])
  })

  it('one scrub at a time; a cancelled scrub ends cancelled and keeps nothing', async () => {
    const h = await openedHarness()
    const started = await h.scrub.start({
      listId: 'list-1',
      phoneColumn: 1,
      codeColumn: null,
      defaultCountry: 'US',
      snapshot: { kind: 'opened' },
      campaignId: null,
      purposeScoped: 'hold',
    })
    if (!started.ok) throw new Error(started.error.message)
    const second = await h.scrub.start({
      listId: 'list-1',
      phoneColumn: 1,
      codeColumn: null,
      defaultCountry: 'US',
      snapshot: { kind: 'opened' },
      campaignId: null,
      purposeScoped: 'hold',
    })
    expect(second).toMatchObject({ ok: false, error: { kind: 'busy' } })
    h.registry.cancel(started.data.jobId)
    const status = await settledJob(h.registry, started.data.jobId, 'scrub')
    expect(status.state).toBe('cancelled')
    const page = await h.scrub.resultsPage({
      scrubId: started.data.jobId,
      verdict: 'all',
      offset: 0,
      limit: 10,
    })
    expect(page).toMatchObject({ ok: false, error: { kind: 'not-found' } })
  })
})

describe('the kept scrubs', () => {
  it('pages by verdict, keeps the last three, and frees one on close', async () => {
    const h = await openedHarness()
    const ids: string[] = []
    for (let run = 0; run < 4; run += 1) ids.push((await h.run({ listId: 'list-1' })).scrubId)
    const [oldest, second, , newest] = ids as [string, string, string, string]
    expect(await h.scrub.resultsPage({ scrubId: oldest, verdict: 'all', offset: 0, limit: 1 })).toMatchObject(
      {
        ok: false,
        error: { kind: 'not-found', message: expect.stringContaining('last three') },
      },
    )
    const clear = await h.scrub.resultsPage({ scrubId: newest, verdict: 'clear', offset: 1, limit: 2 })
    expect(clear.ok && clear.data).toMatchObject({ total: 3, offset: 1, limit: 2 })
    expect(clear.ok && clear.data.rows.map((row) => row.row)).toEqual([3, 7])
    expect(await h.scrub.close({ scrubId: second })).toEqual({ ok: true, data: true })
    expect(await h.scrub.close({ scrubId: second })).toEqual({ ok: true, data: false })
    expect((await h.scrub.resultsPage({ scrubId: second, verdict: 'all', offset: 0, limit: 1 })).ok).toBe(
      false,
    )
  })
})

describe('the summary and the output names', () => {
  it('leaves duplicates out of the summary when there are none', () => {
    expect(
      scrubSummary(50_000, { 'do-not-send': 1204, review: 37, clear: 48_611, invalid: 148, duplicate: 0 }),
    ).toBe('50,000 rows: 1,204 do not send, 37 to review, 48,611 clear, 148 invalid')
  })

  it('names the three files from the base chosen, whichever of them was typed', () => {
    const expected = {
      clean: '/out/march - clean.csv',
      suppressed: '/out/march - suppressed.csv',
      report: '/out/march - scrub report.csv',
    }
    expect(outputPaths('/out/march.csv', 'csv')).toEqual(expected)
    expect(outputPaths('/out/march - scrub report.csv', 'csv')).toEqual(expected)
    expect(outputPaths('/out/march - clean.xlsx', 'csv')).toEqual(expected)
  })
})
