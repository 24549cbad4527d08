import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OptOutRecord } from '../../../../src/shared/records'
import type { ScrubOutputFile } from '../../../../src/shared/scrub-result'
import { hasSoffice } from '../export/helpers'
import { exportReport, tempDir } from '../offline/helpers'
import { record } from './doubles'
import { harness, openReport, writeList, type Harness } from './harness'

/**
 * The three files a scrub saves, read back with csv-parse and exceljs (and LibreOffice where it is
 * installed): the clean list is exactly the input's header and the rows to send, the suppressed list
 * every other row with why, and the report names both by their SHA-256.
 */

const SNAPSHOT: OptOutRecord[] = [
  record({ id: '11', phone_code: '1', phone_number: '8181233567', campaign_id: '0', reason: 'STOP' }),
  record({
    id: '12',
    phone_code: '1',
    phone_number: '2135550100',
    campaign_id: '42',
    campaign_name: 'Summer',
  }),
  record({ id: '13', phone_code: '1', phone_number: '2135550102', campaign_id: '0', purpose: 'TELEMKT' }),
]

const HEADER = 'Name,Phone,Note,Amount'
const LIST = [
  HEADER,
  'Ann,+1 818 123 3567,stop,1',
  'Bob,+1 213 555 0100,campaign 42 only,002',
  'Cy,+1 213 555 0101,=1+2,3',
  'Di,+1 213 555 0102,purpose,4',
  'Ed,nope,junk,5',
  'Flo,+1 213 555 0101,repeat,6',
  'Gus,+1 213 555 0199,-minus,',
]
const CLEAN_ROWS = [
  ['Bob', '+1 213 555 0100', 'campaign 42 only', '002'],
  ['Cy', '+1 213 555 0101', "'=1+2", '3'],
  ['Gus', '+1 213 555 0199', "'-minus", ''],
]

let dir: string
let cleanup: () => Promise<void>
let listPath: string
let h: Harness
let scrubId: string
let out: string
let counter = 0

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  const snapshot = (
    await exportReport(dir, SNAPSHOT, 'xlsx', { now: () => new Date(), filePath: join(dir, 'all.xlsx') })
  ).path
  listPath = await writeList(dir, 'list.csv', LIST)
  h = harness()
  h.lists.set('list-1', listPath)
  h.opened.report = await openReport(snapshot)
  scrubId = (await h.run({ listId: 'list-1' })).scrubId
})
afterAll(() => cleanup())
beforeEach(() => {
  counter += 1
  out = join(dir, `run-${counter}`)
})

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

async function save(format: 'csv' | 'xlsx', chosen = 'march.'): Promise<ScrubOutputFile[]> {
  await import('node:fs/promises').then((fs) => fs.mkdir(out, { recursive: true }))
  h.dialogs.nextReportPath = join(out, `${chosen}${format}`)
  const saved = await h.scrub.saveOutputs({ scrubId, format })
  if (!saved.ok || saved.data === null) throw new Error(`save failed: ${JSON.stringify(saved)}`)
  expect(saved.data.format).toBe(format)
  return saved.data.files
}

function fileOf(files: ScrubOutputFile[], kind: ScrubOutputFile['kind']): ScrubOutputFile {
  const file = files.find((one) => one.kind === kind)
  if (!file) throw new Error(`no ${kind} file`)
  return file
}

