import ExcelJS from 'exceljs'
import { createHash } from 'node:crypto'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FORMULA_REASON, generateDemoRecords } from '../../../../src/main/services/demo-convoso/dataset'
import { startFakeConvoso, type FakeConvosoServer } from '../../../support/convoso-server/fake-convoso'
import { createConvosoClient } from '../../../../src/main/services/convoso/client'
import { hashRows } from '../../../../src/main/services/export/canonical-hash'
import { neutralise } from '../../../../src/main/services/export/csv-writer'
import { runExport, type RunExportOptions } from '../../../../src/main/services/export/export-job'
import type { SearchFn } from '../../../../src/main/services/export/retry'
import { TEST_WORKERS } from '../../../support/workers'
import { RECORD_FIELDS, RECORD_FIELD_LABELS, type OptOutRecord } from '../../../../src/shared/records'
import { fail, ok } from '../../../../src/shared/result'
import {
  listDir,
  listSearch,
  parseCsv,
  record,
  records as makeRecords,
  tempDir,
  virtualClock,
  zipEntryText,
} from './helpers'

const TOKEN = 'export-test-token-0001'
const ROWS = 3000
const SOURCE = generateDemoRecords(ROWS, 4242)
const GENERATED_AT = new Date(Date.UTC(2025, 0, 2, 3, 4, 5))

let server: FakeConvosoServer
let dir: string
let cleanup: () => Promise<void>

beforeAll(async () => {
  server = await startFakeConvoso({ records: SOURCE, tokens: [TOKEN] })
})
afterAll(() => server.close())
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  server.clearFaults()
})
afterEach(() => cleanup())

const client = createConvosoClient()
const convosoSearch =
  (token = TOKEN): SearchFn =>
  (offset, limit, signal) =>
    client.search({
      apiBase: server.apiBase,
      token,
      tokenOrigin: new URL(server.apiBase).origin,
      params: {},
      offset,
      limit,
      signal,
    })

function options(overrides: Partial<RunExportOptions> = {}): RunExportOptions {
  return {
    search: convosoSearch(),
    params: {},
    scope: { kind: 'all' },
    format: 'xlsx',
    filePath: join(dir, 'opt-outs.xlsx'),
    appVersion: '1.2.3',
    apiBase: server.apiBase,
    now: () => GENERATED_AT,
    clock: virtualClock().clock,
    // Written in the export-writer worker, as the app does.
    writer: TEST_WORKERS.exportWriter,
    ...overrides,
  }
}

/** What each source field must read back as from the XLSX (exceljs gives null for a blank cell). */
function expectedCell(field: (typeof RECORD_FIELDS)[number], text: string): unknown {
  if (text === '') return null
  if (field === 'id' || field === 'campaign_id')
    return /^(0|-?[1-9]\d{0,14})$/.test(text) ? Number(text) : text
  if (field === 'insert_date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text)
    if (!m) return text
    const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0))
    return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0))
  }
  return text
}

async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path)
  return workbook
}

function reportSheet(workbook: ExcelJS.Workbook): Map<string, unknown> {
  const sheet = workbook.getWorksheet('Report')
  const entries = new Map<string, unknown>()
  sheet?.eachRow((row) => entries.set(String(row.getCell(1).value), row.getCell(2).value))
  return entries
}

/** The cell's value; text kept in a rich-text run (leading/trailing spaces) as its plain text. */
function cellValue(cell: ExcelJS.Cell): unknown {
  const value = cell.value
  if (value === undefined) return null
  if (typeof value === 'object' && value !== null && 'richText' in value) return cell.text
  return value
}

