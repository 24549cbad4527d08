import { copyFile, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import type { CompareOutcome } from '../../../../src/shared/compare'
import type { ReportEntry } from '../../../../src/shared/exports'
import { TEST_WORKERS } from '../../../support/workers'
import { record } from '../export/helpers'
import {
  finished,
  harness,
  JUNE,
  MARCH,
  marchAndJune,
  path,
  tempDir,
  writeForeignCsv,
  writeReport,
} from './helpers'

/**
 * A comparison from two files on disk to its outcome and its lists, through the
 * service the handlers call: ordering, refusals, warnings, filters and search.
 */

let dir: string
let cleanup: () => Promise<void>
let marchXlsx: string
let juneXlsx: string

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  const { march, june } = marchAndJune()
  marchXlsx = await writeReport(dir, 'march.xlsx', march, MARCH)
  juneXlsx = await writeReport(dir, 'june.xlsx', june, JUNE)
})
afterEach(() => cleanup())

const historyEntry = (id: string, filePath: string): ReportEntry => ({
  id,
  createdAt: JUNE.toISOString(),
  filePath,
  format: 'xlsx',
  scope: 'all',
  filtersDescription: 'all records',
  params: {},
  rowsWritten: 28,
  sha256: '',
  partial: false,
  exists: true,
})

const COUNTS = { removed: 2, changed: 1, added: 10, 're-entered': 1, 'back-dated': 1, unchanged: 17 }