describe('saving as CSV', () => {
  it('writes the clean list with exactly the input header and only the rows to send', async () => {
    const files = await save('csv')
    const clean = fileOf(files, 'clean')
    expect(clean.path).toBe(join(out, 'march - clean.csv'))
    const bytes = await readFile(clean.path)
    expect(clean.sha256).toBe(sha256(bytes))
    expect(clean.rows).toBe(3)
    // No byte-order mark or metadata for the dialer; CRLF; the phone cells exactly as in the input.
    expect(bytes.subarray(0, 3).toString('latin1')).not.toBe('\xEF\xBB\xBF')
    const text = bytes.toString('utf8')
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true)
    expect(parse(text)).toEqual([HEADER.split(','), ...CLEAN_ROWS])
    expect(await readdir(out)).toEqual([
      'march - clean.csv',
      'march - scrub report.csv',
      'march - suppressed.csv',
    ])
  })

  it('writes every other row to the suppressed list with why, campaigns and record ids', async () => {
    const files = await save('csv')
    const suppressed = fileOf(files, 'suppressed')
    const bytes = await readFile(suppressed.path)
    expect(suppressed.sha256).toBe(sha256(bytes))
    const table = parse(bytes.toString('utf8'), { bom: true }) as string[][]
    expect(table[0]).toEqual([
      ...HEADER.split(','),
      'Number (E.164)',
      'Verdict',
      'Why',
      'Campaigns',
      'Since',
      'Reason',
      'Purpose',
      'Record IDs',
    ])
    const rows = table.slice(1)
    expect(rows.map((row) => [row[0], row[5], row[11]])).toEqual([
      ['Ann', 'Do not send', '11'],
      ['Di', 'Review', '13'],
      ['Ed', 'Invalid', ''],
      ['Flo', 'Duplicate', ''],
    ])
    expect(rows[0]?.slice(4)).toEqual([
      "'+18181233567",
      'Do not send',
      'Global opt-out since 2024-04-22 17:01:31 (reason: STOP)',
      'Global',
      '2024-04-22 17:01:31',
      'STOP',
      '',
      '11',
    ])
    expect(suppressed.rows).toBe(4)
  })

  it("records the input's and the snapshot's hashes, the rules, the counts and both lists' SHA-256", async () => {
    const files = await save('csv')
    const report = fileOf(files, 'report')
    const bytes = await readFile(report.path)
    expect(report.sha256).toBe(sha256(bytes))
    const lines = parse(bytes.toString('utf8'), { bom: true, relax_column_count: true }) as string[][]
    const blank = lines.findIndex((line) => line.length === 1 && line[0] === '')
    const meta = new Map(lines.slice(0, blank === -1 ? undefined : blank).map((line) => [line[0], line[1]]))
    expect(meta.get('Report')).toBe('Opt-Out Desk scrub report')
    expect(meta.get('Input file')).toBe('list.csv')
    expect(meta.get('Input file SHA-256')).toBe(sha256(await readFile(listPath)))
    expect(meta.get('Snapshot file')).toBe('all.xlsx')
    expect(meta.get('Snapshot row hash (actual)')).toBe(meta.get('Snapshot row hash (recorded)'))
    expect(meta.get('Snapshot age at scrub time')).toMatch(/^0\.\d hours$/)
    expect(meta.get('Clean list SHA-256')).toBe(fileOf(files, 'clean').sha256)
    expect(meta.get('Suppressed list SHA-256')).toBe(fileOf(files, 'suppressed').sha256)
    expect(meta.get('Rows: Do not send')).toBe('1')
    expect(meta.get('Purpose-scoped matches')).toBe('Held for review')
    expect(meta.get('Formula-like cells')).toMatch(/^8 cells/) // 2 in the clean list, 6 phone and E.164 cells in the suppressed one
    const table = lines.slice(lines.findIndex((line) => line[0] === 'Verdict'))
    expect(table.map((line) => line.slice(0, 3))).toEqual([
      ['Verdict', 'Rows', 'In the clean list'],
      ['Do not send', '1', 'No'],
      ['Review', '1', 'No'],
      ['Clear', '3', 'Yes'],
      ['Invalid', '1', 'No'],
      ['Duplicate', '1', 'No'],
    ])
  })
})

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path)
  return book
}

const sheetText = (sheet: ExcelJS.Worksheet): string[][] => {
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = []
    for (let column = 1; column <= sheet.columnCount; column += 1) {
      const value = row.getCell(column).value
      cells.push(value === null || value === undefined ? '' : String(value))
    }
    rows.push(cells)
  })
  return rows
}

describe('saving as XLSX', () => {
  it('writes a one-sheet clean list of text cells, the suppressed list and the report sheets', async () => {
    const files = await save('xlsx')
    const clean = await workbook(fileOf(files, 'clean').path)
    expect(clean.worksheets).toHaveLength(1)
    // In a workbook nothing runs as a formula: the cells keep the input's text unchanged.
    expect(sheetText(clean.worksheets[0] as ExcelJS.Worksheet)).toEqual([
      HEADER.split(','),
      ['Bob', '+1 213 555 0100', 'campaign 42 only', '002'],
      ['Cy', '+1 213 555 0101', '=1+2', '3'],
      ['Gus', '+1 213 555 0199', '-minus', ''],
    ])
    const suppressed = await workbook(fileOf(files, 'suppressed').path)
    const rows = sheetText(suppressed.getWorksheet('Suppressed') as ExcelJS.Worksheet)
    expect(rows.map((row) => row[5])).toEqual(['Verdict', 'Do not send', 'Review', 'Invalid', 'Duplicate'])
    const report = await workbook(fileOf(files, 'report').path)
    expect(report.worksheets.map((sheet) => sheet.name)).toEqual(['Scrub', 'Counts and rules'])
    const meta = new Map(
      sheetText(report.getWorksheet('Scrub') as ExcelJS.Worksheet).map((row) => [row[0], row[1]]),
    )
    expect(meta.get('Clean list SHA-256')).toBe(sha256(await readFile(fileOf(files, 'clean').path)))
    expect(meta.get('Suppressed list SHA-256')).toBe(sha256(await readFile(fileOf(files, 'suppressed').path)))
    expect(meta.has('Formula-like cells')).toBe(false)
  })
})