describe('XLSX export against the fake Convoso', () => {
  it('writes every record exactly once, every cell equal to the source, with a report', async () => {
    const progress: number[] = []
    const result = await runExport(
      options({ concurrency: 3, onProgress: (p) => progress.push(p.rowsWritten) }),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const target = join(dir, 'opt-outs.xlsx')
    expect(result.data).toMatchObject({
      filePath: target,
      format: 'xlsx',
      rowsWritten: ROWS,
      sha256: hashRows(SOURCE),
      partial: false,
      duplicatesRemoved: 0,
      totalAtStart: ROWS,
      totalAtEnd: ROWS,
      dataChanged: false,
      cellsAlteredByXlsx: 0,
      generatedAt: '2025-01-02T03:04:05.000Z',
    })
    expect(result.data.fileBytes).toBe((await stat(target)).size)
    expect(await listDir(dir)).toEqual(['opt-outs.xlsx'])
    expect(progress.at(-1)).toBe(ROWS)

    const workbook = await readWorkbook(target)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Opt-outs', 'Report'])
    const sheet = workbook.getWorksheet('Opt-outs') as ExcelJS.Worksheet
    expect(sheet.rowCount).toBe(ROWS + 1)
    const header = sheet.getRow(1)
    RECORD_FIELDS.forEach((field, index) => {
      expect(header.getCell(index + 1).value).toBe(RECORD_FIELD_LABELS[field])
      expect(header.getCell(index + 1).font?.bold).toBe(true)
    })
    let mismatches = 0
    SOURCE.forEach((source, rowIndex) => {
      const row = sheet.getRow(rowIndex + 2)
      RECORD_FIELDS.forEach((field, index) => {
        const cell = row.getCell(index + 1)
        if (cell.type === ExcelJS.ValueType.Formula) mismatches += 1
        const actual = cellValue(cell)
        const expected = expectedCell(field, source[field])
        const same =
          actual instanceof Date
            ? expected instanceof Date && actual.getTime() === expected.getTime()
            : actual === expected
        if (!same) mismatches += 1
      })
    })
    expect(mismatches).toBe(0)

    // Formatting: text phones, real dates, frozen header, filter range.
    const second = sheet.getRow(2)
    expect(second.getCell(2).numFmt).toBe('@')
    expect(second.getCell(3).numFmt).toBe('@')
    expect(second.getCell(6).numFmt).toBe('yyyy-mm-dd hh:mm:ss')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBe(`A1:H${ROWS + 1}`)
    expect(sheet.getColumn(4).width).toBe(48)
    const workbookXml = await zipEntryText(await readFile(target), 'xl/workbook.xml')
    expect(workbookXml).toContain(
      `<definedName name="_xlnm._FilterDatabase" localSheetId="0">&apos;Opt-outs&apos;!$A$1:$H$${ROWS + 1}</definedName>`,
    )

    const report = reportSheet(workbook)
    expect(report.get('Rows written')).toBe(ROWS)
    expect(report.get('Total reported by Convoso at start')).toBe(ROWS)
    expect(report.get('Total reported by Convoso at end')).toBe(ROWS)
    expect(report.get('Duplicate ids removed')).toBe(0)
    expect(report.get('Data changed during export')).toBe('No')
    expect(report.get('Completeness')).toBe('Complete: every matching record')
    expect(report.get('Row hash (SHA-256)')).toBe(hashRows(SOURCE))
    expect(report.get('Generated at (UTC)')).toBe('2025-01-02T03:04:05.000Z')
    expect(report.get('App version')).toBe('1.2.3')
    expect(report.get('API base')).toBe(server.apiBase)
    expect(report.get('Scope')).toBe('All matching records')
    expect(report.get('Filters')).toBe('all records')
    expect(report.get('Filters as sent to Convoso')).toBe('{}')
  })

  it('stores formula-like text as a plain string, never a formula', async () => {
    const result = await runExport(options())
    expect(result.ok).toBe(true)
    const sheet = (await readWorkbook(join(dir, 'opt-outs.xlsx'))).getWorksheet(
      'Opt-outs',
    ) as ExcelJS.Worksheet
    const index = SOURCE.findIndex((row) => row.reason === FORMULA_REASON)
    expect(index).toBeGreaterThanOrEqual(0)
    const cell = sheet.getRow(index + 2).getCell(4)
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.formula).toBeUndefined()
    expect(cell.value).toBe(FORMULA_REASON)
  })

  it('reads back dates at midnight and at the turn of the year, leading zeros, and odd values as written', async () => {
    const rows: OptOutRecord[] = [
      record(1, { insert_date: '2024-12-31 23:59:59', phone_number: '02079460000', phone_code: '44' }),
      record(2, { insert_date: '2025-01-01 00:00:00', phone_number: '0049151', campaign_id: '-1' }),
      record(3, { insert_date: '2024-04-22', campaign_id: '007', campaign_name: '' }),
      record(4, { insert_date: '0000-00-00 00:00:00', reason: '   ', purpose: '' }),
      record(5, { insert_date: 'yesterday', reason: '-2+3', campaign_name: '@Campaign' }),
    ]
    const result = await runExport(options({ search: listSearch(() => rows) }))
    expect(result.ok).toBe(true)
    const sheet = (await readWorkbook(join(dir, 'opt-outs.xlsx'))).getWorksheet(
      'Opt-outs',
    ) as ExcelJS.Worksheet
    const cell = (row: number, column: number): unknown => cellValue(sheet.getRow(row).getCell(column))
    expect(cell(2, 6)).toEqual(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)))
    expect(cell(3, 6)).toEqual(new Date(Date.UTC(2025, 0, 1, 0, 0, 0)))
    expect(cell(4, 6)).toEqual(new Date(Date.UTC(2024, 3, 22)))
    expect(sheet.getRow(4).getCell(6).numFmt).toBe('yyyy-mm-dd')
    expect(cell(5, 6)).toBe('0000-00-00 00:00:00')
    expect(cell(6, 6)).toBe('yesterday')
    expect(cell(2, 3)).toBe('02079460000')
    expect(cell(3, 3)).toBe('0049151')
    expect(cell(3, 7)).toBe(-1)
    expect(cell(4, 7)).toBe('007')
    expect(cell(5, 4)).toBe('   ')
    // Kept as a preserved inline run: LibreOffice reads a whitespace-only plain value as empty.
    const sheetXml = await zipEntryText(
      await readFile(join(dir, 'opt-outs.xlsx')),
      'xl/worksheets/sheet1.xml',
    )
    expect(sheetXml).toContain('<t xml:space="preserve">   </t>')
    expect(cell(6, 4)).toBe('-2+3')
    expect(cell(6, 8)).toBe('@Campaign')
  })

  it('counts cells the XLSX format cannot hold exactly, and says so in the report', async () => {
    const rows = [record(1, { reason: 'bell\u0007here' }), record(2, { reason: 'windows\r\nline' })]
    const result = await runExport(options({ search: listSearch(() => rows) }))
    expect(result.ok && result.data.cellsAlteredByXlsx).toBe(2)
    const report = reportSheet(await readWorkbook(join(dir, 'opt-outs.xlsx')))
    expect(String(report.get('Cells XLSX cannot hold exactly'))).toContain('2 cells')
    expect(report.get('Row hash (SHA-256)')).toBe(hashRows(rows))
  })

  it('exports only the page on screen for the "this page" scope', async () => {
    const result = await runExport(options({ scope: { kind: 'page', offset: 1000, limit: 250 } }))
    expect(result.ok && result.data).toMatchObject({
      rowsWritten: 250,
      sha256: hashRows(SOURCE.slice(1000, 1250)),
    })
    const workbook = await readWorkbook(join(dir, 'opt-outs.xlsx'))
    const sheet = workbook.getWorksheet('Opt-outs') as ExcelJS.Worksheet
    expect(sheet.rowCount).toBe(251)
    expect(sheet.getRow(2).getCell(1).value).toBe(Number(SOURCE[1000]?.id))
    expect(reportSheet(workbook).get('Scope')).toBe('This page only: rows 1,001 to 1,250 of the search')
  })
})