describe('comparing two reports', () => {
  it('orders the reports by generation time, counts each list and sums it up', async () => {
    const h = harness()
    // Newer chosen first: the outcome still reads March → June.
    const outcome = await h.outcome(path(juneXlsx), path(marchXlsx))
    expect(outcome.older.fileName).toBe('march.xlsx')
    expect(outcome.newer.fileName).toBe('june.xlsx')
    expect(outcome.older.generatedAt).toBe(MARCH.toISOString())
    expect(outcome.older.integrity).toBe('intact')
    expect(outcome.older.recordedSha256).toBe(outcome.older.actualSha256)
    expect(outcome.counts).toEqual(COUNTS)
    expect(outcome.summary).toBe(
      '20 → 28 records: 10 added, 2 removed, 1 changed, 1 re-entered (also counted as added and removed), 1 back-dated (also counted as added)',
    )
    expect(outcome.filtersMatch).toBe(true)
    expect(outcome.filterNotes).toEqual([])
    expect(outcome.warnings).toEqual([])
  })

  it('reads in the report-reader workers as the app does, with the same outcome and progress in rows', async () => {
    const onMain = await harness().outcome(path(marchXlsx), path(juneXlsx))
    const h = harness({ reader: TEST_WORKERS.reportReader })
    const rows: number[] = []
    h.jobs.onChange((status) => rows.push(status.rowsDone))
    const inWorkers = await h.outcome(path(marchXlsx), path(juneXlsx))
    expect({ ...inWorkers, compareId: '' }).toEqual({ ...onMain, compareId: '' })
    expect(rows.at(-1)).toBe(20 + 28)
  })

  it('reads one file after the other when told to, with the same outcome; a first failure skips the second', async () => {
    const h = harness({ oneAtATime: true })
    expect((await h.outcome(path(marchXlsx), path(juneXlsx))).counts).toEqual(COUNTS)
    const status = await h.compare(path(join(dir, 'missing.xlsx')), path(juneXlsx))
    expect(status.state === 'failed' && status.error.message).toMatch(
      /^"missing\.xlsx" is no longer where it was saved/,
    )
    expect(status.rowsDone).toBe(0)
  })

  it('takes a report from the Reports list, the one open now, or a CSV', async () => {
    const { march } = marchAndJune()
    const marchCsv = await writeReport(dir, 'march.csv', march, MARCH)
    const h = harness()
    h.history.push(historyEntry('r-june', juneXlsx))
    h.opened = { filePath: marchCsv }
    const outcome = await h.outcome({ kind: 'opened' }, { kind: 'history', reportId: 'r-june' })
    expect(outcome.older.format).toBe('csv')
    expect(outcome.counts).toEqual(COUNTS)
  })

  it('refuses a report the app did not export, naming it', async () => {
    const foreign = await writeForeignCsv(dir, 'dialer-dump.csv')
    const status = await harness().compare(path(marchXlsx), path(foreign))
    expect(status).toMatchObject({ state: 'failed', error: { kind: 'report-file' } })
    expect(status.state === 'failed' && status.error.message).toBe(
      'dialer-dump.csv was not exported by Opt-Out Desk, so it records neither when it was made nor what it covers; compare two reports the app exported.',
    )
  })

  it('refuses the same file twice, also under another name', async () => {
    const h = harness()
    const status = await h.compare(path(marchXlsx), path(join(dir, '.', 'sub', '..', 'march.xlsx')))
    expect(status).toMatchObject({ state: 'failed', error: { kind: 'validation' } })
    expect(status.state === 'failed' && status.error.message).toMatch(/^Both choices are the same file/)
  })

  it('says a Reports list entry whose file is gone is gone, and that no report is open', async () => {
    const h = harness()
    h.history.push(historyEntry('gone', join(dir, 'moved.xlsx')))
    const gone = await h.compare({ kind: 'history', reportId: 'gone' }, path(marchXlsx))
    expect(gone.state === 'failed' && gone.error.message).toMatch(
      /^"moved\.xlsx" is no longer where it was saved/,
    )
    const none = await h.compare({ kind: 'opened' }, path(marchXlsx))
    expect(none.state === 'failed' && none.error).toMatchObject({
      kind: 'not-found',
      message: /No report is open now/,
    })
  })

  it('flags a modified report and a repeated id in warnings, and still compares', async () => {
    const { june } = marchAndJune()
    const csv = await writeReport(dir, 'june.csv', june, JUNE)
    // Edited by hand after the export (the export itself never repeats an id): a value changed, a row repeated.
    const lines = (await readFile(csv, 'utf8')).replace('Edited in Convoso', 'Edited by hand').split('\r\n')
    await writeFile(csv, [...lines.slice(0, -1), lines[1], ''].join('\r\n'))
    const outcome = await harness().outcome(path(marchXlsx), path(csv))
    expect(outcome.newer.integrity).toBe('modified')
    expect(outcome.warnings).toHaveLength(2)
    expect(outcome.warnings[0]).toMatch(/^The newer report \(june\.csv\) reads as Modified: /)
    expect(outcome.warnings[1]).toMatch(/holds the same record id more than once \(1 repeat\)/)
    expect(outcome.counts.changed).toBe(1)
  })

  it('compares reports of different filters and says what that means', async () => {
    const { march, june } = marchAndJune()
    const campaign = await writeReport(dir, 'march-1001.xlsx', march, MARCH, { campaign_id: '1001' })
    const outcome = await harness().outcome(path(campaign), path(juneXlsx))
    expect(outcome.filtersMatch).toBe(false)
    expect(outcome.filterNotes).toEqual([
      'The older report covers only campaign 1001, the newer every campaign: records outside campaign 1001 will read as added, not as new opt-outs.',
    ])
    expect(outcome.counts.added).toBe(june.length - 18)
  })

  it('refuses a second comparison while one runs; answers cancelled when cancelled while reading, and keeps nothing', async () => {
    const many = Array.from({ length: 30_000 }, (_, at) => record(at + 1))
    const big = await writeReport(dir, 'big.xlsx', many, MARCH)
    await copyFile(big, join(dir, 'big-copy.xlsx'))
    const h = harness({ reader: TEST_WORKERS.reportReader })
    const started = await h.service.start({ a: path(big), b: path(join(dir, 'big-copy.xlsx')) })
    if (!started.ok) throw new Error(started.error.message)
    const jobId = started.data.jobId
    const stop = h.jobs.onChange((status) => {
      if (status.rowsDone > 1000) {
        stop()
        h.jobs.cancel(jobId)
      }
    })
    // One comparison at a time: a second is refused while this one reads.
    expect(await h.service.start({ a: path(marchXlsx), b: path(juneXlsx) })).toMatchObject({
      ok: false,
      error: { kind: 'busy' },
    })
    const status = await finished(h.jobs, jobId)
    expect(status.state).toBe('cancelled')
    expect(
      h.service.search({ compareId: jobId, list: 'added', filters: EMPTY_FILTERS, offset: 0, limit: 10 }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
  }, 60_000)
})

describe('searching a comparison', () => {
  let outcome: CompareOutcome
  let h: ReturnType<typeof harness>
  beforeEach(async () => {
    h = harness()
    outcome = await h.outcome(path(marchXlsx), path(juneXlsx))
  })
  const search = (
    list: Parameters<typeof h.service.search>[0]['list'],
    filters = EMPTY_FILTERS,
    offset = 0,
    limit = 25,
  ) => h.service.search({ compareId: outcome.compareId, list, filters, offset, limit })

  it('pages through a list', async () => {
    const first = search('added', EMPTY_FILTERS, 0, 4)
    const second = search('added', EMPTY_FILTERS, 4, 4)
    expect(first.ok && first.data.total).toBe(10)
    expect(first.ok && first.data.rows.map((row) => row.record.id)).toEqual(['100', '101', '102', '103'])
    expect(second.ok && second.data.rows.map((row) => row.record.id)).toEqual(['104', '105', '106', '107'])
  })

  it('filters with the main search: removed rows are the older records, the phone number typed any way', async () => {
    const removed = search('removed', { ...EMPTY_FILTERS, phoneNumber: '+44 020 7946 0003' })
    expect(removed.ok && removed.data).toMatchObject({ total: 1, rows: [{ record: { id: '3' } }] })
    const date = search('added', { ...EMPTY_FILTERS, insertDate: '2026-01-15' })
    expect(date.ok && date.data.rows.map((row) => row.record.id)).toEqual(['101'])
    const refused = search('added', { ...EMPTY_FILTERS, id: 'abc' })
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'validation', fieldErrors: { id: expect.any(String) } },
    })
  })

  it('gives changed rows their changes and re-entered rows the removed records they replace', () => {
    const changed = search('changed')
    expect(changed.ok && changed.data.rows).toEqual([
      {
        record: expect.objectContaining({ id: '7', reason: 'Edited in Convoso' }),
        changes: [{ field: 'reason', before: 'Reason 7', after: 'Edited in Convoso' }],
      },
    ])
    const reEntered = search('re-entered')
    expect(reEntered.ok && reEntered.data.rows).toEqual([
      { record: expect.objectContaining({ id: '100' }), previous: [expect.objectContaining({ id: '4' })] },
    ])
    const backDated = search('back-dated')
    expect(backDated.ok && backDated.data.rows.map((row) => row.record.id)).toEqual(['101'])
  })

  it('keeps the last three comparisons; closing one frees it', async () => {
    const later = [
      await h.outcome(path(marchXlsx), path(juneXlsx)),
      await h.outcome(path(marchXlsx), path(juneXlsx)),
    ]
    expect(search('added').ok).toBe(true)
    await h.outcome(path(marchXlsx), path(juneXlsx))
    expect(search('added')).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    const id = later[0]?.compareId ?? ''
    expect(h.service.close({ compareId: id })).toEqual({ ok: true, data: true })
    expect(h.service.close({ compareId: id })).toEqual({ ok: true, data: false })
  })

  it('survives its source files being deleted: the rows are kept in memory', async () => {
    await rm(juneXlsx)
    expect(search('added').ok).toBe(true)
  })
})
