import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readReportSource, type ReportSourceDeps } from '../../../../src/main/services/compare/report-source'
import { CANNOT_OPEN_MESSAGE } from '../../../../src/main/lib/report-path'
import type { ReportEntry } from '../../../../src/shared/exports'
import { TEST_WORKERS } from '../../../support/workers'
import { record } from '../export/helpers'
import { MARCH, tempDir, writeReport } from './helpers'

/** A report found from where it was chosen and read with its rows: what compare and scrub start from. */

let dir: string
let cleanup: () => Promise<void>
let report: string
const logs: string[] = []

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  report = await writeReport(dir, 'march.csv', [record(1), record(2)], MARCH)
})
afterEach(() => cleanup())

function deps(history: Partial<ReportEntry>[] = [], opened: string | null = null): ReportSourceDeps {
  return {
    openedReport: () => (opened === null ? null : { filePath: opened }),
    history: { list: async () => history as ReportEntry[] },
    log: (line) => logs.push(line),
  }
}

describe('reading a report from where it was chosen', () => {
  it('reads a path, the report open now and a Reports list entry alike, in the worker or on this thread', async () => {
    const fromPath = await readReportSource({ kind: 'path', path: report }, deps(), {})
    const opened = await readReportSource({ kind: 'opened' }, deps([], report), {
      reader: TEST_WORKERS.reportReader,
    })
    const listed = await readReportSource(
      { kind: 'history', reportId: 'r1' },
      deps([{ id: 'r1', filePath: report }]),
      {},
    )
    for (const read of [fromPath, opened, listed]) {
      if (!read.ok) throw new Error(read.error.message)
      expect(read.data.info).toMatchObject({
        fileName: 'march.csv',
        madeByApp: true,
        integrity: 'intact',
        rowsRead: 2,
      })
      expect(read.data.store.record(1)).toEqual(record(2))
    }
  })

  it('refuses what no report path may be, with the one message, and says why in the log only', async () => {
    const result = await readReportSource(
      { kind: 'path', path: '//attacker.example/share/r.xlsx' },
      deps(),
      {},
    )
    expect(result).toEqual({ ok: false, error: { kind: 'report-file', message: CANNOT_OPEN_MESSAGE } })
    expect(logs.at(-1)).toMatch(/a network or device path/)
  })

  it('says which entry is missing, and that no report is open', async () => {
    const gone = await readReportSource(
      { kind: 'history', reportId: 'r1' },
      deps([{ id: 'r1', filePath: join(dir, 'gone.xlsx') }]),
      {},
    )
    expect(gone).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: /^"gone\.xlsx" is no longer where it was saved/ },
    })
    expect(await readReportSource({ kind: 'history', reportId: 'r2' }, deps(), {})).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: 'That report is not in the Reports list any more.' },
    })
    expect(await readReportSource({ kind: 'opened' }, deps(), {})).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
  })

  it("gives the reader's own message for a file that is not a report, and answers a cancel", async () => {
    await writeFile(join(dir, 'junk.xlsx'), 'hello')
    const result = await readReportSource({ kind: 'path', path: join(dir, 'junk.xlsx') }, deps(), {})
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'report-file', message: /^junk\.xlsx is not an Excel workbook/ },
    })
    const cancelled = new AbortController()
    cancelled.abort()
    expect(
      await readReportSource({ kind: 'path', path: report }, deps(), { signal: cancelled.signal }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'cancelled' },
    })
  })
})