describe('CSV export against the fake Convoso', () => {
  it('writes RFC 4180 with BOM and CRLF, neutralises formulas, and a report.json with both hashes', async () => {
    const target = join(dir, 'opt-outs.csv')
    const result = await runExport(options({ format: 'csv', filePath: target, concurrency: 2 }))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(await listDir(dir)).toEqual(['opt-outs.csv', 'opt-outs.report.json'])
    const bytes = await readFile(target)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const table = parseCsv(text)
    expect(table[0]).toEqual(RECORD_FIELDS.map((field) => RECORD_FIELD_LABELS[field]))
    expect(table).toHaveLength(ROWS + 1)
    let neutralised = 0
    let mismatches = 0
    SOURCE.forEach((source, index) => {
      RECORD_FIELDS.forEach((field, column) => {
        const expected = neutralise(source[field])
        if (expected.neutralised) neutralised += 1
        if (table[index + 1]?.[column] !== expected.text) mismatches += 1
      })
    })
    expect(mismatches).toBe(0)
    expect(neutralised).toBeGreaterThan(0)
    expect(text).toContain(`"'${FORMULA_REASON.replace(/"/g, '""')}"`)
    // Every line break outside quotes is CRLF: removing quoted fields leaves no bare LF.
    expect(text.replace(/"(?:[^"]|"")*"/g, '').includes('\n\n')).toBe(false)
    expect(text.replace(/"(?:[^"]|"")*"/g, '').split('\r\n')).toHaveLength(ROWS + 2)

    const fileSha = createHash('sha256').update(bytes).digest('hex')
    expect(result.data).toMatchObject({
      reportJsonPath: join(dir, 'opt-outs.report.json'),
      rowsWritten: ROWS,
      fileBytes: bytes.length,
      fileSha256: fileSha,
      sha256: hashRows(SOURCE),
      formulaCellsNeutralised: neutralised,
    })
    const report: unknown = JSON.parse(await readFile(join(dir, 'opt-outs.report.json'), 'utf8'))
    expect(report).toMatchObject({
      kind: 'opt-out-desk/export-report',
      version: 1,
      generatedAt: { utc: '2025-01-02T03:04:05.000Z' },
      appVersion: '1.2.3',
      apiBase: server.apiBase,
      filtersAsSent: {},
      totalAtStart: ROWS,
      totalAtEnd: ROWS,
      rowsWritten: ROWS,
      duplicatesRemoved: 0,
      dataChanged: false,
      partial: false,
      rowsHash: { algorithm: 'SHA-256', canonicalForm: 'opt-out-desk/rows-v1', value: hashRows(SOURCE) },
      formulaCellsNeutralised: { cells: neutralised },
      file: { name: 'opt-outs.csv', bytes: bytes.length, sha256: fileSha },
    })
  })

  it('records the filters in words and as sent, and an opened-report source', async () => {
    const result = await runExport(
      options({
        format: 'csv',
        filePath: join(dir, 'global.csv'),
        search: listSearch(() => makeRecords(3)),
        params: { campaign_id: '0', reason: '-BLANK-' },
        source: { fileName: 'old.xlsx', generatedAt: '2024-01-01T00:00:00.000Z', sha256: 'ab'.repeat(32) },
      }),
    )
    expect(result.ok).toBe(true)
    const report: unknown = JSON.parse(await readFile(join(dir, 'global.report.json'), 'utf8'))
    expect(report).toMatchObject({
      filters: 'global, reason blank',
      filtersAsSent: { campaign_id: '0', reason: '-BLANK-' },
      source: { fileName: 'old.xlsx', sha256: 'ab'.repeat(32) },
    })
  })
})

