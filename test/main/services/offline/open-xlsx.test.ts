import ExcelJS from 'exceljs'
import { CANNOT_OPEN_MESSAGE } from '../../../../src/main/lib/report-path'
import { execFileSync } from 'node:child_process'
import { copyFile, readFile, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashRows } from '../../../../src/main/services/export/canonical-hash'
import { NOT_MADE_BY_APP } from '../../../../src/main/services/offline/integrity'
import { openReportFile } from '../../../../src/main/services/offline'
import type { OpenedReport } from '../../../../src/main/services/offline/types'
import type { OptOutRecord } from '../../../../src/shared/records'
import type { Result } from '../../../../src/shared/result'
import { hasSoffice, zipEntryText } from '../export/helpers'
import {
  API_BASE,
  EDGE_ROWS,
  exportReport,
  fixtureRecords,
  GENERATED_AT,
  openAndCancelAt,
  openFileCount,
  storedZip,
  tempDir,
} from './helpers'

const SOURCE = fixtureRecords(3000)
let dir: string
let cleanup: () => Promise<void>
let reportPath: string

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  reportPath = (await exportReport(dir, SOURCE, 'xlsx')).path
})
afterAll(() => cleanup())

function opened(result: Result<OpenedReport>): OpenedReport {
  if (!result.ok)
    throw new Error(`expected the report to open: ${result.error.kind}: ${result.error.message}`)
  return result.data
}

function allRecords(report: OpenedReport): OptOutRecord[] {
  return report.search({}, 0, report.info.rowsRead).records
}

async function failure(path: string): Promise<{ kind: string; message: string }> {
  const result = await openReportFile(path)
  if (result.ok) throw new Error('expected the open to fail')
  return result.error
}

/** Rewrites a copy of the report with exceljs's own (non-streaming) workbook, changed by `edit`. */
async function rewritten(
  name: string,
  edit: (sheet: ExcelJS.Worksheet) => void,
  source = reportPath,
): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(source)
  edit(workbook.getWorksheet('Opt-outs') as ExcelJS.Worksheet)
  const path = join(dir, name)
  await workbook.xlsx.writeFile(path)
  return path
}

