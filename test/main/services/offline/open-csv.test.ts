import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashRows } from '../../../../src/main/services/export/canonical-hash'
import { openReportFile } from '../../../../src/main/services/offline'
import { NOT_MADE_BY_APP } from '../../../../src/main/services/offline/integrity'
import type { OpenedReport } from '../../../../src/main/services/offline/types'
import type { OptOutRecord } from '../../../../src/shared/records'
import type { Result } from '../../../../src/shared/result'
import { API_BASE, exportReport, fixtureRecords, GENERATED_AT, openAndCancelAt, tempDir } from './helpers'

const SOURCE = fixtureRecords(3000, 77)
let dir: string
let cleanup: () => Promise<void>
let csvPath: string
let jsonPath: string

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  const { path, summary } = await exportReport(dir, SOURCE, 'csv')
  csvPath = path
  jsonPath = summary.reportJsonPath as string
})
afterAll(() => cleanup())

function opened(result: Result<OpenedReport>): OpenedReport {
  if (!result.ok)
    throw new Error(`expected the report to open: ${result.error.kind}: ${result.error.message}`)
  return result.data
}

const allRecords = (report: OpenedReport): OptOutRecord[] =>
  report.search({}, 0, report.info.rowsRead).records

/** A copy of the CSV (and, unless `json` is null, a report file) under a new name in its own folder. */
async function copyAs(name: string, csv: string | Buffer, json: string | null = null): Promise<string> {
  const folder = await mkdtemp(join(dir, 'case-'))
  const path = join(folder, `${name}.csv`)
  await writeFile(path, csv)
  if (json !== null) await writeFile(join(folder, `${name}.report.json`), json)
  return path
}

describe('opening a CSV report made by the app', () => {
  it('reads back every record exactly, undoing the formula guard', async () => {
    const report = opened(await openReportFile(csvPath))
    expect(allRecords(report)).toEqual(SOURCE)
  })

  it('reports the metadata of its .report.json and that rows and file are intact', async () => {
    const report = opened(await openReportFile(csvPath))
    expect(report.info).toEqual({
      fileName: 'report.csv',
      filePath: csvPath,
      format: 'csv',
      fileBytes: (await stat(csvPath)).size,
      madeByApp: true,
      generatedAt: GENERATED_AT.toISOString(),
      filtersDescription: 'all records',
      paramsAsSent: {},
      apiBase: API_BASE,
      appVersion: '9.8.7',
      rowsRecorded: SOURCE.length,
      rowsRead: SOURCE.length,
      recordedSha256: hashRows(SOURCE),
      actualSha256: hashRows(SOURCE),
      integrity: 'intact',
      integrityDetail:
        'Every row matches the hash recorded when the report was made. The file is byte for byte as it was written.',
      partial: false,
    })
  })

  it('reads a CSV re-saved with other line ends and no byte-order mark as intact, saying the file changed', async () => {
    const text = (await readFile(csvPath, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
    const path = await copyAs('resaved', text, await readFile(jsonPath, 'utf8'))
    const report = opened(await openReportFile(path))
    expect(allRecords(report)).toEqual(SOURCE)
    expect(report.info.integrity).toBe('intact')
    expect(report.info.integrityDetail).toContain('The file itself was re-saved')
  })

  it('reads a partial report as partial', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      const { path } = await exportReport(other, SOURCE.slice(0, 50), 'csv', {
        acceptPartial: true,
        limits: { pageSize: 10, maxOffset: 20 },
      })
      const report = opened(await openReportFile(path))
      expect(report.info).toMatchObject({
        partial: true,
        rowsRecorded: 30,
        rowsRead: 30,
        integrity: 'intact',
      })
    } finally {
      await done()
    }
  })
})