describe('data changing during the export', () => {
  it('drops the rows an insert at the start pushes onto the next page, and reports the change', async () => {
    const inserted = generateDemoRecords(7, 99).map((row, index) => ({
      ...row,
      id: String(9_000_000 + index),
    }))
    const search = convosoSearch()
    let calls = 0
    const result = await runExport(
      options({
        concurrency: 1,
        search: async (offset, limit, signal) => {
          calls += 1
          if (calls === 2) server.addRecords(inserted, 'start')
          return search(offset, limit, signal)
        },
      }),
    )
    // Restore the server for the other tests.
    await server.close()
    server = await startFakeConvoso({ records: SOURCE, tokens: [TOKEN] })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.data).toMatchObject({
      rowsWritten: ROWS,
      duplicatesRemoved: 7,
      totalAtStart: ROWS,
      totalAtEnd: ROWS + 7,
      dataChanged: true,
      sha256: hashRows(SOURCE),
    })
    const workbook = await readWorkbook(join(dir, 'opt-outs.xlsx'))
    const ids: unknown[] = []
    ;(workbook.getWorksheet('Opt-outs') as ExcelJS.Worksheet).eachRow((row, number) => {
      if (number > 1) ids.push(row.getCell(1).value)
    })
    expect(ids).toEqual(SOURCE.map((row) => Number(row.id)))
    expect(String(reportSheet(workbook).get('Data changed during export'))).toMatch(
      /^Yes\. .*7 rows came back twice/,
    )
  })

  it('ends cleanly when rows are deleted during the export, and says the data changed', async () => {
    let rows = makeRecords(2500)
    let calls = 0
    const result = await runExport(
      options({
        concurrency: 1,
        search: async (offset, limit) => {
          calls += 1
          if (calls === 2) rows = rows.slice(0, 1800)
          return ok({ offset, limit, total: rows.length, records: rows.slice(offset, offset + limit) })
        },
      }),
    )
    expect(calls).toBe(2)
    expect(result.ok && result.data).toMatchObject({
      rowsWritten: 1800,
      totalAtStart: 2500,
      totalAtEnd: 1800,
      dataChanged: true,
    })
  })
})

