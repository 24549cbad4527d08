import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openReportFile } from '../../../../src/main/services/offline'
import type { OpenedReport } from '../../../../src/main/services/offline/types'
import type { Result } from '../../../../src/shared/result'
import { TEST_WORKERS } from '../../../support/workers'
import { exportReport, fixtureRecords, descriptorsOn, openAndCancelAt, tempDir } from './helpers'

/**
 * Opening a report in the report-reader worker (as the app does) gives exactly
 * what reading it on main's thread gives; a cancel stops it and lets go of the
 * file; a worker that dies is a failed open with a message, and the app goes on.
 */

const SOURCE = fixtureRecords(5000)
const READER = TEST_WORKERS.reportReader
const DYING = { script: join(__dirname, '../../lib/fixtures/dying-worker.mjs') }
let dir: string
let cleanup: () => Promise<void>
const reports: Record<'xlsx' | 'csv', string> = { xlsx: '', csv: '' }

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  reports.xlsx = (await exportReport(dir, SOURCE, 'xlsx')).path
  // exportReport names the file by format, so the two live side by side.
  reports.csv = (await exportReport(dir, SOURCE, 'csv')).path
})
afterAll(() => cleanup())

function opened(result: Result<OpenedReport>): OpenedReport {
  if (!result.ok) throw new Error(`expected the report to open: ${result.error.message}`)
  return result.data
}

describe('reading a report in the worker', () => {
  it.each(['xlsx', 'csv'] as const)(
    'round-trips a %s report: the same facts, hash, verdict and rows as on main',
    async (format) => {
      const progress: number[] = []
      const inWorker = opened(
        await openReportFile(reports[format], {
          reader: READER,
          onProgress: ({ rowsRead }) => progress.push(rowsRead),
        }),
      )
      const onMain = opened(await openReportFile(reports[format]))
      expect(inWorker.info).toEqual(onMain.info)
      expect(inWorker.info.integrity).toBe('intact')
      expect(inWorker.info.rowsRead).toBe(SOURCE.length)
      expect(inWorker.search({}, 0, SOURCE.length).records).toEqual(SOURCE)
      const edge = SOURCE[4000]
      for (const params of [
        { phone_number: edge?.phone_number ?? '' },
        { campaign_id: '0', reason: '' },
        { insert_date: edge?.insert_date.slice(0, 10) ?? '' },
      ]) {
        expect(inWorker.search(params, 0, 100)).toEqual(onMain.search(params, 0, 100))
      }
      expect(progress.at(-1)).toBe(SOURCE.length)
    },
  )

  it("gives the reader's own message for a damaged file", async () => {
    const result = await openReportFile(join(dir, 'missing.xlsx'), { reader: READER })
    expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
    expect(result.ok ? '' : result.error.message).toMatch(/^missing\.xlsx could not be found/)
  })

  it('stops on cancel, answers cancelled and lets go of the file', async () => {
    const { result, rowsWhenCancelled } = await openAndCancelAt(reports.xlsx, 1000, {
      reader: READER,
    })
    expect(rowsWhenCancelled).toBeGreaterThanOrEqual(1000)
    expect(result).toEqual({
      ok: false,
      error: { kind: 'cancelled', message: 'Opening the report was cancelled.' },
    })
    // The worker's own event loop holds descriptors of its own: what matters is the report's.
    expect(await descriptorsOn(reports.xlsx)).toBe(0)
  })

  it.each([
    ['exits', 'report.xlsx', {}, 'stopped unexpectedly'],
    ['throws', 'throw.xlsx', {}, 'stopped unexpectedly'],
    [
      'runs out of memory',
      'grow.xlsx',
      { resourceLimits: { maxOldGenerationSizeMb: 32 } },
      'ran out of memory',
    ],
  ] as const)('a worker that %s is a failed open with a clear message', async (_how, name, limits, what) => {
    const path = join(dir, name)
    if (name !== 'report.xlsx') await copyFile(reports.xlsx, path)
    const logged: string[] = []
    const result = await openReportFile(path, {
      reader: { ...DYING, ...limits },
      log: (line) => logged.push(line),
    })
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message: `${name} could not be opened: the part of Opt-Out Desk that reads reports ${what}. Try again; if it happens again, open the original file, or export the report again from Opt-Out Desk.`,
      },
    })
    expect(logged.join('\n')).toContain(name)
    expect(await descriptorsOn(path)).toBe(0)
  })
})