describe('a CSV report changed, alone, or with a damaged report file', () => {
  it('reads as modified when a phone number was edited, and says the file hash differs too', async () => {
    const text = await readFile(csvPath, 'utf8')
    const target = SOURCE[500] as OptOutRecord
    const edited = text.replace(
      `${target.id},${target.phone_code},${target.phone_number},`,
      `${target.id},${target.phone_code},5550000000,`,
    )
    expect(edited).not.toBe(text)
    const path = await copyAs('edited', edited, await readFile(jsonPath, 'utf8'))
    const report = opened(await openReportFile(path))
    expect(report.info.integrity).toBe('modified')
    expect(report.info.integrityDetail).toBe(
      'The rows no longer match the hash recorded when the report was made: the 3,022 rows are all there, but at ' +
        "least one value was changed or rows were moved. The file's SHA-256 also differs from the one recorded.",
    )
  })

  it('reads as modified with the difference in rows when rows were removed', async () => {
    const lines = (await readFile(csvPath, 'utf8')).split('\r\n')
    const shorter = [...lines.slice(0, 10), ...lines.slice(13)].join('\r\n')
    const path = await copyAs('shorter', shorter, await readFile(jsonPath, 'utf8'))
    const report = opened(await openReportFile(path))
    expect(report.info.integrity).toBe('modified')
    expect(report.info.integrityDetail).toContain('3 rows fewer than the 3,022 recorded.')
  })

  it('opens without its .report.json as not made by the app, unverified', async () => {
    const path = await copyAs('alone', await readFile(csvPath))
    const report = opened(await openReportFile(path))
    expect(allRecords(report)).toEqual(SOURCE)
    expect(report.info).toMatchObject({ madeByApp: false, integrity: 'unverified', rowsRead: SOURCE.length })
    expect(report.info.integrityDetail).toBe(
      `${NOT_MADE_BY_APP} (Opt-Out Desk writes alone.report.json beside each CSV it exports.)`,
    )
    expect(report.info.recordedSha256).toBeUndefined()
  })

  it('opens with an unreadable .report.json as unverified, saying the report file could not be read', async () => {
    const path = await copyAs(
      'broken',
      await readFile(csvPath),
      '{"kind": "opt-out-desk/export-report", "rows',
    )
    const report = opened(await openReportFile(path))
    expect(report.info).toMatchObject({ madeByApp: false, integrity: 'unverified' })
    expect(report.info.integrityDetail).toBe(
      'Its report file broken.report.json is not valid JSON (it may be damaged or cut short), so its rows cannot be checked.',
    )
  })

  it('opens with a .report.json of some other program as unverified', async () => {
    const path = await copyAs('foreign', await readFile(csvPath), '{"kind": "something-else"}')
    const report = opened(await openReportFile(path))
    expect(report.info.integrityDetail).toContain('is not an Opt-Out Desk report file')
  })

  it('keeps what it can of an edited .report.json: a bad count is unknown, the hash still checks', async () => {
    const json = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, unknown>
    json.rowsWritten = 'many'
    json.appVersion = 42
    const path = await copyAs('edited-json', await readFile(csvPath), JSON.stringify(json))
    const report = opened(await openReportFile(path))
    expect(report.info).toMatchObject({ madeByApp: true, integrity: 'intact', apiBase: API_BASE })
    expect(report.info.rowsRecorded).toBeUndefined()
    expect(report.info.appVersion).toBeUndefined()
  })

  it('calls an ambiguous leading apostrophe unverified when the file itself is unchanged', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      // "'=x" is written as is; "=x" is written as "'=x": the reader cannot tell them apart.
      const rows = [{ ...(SOURCE[0] as OptOutRecord), reason: "'=already quoted" }, ...SOURCE.slice(1, 10)]
      const { path } = await exportReport(other, rows, 'csv')
      const report = opened(await openReportFile(path))
      expect(report.info.integrity).toBe('unverified')
      expect(report.info.integrityDetail).toMatch(/^The file is byte for byte as it was written/)
    } finally {
      await done()
    }
  })
})

describe('CSV files not made by the app, and damaged ones', () => {
  it("reads Convoso's field names in any order, with a semicolon separator", async () => {
    const path = await copyAs(
      'convoso',
      'phone_number;ID;Reason;extra;campaign_id\n0207946000;42;"STOP; now";x;0\n\n8181233567;43;;;1001\n;;;;\n',
    )
    const report = opened(await openReportFile(path))
    expect(report.info).toMatchObject({ madeByApp: false, integrity: 'unverified', rowsRead: 2 })
    expect(allRecords(report)).toEqual([
      {
        id: '42',
        phone_code: '',
        phone_number: '0207946000',
        reason: 'STOP; now',
        purpose: '',
        insert_date: '',
        campaign_id: '0',
        campaign_name: '',
      },
      {
        id: '43',
        phone_code: '',
        phone_number: '8181233567',
        reason: '',
        purpose: '',
        insert_date: '',
        campaign_id: '1001',
        campaign_name: '',
      },
    ])
  })

  it('says what it expected when the header is not recognised', async () => {
    const path = await copyAs('budget', 'Item,Cost\nPaper,12\n')
    const result = await openReportFile(path)
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message:
          'budget.csv has no header row with the opt-out columns (Record ID, Phone number, …). ' +
          'Open a report exported by Opt-Out Desk, or a CSV with those column headers.',
      },
    })
  })

  it('refuses a CSV with a quote that is never closed, saying where', async () => {
    const text = `${await readFile(csvPath, 'utf8')}2,1,555,"never closed\r\n3,1,556,STOP\r\n`
    const path = await copyAs('unclosed', text, await readFile(jsonPath, 'utf8'))
    const result = await openReportFile(path)
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message:
          'unclosed.csv is damaged: a quoted value that starts after data row 3,022 is never closed, so the rest ' +
          'of the file cannot be split into rows (it may have been cut short or edited by hand). Open the original ' +
          'file, or export the report again from Opt-Out Desk.',
      },
    })
  })

  it('refuses an empty CSV and a missing one', async () => {
    const empty = await copyAs('empty', '')
    expect(await openReportFile(empty)).toMatchObject({
      ok: false,
      error: { kind: 'report-file', message: expect.stringMatching(/^empty\.csv is empty \(0 bytes\)/) },
    })
    expect(await openReportFile(join(dir, 'gone.csv'))).toMatchObject({
      ok: false,
      error: { kind: 'report-file', message: expect.stringMatching(/^gone\.csv could not be found/) },
    })
  })

  it('cancels mid-read and lets go of the file', async () => {
    const { result, filesBefore, filesAfter } = await openAndCancelAt(csvPath, 1000)
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
    expect(filesAfter).toBe(filesBefore)
  })
})