describe('the 1,001,000-row reach', () => {
  const huge: SearchFn = async (offset, limit) =>
    ok({
      offset,
      limit,
      total: 1_500_000,
      records: makeRecords(Math.min(limit, 1_500_000 - offset), offset + 1),
    })

  it('refuses a filter matching 1,500,000 records before writing anything, unless a partial export is accepted', async () => {
    let calls = 0
    const result = await runExport(
      options({
        search: async (offset, limit, signal) => {
          calls += 1
          return huge(offset, limit, signal)
        },
      }),
    )
    expect(calls).toBe(1)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.kind).toBe('validation')
    expect(result.error.message).toContain('1,500,000')
    expect(result.error.message).toContain('1,001,000')
    expect(result.error.message).toContain('campaign or insert date')
    expect(await listDir(dir)).toEqual([])
  })

  it('with acceptPartial, writes the first 1,001,000 rows and marks the report partial', async () => {
    const result = await runExport(
      options({
        search: huge,
        format: 'csv',
        filePath: join(dir, 'big.csv'),
        acceptPartial: true,
        concurrency: 6,
      }),
    )
    expect(result.ok && result.data).toMatchObject({
      rowsWritten: 1_001_000,
      partial: true,
      unreachableRows: 499_000,
    })
    const report: unknown = JSON.parse(await readFile(join(dir, 'big.report.json'), 'utf8'))
    expect(report).toMatchObject({ partial: true, unreachableRows: 499_000, rowsWritten: 1_001_000 })
    expect(JSON.stringify(report)).toContain('PARTIAL')
  }, 60_000)

  it('fails when the total grows past the reach during an export that was not accepted as partial', async () => {
    let calls = 0
    const result = await runExport(
      options({
        limits: { pageSize: 10, maxOffset: 40 },
        search: async (offset, limit) => {
          calls += 1
          const total = calls === 1 ? 45 : 60
          return ok({
            offset,
            limit,
            total,
            records: makeRecords(Math.min(limit, total - offset), offset + 1),
          })
        },
      }),
    )
    expect(result.ok ? 'ok' : result.error.kind).toBe('validation')
    expect(await listDir(dir)).toEqual([])
  })
})