describe('opening an XLSX report made by the app', () => {
  it('reads back every record exactly as Convoso sent it, in file order', async () => {
    const report = opened(await openReportFile(reportPath))
    const records = allRecords(report)
    expect(records).toHaveLength(SOURCE.length)
    expect(records).toEqual(SOURCE)
    for (const edge of EDGE_ROWS) expect(records).toContainEqual(edge)
  })

  it('reports what the file recorded about itself, and that the rows are intact', async () => {
    const report = opened(await openReportFile(reportPath))
    expect(report.info).toEqual({
      fileName: 'report.xlsx',
      filePath: reportPath,
      format: 'xlsx',
      fileBytes: (await stat(reportPath)).size,
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
      integrityDetail: 'Every row matches the hash recorded when the report was made.',
      partial: false,
    })
  })

  it('records the filters the export sent', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      const rows = SOURCE.filter((row) => row.campaign_id === '0')
      const { path } = await exportReport(other, rows, 'xlsx', {
        params: { campaign_id: '0', reason: '-BLANK-' },
      })
      const report = opened(await openReportFile(path))
      expect(report.info).toMatchObject({
        filtersDescription: 'global, reason blank',
        paramsAsSent: { campaign_id: '0', reason: '-BLANK-' },
        integrity: 'intact',
      })
    } finally {
      await done()
    }
  })

  it('reads multi-byte characters exactly wherever the chunks of the sheet split them', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      // Thousands of 2-, 3- and 4-byte characters: chunk boundaries are bound to cut some (exceljs's own
      // reader turns those into U+FFFD).
      const rows = SOURCE.slice(0, 4000).map((row, index) => ({
        ...row,
        reason: `é日😀 ${'Número – 日本語 😀 '.repeat(1 + (index % 5))}`,
      }))
      const { path } = await exportReport(other, rows, 'xlsx')
      const report = opened(await openReportFile(path))
      expect(allRecords(report)).toEqual(rows)
      expect(report.info.integrity).toBe('intact')
    } finally {
      await done()
    }
  })

  it('reads a partial report as partial', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      const { path } = await exportReport(other, SOURCE.slice(0, 50), 'xlsx', {
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
      expect(allRecords(report)).toEqual(SOURCE.slice(0, 30))
    } finally {
      await done()
    }
  })

  it('reports progress in rows and bytes up to the whole file', async () => {
    const seen: { bytesRead: number; totalBytes: number; rowsRead: number }[] = []
    opened(await openReportFile(reportPath, { onProgress: (progress) => seen.push(progress) }))
    const total = (await stat(reportPath)).size
    expect(seen[0]).toEqual({ bytesRead: 0, totalBytes: total, rowsRead: 0 })
    expect(seen.map((progress) => progress.rowsRead)).toEqual([0, 1000, 2000, 3000, SOURCE.length])
    expect(seen.at(-1)).toEqual({ bytesRead: total, totalBytes: total, rowsRead: SOURCE.length })
    for (let index = 1; index < seen.length; index += 1) {
      expect(seen[index]?.bytesRead).toBeGreaterThanOrEqual(seen[index - 1]?.bytesRead ?? 0)
    }
  })

  it('reads a report re-saved unchanged by another program as intact', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      // exceljs's full reader decodes XML entities twice (see below), so that one row is left out here.
      const rows = SOURCE.filter((row) => !row.reason.includes('&amp;'))
      const { path } = await exportReport(other, rows, 'xlsx')
      // exceljs's full writer stores text as shared strings, unlike the report's writer.
      const resaved = await rewritten('resaved.xlsx', () => undefined, path)
      expect(await zipEntryText(await readFile(resaved), 'xl/sharedStrings.xml')).toContain('<si>')
      const report = opened(await openReportFile(resaved))
      expect(allRecords(report)).toEqual(rows)
      expect(report.info).toMatchObject({ integrity: 'intact', madeByApp: true })
    } finally {
      await done()
    }
  })

  it('reads text that looks like XML entities exactly, where exceljs alone would decode it twice', async () => {
    const report = opened(await openReportFile(reportPath))
    const entityRow = allRecords(report).find((row) => row.id === '11')
    expect(entityRow?.reason).toBe('Tom &amp; Jerry &lt;3 said "no" <b>bold</b> & more')
    // exceljs's own reader (used to re-save here) turns "&amp;" into "&": the re-saved file really differs.
    const resaved = await rewritten('resaved-entities.xlsx', () => undefined)
    const strings = await zipEntryText(await readFile(resaved), 'xl/sharedStrings.xml')
    expect(strings).toContain('Tom &amp; Jerry &lt;3')
    expect(strings).not.toContain('Tom &amp;amp; Jerry')
    const changed = opened(await openReportFile(resaved))
    expect(changed.info.integrity).toBe('modified')
    expect(allRecords(changed).find((row) => row.id === '11')?.reason).toBe(
      'Tom & Jerry <3 said "no" <b>bold</b> & more',
    )
  })
})

describe.skipIf(!hasSoffice())('an XLSX report re-saved by LibreOffice', () => {
  it('still reads every record exactly, and as intact', async () => {
    // LibreOffice rewrites every part: shared strings, its own styles and number formats, no rich text.
    execFileSync(
      'soffice',
      ['--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', 'report.xlsx', '--outdir', 'lo'],
      {
        cwd: dir,
        stdio: 'ignore',
        timeout: 120_000,
      },
    )
    const report = opened(await openReportFile(join(dir, 'lo', 'report.xlsx')))
    expect(allRecords(report)).toEqual(SOURCE)
    expect(report.info).toMatchObject({ integrity: 'intact', madeByApp: true, rowsRecorded: SOURCE.length })
  }, 180_000)
})

