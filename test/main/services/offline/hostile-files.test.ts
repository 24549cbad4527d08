import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openReportFile } from '../../../../src/main/services/offline'
import { NOT_MADE_BY_APP } from '../../../../src/main/services/offline/integrity'
import { RECORD_FIELDS } from '../../../../src/shared/records'
import { storedZip } from './helpers'

/**
 * Files made to hurt the reader or to mislead its messages: special files
 * where a report or its .report.json is expected, a zip with a part that
 * points outside it, an endless line, a valid workbook written without the
 * optional `r` references. Each gets a plain message saying what is wrong, and
 * never a library's own words.
 */

const CSV_HEADER = 'id,phone_code,phone_number,reason,purpose,insert_date,campaign_id,campaign_name\r\n'
const CSV_ROW = '7,1,5550001,STOP,,2024-01-02 03:04:05,0,\r\n'
const LIBRARY_TEXT =
  /Cannot read properties|undefined|Invalid string length|ERR_|EISDIR|signature|\bat line\b/

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostile-files-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

function makeFifo(path: string): boolean {
  try {
    execFileSync('mkfifo', [path])
    return true
  } catch {
    return false
  }
}
const canMakeFifo = process.platform !== 'win32'
if (!canMakeFifo) console.log('FIFO tests skipped: Windows has no mkfifo')

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const WORKBOOK = {
  'xl/workbook.xml':
    `<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}">` +
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}
const inline = (text: string): string => `<c t="inlineStr"><is><t>${text}</t></is></c>`

describe('finding 8: special files never stall an open', () => {
  it.skipIf(!canMakeFifo)(
    'a FIFO where the .report.json is expected does not hang the open',
    async () => {
      const csv = join(dir, 'piped.csv')
      await writeFile(csv, CSV_HEADER + CSV_ROW)
      expect(makeFifo(join(dir, 'piped.report.json'))).toBe(true)
      const result = await openReportFile(csv)
      if (!result.ok) throw new Error(result.error.message)
      expect(result.data.info).toMatchObject({ rowsRead: 1, madeByApp: false, integrity: 'unverified' })
      expect(result.data.info.integrityDetail).toBe(
        'Its report file piped.report.json is not a regular file (it is a folder, a device or a pipe), so its rows cannot be checked.',
      )
    },
    20_000,
  )

  it.skipIf(!canMakeFifo)(
    'a FIFO named like a report is refused without being opened',
    async () => {
      const fifo = join(dir, 'named.csv')
      expect(makeFifo(fifo)).toBe(true)
      const result = await openReportFile(fifo)
      expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
      expect(result.ok ? '' : result.error.message).toMatch(/^This file cannot be opened\./)
    },
    20_000,
  )

  it.skipIf(process.platform === 'win32')(
    'a .report.json linked to /dev/zero is not read; the CSV opens unverified',
    async () => {
      const csv = join(dir, 'zero.csv')
      await writeFile(csv, CSV_HEADER + CSV_ROW)
      await symlink('/dev/zero', join(dir, 'zero.report.json'))
      const result = await openReportFile(csv)
      if (!result.ok) throw new Error(result.error.message)
      expect(result.data.info.integrity).toBe('unverified')
      expect(result.data.info.integrityDetail).toMatch(/is not a regular file/)
    },
    20_000,
  )
})

describe('finding 9: what is wrong is said as it is', () => {
  it('a zip with an unsafe entry name is called unsafe, not "cut short"', async () => {
    const path = join(dir, 'slip.xlsx')
    await writeFile(path, storedZip({ ...WORKBOOK, '../../evil.xml': '<x/>' }))
    const result = await openReportFile(path)
    expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
    const message = result.ok ? '' : result.error.message
    expect(message).toMatch(/^slip\.xlsx is not a report: its zip holds a part with an unsafe name/)
    expect(message).not.toMatch(/cut short|incomplete/)
  })

  it('a line far longer than any report has is called that, not "a quoted value is never closed"', async () => {
    const path = join(dir, 'long-line.csv')
    await writeFile(path, `${CSV_HEADER}${CSV_ROW}8,1,${'9'.repeat(20 * 1024 * 1024)},,,,,\r\n${CSV_ROW}`)
    const result = await openReportFile(path)
    expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
    const message = result.ok ? '' : result.error.message
    expect(message).toMatch(
      /^long-line\.csv cannot be opened: a line after data row 1 is longer than any report has/,
    )
    expect(message).not.toMatch(/never closed/)
  }, 60_000)

  it('a quote that is really never closed is still called that', async () => {
    const path = join(dir, 'open-quote.csv')
    await writeFile(
      path,
      `${CSV_HEADER}${CSV_ROW}8,1,"5550002,STOP\r\n`.padEnd(10, ' ') + 'x\r\n'.repeat(600_000),
    )
    const result = await openReportFile(path)
    expect(result.ok ? '' : result.error.message).toMatch(/is never closed/)
  }, 60_000)
})

describe('finding 10: a valid workbook without r references opens, and no message carries library text', () => {
  it('opens a sheet whose <row> and <c> have no r attribute, as not made by Opt-Out Desk', async () => {
    const path = join(dir, 'no-refs.xlsx')
    const sheet =
      `<worksheet xmlns="${MAIN}"><sheetData>` +
      `<row>${RECORD_FIELDS.map(inline).join('')}</row>` +
      `<row>${inline('41')}${inline('1')}${inline('5550001')}${inline('STOP')}</row>` +
      // A gap is allowed: this row says where it is, the next cell follows it.
      `<row r="5"><c r="C5" t="inlineStr"><is><t>5550002</t></is></c>${inline('Moved')}</row>` +
      '</sheetData></worksheet>'
    await writeFile(path, storedZip({ ...WORKBOOK, 'xl/worksheets/sheet1.xml': sheet }))
    const result = await openReportFile(path)
    if (!result.ok) throw new Error(`expected it to open: ${result.error.message}`)
    expect(result.data.info).toMatchObject({ madeByApp: false, integrity: 'unverified', rowsRead: 2 })
    expect(result.data.info.integrityDetail).toBe(NOT_MADE_BY_APP)
    const records = result.data.search({}, 0, 10).records
    expect(records.map((record) => [record.id, record.phone_number, record.reason])).toEqual([
      ['41', '5550001', 'STOP'],
      ['', '5550002', 'Moved'],
    ])
  })

  it('a sheet whose XML is broken says so in plain words', async () => {
    const path = join(dir, 'broken.xlsx')
    const sheet = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet><x>`
    await writeFile(path, storedZip({ ...WORKBOOK, 'xl/worksheets/sheet1.xml': sheet }))
    const result = await openReportFile(path)
    expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
    expect(result.ok ? '' : result.error.message).not.toMatch(LIBRARY_TEXT)
    expect(result.ok ? '' : result.error.message).not.toMatch(/\(/)
  })
})