describe('failures leave no file behind', () => {
  it('token revoked mid-export: token-rejected, not retried, nothing saved', async () => {
    const search = convosoSearch()
    let calls = 0
    const result = await runExport(
      options({
        concurrency: 1,
        search: (offset, limit, signal) => {
          calls += 1
          if (calls === 2) server.revokeToken(TOKEN)
          return search(offset, limit, signal)
        },
      }),
    )
    await server.close()
    server = await startFakeConvoso({ records: SOURCE, tokens: [TOKEN] })
    expect(calls).toBe(2)
    expect(result.ok ? 'ok' : result.error.kind).toBe('token-rejected')
    expect(await listDir(dir)).toEqual([])
  })

  it('retry budget spent on a server that keeps failing: the last error, nothing saved', async () => {
    const search = convosoSearch()
    let calls = 0
    const result = await runExport(
      options({
        concurrency: 2,
        search: (offset, limit, signal) => {
          calls += 1
          if (calls === 1) server.injectFault({ kind: 'status', status: 503 }, Infinity)
          return search(offset, limit, signal)
        },
      }),
    )
    server.clearFaults()
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.kind).toBe('server')
    expect(result.error.message).toContain('Gave up after 5 attempts')
    expect(await listDir(dir)).toEqual([])
  })

  it('honours a 429 Retry-After mid-export and still writes everything', async () => {
    const { clock, sleeps } = virtualClock()
    const search = convosoSearch()
    let calls = 0
    const result = await runExport(
      options({
        clock,
        format: 'csv',
        filePath: join(dir, 'slow.csv'),
        search: (offset, limit, signal) => {
          calls += 1
          if (calls === 1) server.injectFault({ kind: 'status', status: 429, retryAfter: 3 }, 2)
          return search(offset, limit, signal)
        },
      }),
    )
    expect(result.ok && result.data.sha256).toBe(hashRows(SOURCE))
    expect(sleeps.filter((ms) => ms >= 3000).length).toBeGreaterThanOrEqual(1)
  })

  it('a malformed answer is not retried and saves nothing', async () => {
    let calls = 0
    const search = convosoSearch()
    const result = await runExport(
      options({
        concurrency: 1,
        search: (offset, limit, signal) => {
          calls += 1
          if (calls === 2) server.injectFault({ kind: 'truncated' })
          return search(offset, limit, signal)
        },
      }),
    )
    expect(calls).toBe(2)
    expect(result.ok ? 'ok' : result.error.kind).toBe('malformed-response')
    expect(await listDir(dir)).toEqual([])
  })

  it.each(['xlsx', 'csv'] as const)(
    'a full disk while writing %s: a clear message, nothing saved',
    async (format) => {
      /** A real file stream whose disk fills up after 64 KB. */
      const fullDisk = (path: string): WriteStream => {
        const stream = createWriteStream(path, { flags: 'wx' })
        const write = stream._write.bind(stream)
        let written = 0
        stream._write = (chunk: Buffer, encoding, callback) => {
          written += chunk.length
          if (written > 64 * 1024) {
            callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
            return
          }
          write(chunk, encoding, callback)
        }
        return stream
      }
      const result = await runExport(
        options({
          format,
          filePath: join(dir, `full.${format}`),
          fs: { createWriteStream: fullDisk },
        }),
      )
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.error.message).toContain('the disk is full')
      expect(await listDir(dir)).toEqual([])
    },
  )

  it('the target folder removed mid-export: fails cleanly', async () => {
    const folder = join(dir, 'reports')
    await mkdir(folder)
    const result = await runExport(
      options({
        filePath: join(folder, 'gone.xlsx'),
        onProgress: (progress) => {
          if (progress.phase === 'writing' && progress.rowsWritten === 1000)
            void rm(folder, { recursive: true })
        },
      }),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.message).toContain('the folder no longer exists')
    expect(await listDir(dir)).toEqual([])
  })

  it('a failed export leaves an existing file at the target untouched; a successful one replaces it', async () => {
    const target = join(dir, 'opt-outs.xlsx')
    await writeFile(target, 'previous report')
    const failed = await runExport(
      options({
        search: async () => fail({ kind: 'network', message: 'offline' }),
        retryPolicy: { maxAttempts: 1 },
      }),
    )
    expect(failed.ok).toBe(false)
    expect(await readFile(target, 'utf8')).toBe('previous report')
    const replaced = await runExport(options())
    expect(replaced.ok).toBe(true)
    expect((await readFile(target)).subarray(0, 2).toString()).toBe('PK')
    expect(await listDir(dir)).toEqual(['opt-outs.xlsx'])
  })
})