describe('an XLSX report that was changed after it was made', () => {
  it('reads as modified when one phone number was edited', async () => {
    const path = await rewritten('edited.xlsx', (sheet) => {
      sheet.getRow(100).getCell(3).value = '5550000000'
    })
    const report = opened(await openReportFile(path))
    expect(report.info.integrity).toBe('modified')
    expect(report.info.integrityDetail).toBe(
      'The rows no longer match the hash recorded when the report was made: the 3,022 rows are all there, ' +
        'but at least one value was changed or rows were moved.',
    )
    expect(report.info.actualSha256).not.toBe(report.info.recordedSha256)
    expect(allRecords(report)[98]?.phone_number).toBe('5550000000')
  })

  it('reads as modified, with the difference in rows, when a row was deleted', async () => {
    const path = await rewritten('deleted.xlsx', (sheet) => sheet.spliceRows(50, 1))
    const report = opened(await openReportFile(path))
    expect(report.info).toMatchObject({ integrity: 'modified', rowsRead: SOURCE.length - 1 })
    expect(report.info.integrityDetail).toBe(
      'The rows no longer match the hash recorded when the report was made: 1 row fewer than the 3,022 recorded.',
    )
  })

  it('reads as unverified when the report says XLSX could not hold some cells exactly', async () => {
    const { dir: other, cleanup: done } = await tempDir()
    try {
      const rows = [...SOURCE.slice(0, 20), { ...(SOURCE[20] as OptOutRecord), reason: 'bell\u0007 ringing' }]
      const { path, summary } = await exportReport(other, rows, 'xlsx')
      expect(summary.cellsAlteredByXlsx).toBe(1)
      const report = opened(await openReportFile(path))
      expect(report.info.integrity).toBe('unverified')
      expect(report.info.integrityDetail).toContain('1 cell could not be stored exactly in XLSX')
    } finally {
      await done()
    }
  })
})

describe('a workbook not made by the app', () => {
  async function foreignWorkbook(name: string, rows: unknown[][], sheetName = 'Sheet1'): Promise<string> {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet(sheetName)
    for (const row of rows) sheet.addRow(row)
    const path = join(dir, name)
    await workbook.xlsx.writeFile(path)
    return path
  }

  it('opens as unverified when its header names the opt-out columns, in any order and case', async () => {
    const path = await foreignWorkbook('foreign.xlsx', [
      ['Opt-outs exported by hand'],
      [],
      ['Campaign_Name', 'ID', 'notes', 'PHONE NUMBER', 'reason', 'insert_date', 'Phone code'],
      ['Café', 42, 'ignored', '0207946000', 'STOP', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '44'],
      [null, '43', null, '8181233567', null, null, 1],
    ])
    const report = opened(await openReportFile(path))
    expect(report.info).toMatchObject({
      madeByApp: false,
      integrity: 'unverified',
      integrityDetail: NOT_MADE_BY_APP,
      rowsRead: 2,
      partial: false,
    })
    expect(report.info.generatedAt).toBeUndefined()
    expect(allRecords(report)).toEqual([
      {
        id: '42',
        phone_code: '44',
        phone_number: '0207946000',
        reason: 'STOP',
        purpose: '',
        // exceljs's default date format shows no time.
        insert_date: '2024-01-02',
        campaign_id: '',
        campaign_name: 'Café',
      },
      {
        id: '43',
        phone_code: '1',
        phone_number: '8181233567',
        reason: '',
        purpose: '',
        insert_date: '',
        campaign_id: '',
        campaign_name: '',
      },
    ])
  })

  it('says what it expected when no sheet has the opt-out columns', async () => {
    const path = await foreignWorkbook('budget.xlsx', [
      ['Item', 'Cost'],
      ['Paper', 12],
    ])
    expect(await failure(path)).toEqual({
      kind: 'report-file',
      message:
        "This workbook has no 'Opt-outs' sheet or header row with the opt-out columns (Record ID, Phone number, …). " +
        'Open a report exported by Opt-Out Desk, or a sheet with those column headers.',
    })
  })

  it('ignores a sheet called Report that is not ours', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Report').addRow(['Report', 'Quarterly numbers'])
    const data = workbook.addWorksheet('Data')
    data.addRow(['id', 'phone_number'])
    data.addRow(['1', '555'])
    const path = join(dir, 'other-report.xlsx')
    await workbook.xlsx.writeFile(path)
    const report = opened(await openReportFile(path))
    expect(report.info).toMatchObject({ madeByApp: false, integrity: 'unverified', rowsRead: 1 })
  })
})