describe('what saving refuses or asks', () => {
  it('writes nothing when the dialog is closed, and asks before replacing an earlier file', async () => {
    h.dialogs.nextReportPath = null
    expect(await h.scrub.saveOutputs({ scrubId, format: 'csv' })).toEqual({ ok: true, data: null })
    await save('csv')
    h.dialogs.confirmReplaceAnswer = false
    h.dialogs.nextReportPath = join(out, 'march.csv')
    const before = await readFile(join(out, 'march - clean.csv'))
    expect(await h.scrub.saveOutputs({ scrubId, format: 'csv' })).toEqual({ ok: true, data: null })
    expect(h.dialogs.replaceQuestions.at(-1)).toBe('march - clean.csv')
    expect(await readFile(join(out, 'march - clean.csv'))).toEqual(before)
    h.dialogs.confirmReplaceAnswer = true
  })

  it('refuses to save when the list changed since the scrub, leaving no file', async () => {
    const other = harness()
    const changing = await writeList(dir, 'changing.csv', LIST)
    other.lists.set('list-2', changing)
    other.opened.report = h.opened.report
    const outcome = await other.run({ listId: 'list-2' })
    await writeFile(changing, [...LIST, 'Zed,+1 213 555 0177,new,9'].join('\r\n'))
    await import('node:fs/promises').then((fs) => fs.mkdir(out, { recursive: true }))
    other.dialogs.nextReportPath = join(out, 'x.csv')
    const saved = await other.scrub.saveOutputs({ scrubId: outcome.scrubId, format: 'csv' })
    expect(saved).toMatchObject({
      ok: false,
      error: { kind: 'report-file', message: expect.stringContaining('changed after it was scrubbed') },
    })
    expect(await readdir(out)).toEqual([])
  })

  it('refuses a scrub it no longer keeps', async () => {
    expect(await h.scrub.saveOutputs({ scrubId: 'gone', format: 'csv' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
  })
})

const sofficeAvailable = hasSoffice()
if (!sofficeAvailable) {
  console.log(
    '[scrub] LibreOffice read-back skipped: `soffice` is not installed (Debian: libreoffice-calc-nogui).',
  )
}

describe.skipIf(!sofficeAvailable)('LibreOffice opens the clean and suppressed lists', () => {
  it('shows the clean list exactly as the input, and the suppressed rows', async () => {
    const files = await save('xlsx')
    const csvFilter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false'
    for (const kind of ['clean', 'suppressed'] as const) {
      execFileSync(
        'soffice',
        ['--headless', '--convert-to', csvFilter, fileOf(files, kind).path, '--outdir', join(out, 'lo')],
        {
          stdio: 'ignore',
          timeout: 120_000,
        },
      )
    }
    const clean = parse(await readFile(join(out, 'lo', 'march - clean.csv'), 'utf8'), {
      relax_column_count: true,
    })
    expect(clean).toEqual([
      HEADER.split(','),
      ['Bob', '+1 213 555 0100', 'campaign 42 only', '002'],
      ['Cy', '+1 213 555 0101', '=1+2', '3'],
      ['Gus', '+1 213 555 0199', '-minus', ''],
    ])
    const suppressed = parse(await readFile(join(out, 'lo', 'march - suppressed.csv'), 'utf8')) as string[][]
    expect(suppressed.map((row) => [row[0], row[5]])).toEqual([
      ['Name', 'Verdict'],
      ['Ann', 'Do not send'],
      ['Di', 'Review'],
      ['Ed', 'Invalid'],
      ['Flo', 'Duplicate'],
    ])
  }, 240_000)
})