describe('cancel at every stage leaves no file', () => {
  type Stage = 'during the first page' | 'mid-fetch' | 'mid-write' | 'while verifying' | 'during the rename'

  const stages: [Stage, 'xlsx' | 'csv'][] = [
    ['during the first page', 'xlsx'],
    ['mid-fetch', 'xlsx'],
    ['mid-fetch', 'csv'],
    ['mid-write', 'xlsx'],
    ['mid-write', 'csv'],
    ['while verifying', 'xlsx'],
    ['during the rename', 'xlsx'],
    ['during the rename', 'csv'],
  ]

  it.each(stages)('%s (%s)', async (stage, format) => {
    const controller = new AbortController()
    const search = convosoSearch()
    let calls = 0
    let renames = 0
    const result = await runExport(
      options({
        format,
        filePath: join(dir, `cancelled.${format}`),
        signal: controller.signal,
        concurrency: 2,
        search: async (offset, limit, signal) => {
          calls += 1
          if (stage === 'during the first page' && calls === 1) {
            const answer = search(offset, limit, signal)
            controller.abort()
            return answer
          }
          if (stage === 'mid-fetch' && calls === 3) controller.abort()
          return search(offset, limit, signal)
        },
        onProgress: (progress) => {
          if (stage === 'mid-write' && progress.phase === 'writing' && progress.rowsWritten >= 1000)
            controller.abort()
          if (stage === 'while verifying' && progress.phase === 'verifying') controller.abort()
        },
        fs: {
          rename: async (from, to) => {
            renames += 1
            const { rename } = await import('node:fs/promises')
            if (stage === 'during the rename') controller.abort()
            await rename(from, to)
          },
        },
      }),
    )
    if (stage === 'during the rename') expect(renames).toBeGreaterThanOrEqual(1)
    expect(result).toEqual(
      fail({ kind: 'cancelled', message: 'The export was cancelled. Nothing was saved.' }),
    )
    expect(await listDir(dir)).toEqual([])
  })

  it('before the first page: the search is never called', async () => {
    const controller = new AbortController()
    controller.abort()
    let calls = 0
    const result = await runExport(
      options({
        signal: controller.signal,
        search: async (offset, limit) => {
          calls += 1
          return ok({ offset, limit, total: 0, records: [] })
        },
      }),
    )
    expect(calls).toBe(0)
    expect(result.ok ? 'ok' : result.error.kind).toBe('cancelled')
  })
})

describe('options are checked before anything runs', () => {
  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 7 }, 'concurrency'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ filePath: 'relative/report.xlsx' }, 'filePath'],
    [{ scope: { kind: 'page', offset: 0, limit: 1001 } }, 'scope'],
    [{ scope: { kind: 'page', offset: -1, limit: 10 } }, 'scope'],
  ] as [Partial<RunExportOptions>, string][])('%j is refused (%s)', async (overrides, field) => {
    let calls = 0
    const result = await runExport(
      options({
        ...overrides,
        search: async (offset, limit) => {
          calls += 1
          return ok({ offset, limit, total: 0, records: [] })
        },
      }),
    )
    expect(calls).toBe(0)
    expect(result.ok).toBe(false)
    if (!result.ok && result.error.kind === 'validation')
      expect(Object.keys(result.error.fieldErrors)).toEqual([field])
    else expect.fail('expected a validation error')
  })

  it('refuses a folder as the target', async () => {
    const result = await runExport(options({ filePath: dir }))
    expect(result.ok ? 'ok' : result.error.kind).toBe('validation')
  })

  it('writes a valid, empty report when nothing matches', async () => {
    const result = await runExport(options({ search: listSearch(() => []) }))
    expect(result.ok && result.data).toMatchObject({ rowsWritten: 0, sha256: hashRows([]) })
    const sheet = (await readWorkbook(join(dir, 'opt-outs.xlsx'))).getWorksheet(
      'Opt-outs',
    ) as ExcelJS.Worksheet
    expect(sheet.rowCount).toBe(1)
  })
})