describe('damaged and unreadable files', () => {
  it('refuses a workbook cut short, saying so', async () => {
    const path = join(dir, 'cut.xlsx')
    await copyFile(reportPath, path)
    await truncate(path, Math.floor((await stat(path)).size / 2))
    const error = await failure(path)
    expect(error.kind).toBe('report-file')
    expect(error.message).toMatch(/^cut\.xlsx is damaged: the workbook is incomplete/)
    expect(error.message).toContain('export the report again')
  })

  it('refuses a workbook whose sheet data is corrupted in the middle, without hanging', async () => {
    const bytes = await readFile(reportPath)
    const middle = Math.floor(bytes.length / 3)
    for (let at = middle; at < middle + 64; at += 1) bytes[at] = (bytes[at] ?? 0) ^ 0xa5
    const path = join(dir, 'corrupt.xlsx')
    await writeFile(path, bytes)
    const error = await failure(path)
    expect(error.kind).toBe('report-file')
    // What the inflater said goes to the log, not into the message.
    expect(error.message).toBe(
      "corrupt.xlsx is damaged: its sheet 'Opt-outs' cannot be read. " +
        'Open the original file, or export the report again from Opt-Out Desk.',
    )
  })

  it('refuses a file named .xlsx that is not a workbook', async () => {
    const path = join(dir, 'notes.xlsx')
    await writeFile(path, 'just some text, not a zip')
    expect(await failure(path)).toEqual({
      kind: 'report-file',
      message:
        'notes.xlsx is not an Excel workbook: its content is not in the .xlsx format (it may be another kind of ' +
        'file renamed, or damaged). Open an .xlsx or .csv report exported by Opt-Out Desk.',
    })
  })

  it('refuses a zip that is not a workbook', async () => {
    const path = join(dir, 'letter.xlsx')
    await writeFile(path, storedZip({ 'word/document.xml': '<document/>', mimetype: 'text/plain' }))
    expect(await failure(path)).toEqual({
      kind: 'report-file',
      message:
        'letter.xlsx is a zip file but not an Excel workbook (it has no xl/workbook.xml). ' +
        'Open an .xlsx or .csv report exported by Opt-Out Desk.',
    })
  })

  it('refuses a workbook whose sheet XML stops before its end', async () => {
    const path = join(dir, 'short-sheet.xlsx')
    await writeFile(
      path,
      storedZip({
        'xl/workbook.xml':
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="Opt-outs" sheetId="1" r:id="rId1"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels':
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ' +
          'Target="worksheets/sheet1.xml"/></Relationships>',
        'xl/worksheets/sheet1.xml':
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
          '<row r="1"><c r="A1" t="str"><v>id</v></c><c r="B1" t="str"><v>phone_number</v></c></row>' +
          '<row r="2"><c r="A2" t="str"><v>1</v></c><c r="B2" t="str"><v>555</v></c></row>',
      }),
    )
    expect(await failure(path)).toEqual({
      kind: 'report-file',
      message:
        "short-sheet.xlsx is damaged: its sheet 'Opt-outs' cannot be read (the sheet ends before its closing tag). " +
        'Open the original file, or export the report again from Opt-Out Desk.',
    })
  })

  it('refuses an empty file', async () => {
    const path = join(dir, 'empty.xlsx')
    await writeFile(path, '')
    expect(await failure(path)).toEqual({
      kind: 'report-file',
      message:
        'empty.xlsx is empty (0 bytes), so it holds no report. It was probably cut short while being copied or ' +
        'saved. Open the original file, or export the report again from Opt-Out Desk.',
    })
  })

  it('refuses a path with no file, a folder, and an encrypted or old-format workbook', async () => {
    expect(await failure(join(dir, 'missing.xlsx'))).toEqual({
      kind: 'report-file',
      message:
        'missing.xlsx could not be found. It may have been moved, renamed or deleted; choose the file again.',
    })
    expect((await failure(dir)).message).toBe(CANNOT_OPEN_MESSAGE)
    const ole = join(dir, 'locked.xlsx')
    await writeFile(ole, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]))
    expect((await failure(ole)).message).toMatch(
      /^locked\.xlsx is a password-protected workbook or an old Excel/,
    )
  })
})

describe('cancelling', () => {
  it('stops mid-read, answers cancelled and lets go of the file', async () => {
    const { result, rowsWhenCancelled, filesBefore, filesAfter } = await openAndCancelAt(reportPath, 1000)
    expect(rowsWhenCancelled).toBe(1000)
    expect(result).toEqual({
      ok: false,
      error: { kind: 'cancelled', message: 'Opening the report was cancelled.' },
    })
    expect(filesAfter).toBe(filesBefore)
  })

  it('does not start when already cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const result = await openReportFile(reportPath, { signal: controller.signal })
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
  })

  it('lets go of the file after a failure too', async () => {
    const before = await openFileCount()
    const path = join(dir, 'cut-again.xlsx')
    await copyFile(reportPath, path)
    await truncate(path, 4000)
    await failure(path)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await openFileCount()).toBe(before)
  })
})
