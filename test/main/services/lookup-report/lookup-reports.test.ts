import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createLookupReports,
  type LookupReportsDeps,
} from '../../../../src/main/services/lookup-report/lookup-reports'
import { openReportFile } from '../../../../src/main/services/offline'
import { parsePhoneList, type InvalidEntry, type PhoneEntry } from '../../../../src/shared/lookup/phone-list'
import { countVerdicts, type LookupOutcome, type LookupVerdict } from '../../../../src/shared/lookup/verdicts'
import type { OptOutRecord } from '../../../../src/shared/records'
import { fail, ok } from '../../../../src/shared/result'
import { ScriptedDialogs } from '../../../support/desktop-doubles'
import { hasSoffice, zipEntryText } from '../export/helpers'

const GENERATED_AT = new Date('2026-11-30T07:12:05.000Z')

function record(overrides: Partial<OptOutRecord> & Pick<OptOutRecord, 'id'>): OptOutRecord {
  return {
    phone_code: '1',
    phone_number: '8181233567',
    reason: '',
    purpose: '',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: '0',
    campaign_name: '',
    ...overrides,
  }
}

/** Every kind of verdict, from the real parser so the entries are what a lookup makes. */
function sampleOutcome(completion: LookupOutcome['completion'] = 'complete'): LookupOutcome {
  const list = parsePhoneList(
    '(818) 123-3567\n213-555-0100\n310.555.0199\nnot a number\n+44 7700 900123\n949 555 0123\n818.123.3567',
    'US',
  )
  const [optedOut, twice, notFound, invalid, failed, last] = list.entries as [
    PhoneEntry,
    PhoneEntry,
    PhoneEntry,
    InvalidEntry,
    PhoneEntry,
    PhoneEntry,
  ]
  const verdicts: LookupVerdict[] = [
    {
      verdict: 'opted-out',
      entry: optedOut,
      records: [record({ id: '2778557', reason: 'Customer asked, by phone', purpose: 'TELEMKT' })],
    },
    {
      verdict: 'opted-out',
      entry: twice,
      records: [
        record({
          id: '3001',
          phone_number: '2135550100',
          campaign_id: '42',
          campaign_name: 'Spring promo',
          insert_date: '2025-01-05',
          reason: '=HYPERLINK("http://x")',
        }),
        record({ id: '3002', phone_number: '2135550100', phone_code: '', reason: 'said "stop"\nby SMS' }),
      ],
    },
    { verdict: 'not-found', entry: notFound },
    { verdict: 'invalid', entry: invalid },
    {
      verdict: 'failed',
      entry: failed,
      error: {
        kind: 'convoso',
        message: 'Convoso said: Invalid Phone Number (6007).',
        code: '6007',
        serverText: '',
      },
    },
    completion === 'complete'
      ? { verdict: 'not-found', entry: last }
      : { verdict: 'not-checked', entry: last },
  ]
  return {
    verdicts,
    completion,
    counts: countVerdicts(verdicts),
    inputCount: list.inputCount,
    duplicatesCollapsed: list.duplicatesCollapsed,
    defaultCountry: 'US',
    source: { kind: 'convoso', apiBase: 'https://api.convoso.com/v1' },
    startedAt: '2026-11-30T07:11:00.000Z',
    finishedAt: '2026-11-30T07:11:09.000Z',
  }
}

/** The table every report must hold for `sampleOutcome`, as text (dates as Convoso sent them). */
const HEADER = [
  'Entry',
  'Input as pasted',
  'Times pasted',
  'Country code',
  'Number searched',
  'Country',
  'Verdict',
  'Where',
  'Campaign ID',
  'Campaign name',
  'Opted out since (insert date)',
  'Reason',
  'Purpose',
  'Opt-out record ID',
  'Problem',
]
function expectedRows(last: 'Not on the list' | 'Not checked'): string[][] {
  const lastProblem = last === 'Not checked' ? 'The lookup was cancelled before this number was checked.' : ''
  // One verdict row per line, column for column as HEADER: easier to read than one cell per line.
  // prettier-ignore
  return [
    ['1', '(818) 123-3567', '2', '1', '8181233567', 'US', 'Opted out', 'global', '0', '', '2024-04-22 17:01:31', 'Customer asked, by phone', 'TELEMKT', '2778557', ''],
    ['2', '213-555-0100', '1', '1', '2135550100', 'US', 'Opted out', 'campaign 42 (Spring promo)', '42', 'Spring promo', '2025-01-05', '=HYPERLINK("http://x")', '', '3001', ''],
    ['2', '213-555-0100', '1', '1', '2135550100', 'US', 'Opted out', 'global', '0', '', '2024-04-22 17:01:31', 'said "stop"\nby SMS', '', '3002', ''],
    ['3', '310.555.0199', '1', '1', '3105550199', 'US', 'Not on the list', '', '', '', '', '', '', '', ''],
    ['4', 'not a number', '1', '', '', '', 'Not a valid number', '', '', '', '', '', '', '', 'Not a phone number: use digits (spaces, dashes, dots and parentheses are fine).'],
    // +44 is shared by the UK, Guernsey, Jersey and the Isle of Man: this number does not say which country.
    ['5', '+44 7700 900123', '1', '44', '7700900123 or 07700900123', '', 'Could not be checked', '', '', '', '', '', '', '', 'Convoso said: Invalid Phone Number (6007).'],
    ['6', '949 555 0123', '1', '1', '9495550123', 'US', last, '', '', '', '', '', '', '', lastProblem],
  ]
}

/** A cell read back from the workbook as the text Convoso or the lookup gave. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    const text = value.toISOString().replace('T', ' ').slice(0, 19)
    return text.endsWith(' 00:00:00') ? text.slice(0, 10) : text
  }
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((run) => run.text).join('')
  return String(value)
}

describe('lookup reports', () => {
  let dir: string
  let dialogs: ScriptedDialogs
  let outcome: ReturnType<LookupReportsDeps['lookups']['outcome']>

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-lookup-report-'))
    dialogs = new ScriptedDialogs()
    outcome = ok(sampleOutcome())
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  function reports(overrides: Partial<LookupReportsDeps> = {}) {
    return createLookupReports({
      lookups: { outcome: () => outcome },
      dialog: dialogs,
      lastExportFolder: async () => dir,
      appVersion: '9.8.7',
      log: () => undefined,
      now: () => GENERATED_AT,
      ...overrides,
    })
  }

  it('writes the workbook: every verdict row with its columns, typed cells, and a Lookup sheet saying what it was', async () => {
    dialogs.nextReportPath = join(dir, 'lookup.xlsx')
    const saved = await reports().save({ jobId: 'job-1', format: 'xlsx' })
    if (!saved.ok || saved.data === null) throw new Error(`not saved: ${JSON.stringify(saved)}`)
    const bytes = await readFile(dialogs.nextReportPath)
    expect(saved.data).toEqual({
      filePath: dialogs.nextReportPath,
      format: 'xlsx',
      rows: 7,
      entries: 6,
      completion: 'complete',
      fileSizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })
    expect(dialogs.suggestedNames.at(-1)).toMatch(/^phone-lookup_6-numbers_\d{4}-\d{2}-\d{2}_\d{4}\.xlsx$/)
    expect(dialogs.suggestedFolders.at(-1)).toBe(dir)

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Verdicts', 'Lookup'])
    const sheet = workbook.getWorksheet('Verdicts')
    if (!sheet) throw new Error('no Verdicts sheet')
    const rows: string[][] = []
    sheet.eachRow((row) => {
      rows.push(HEADER.map((_, index) => cellText(row.getCell(index + 1).value)))
    })
    expect(rows).toEqual([HEADER, ...expectedRows('Not on the list')])
    // Numbers where they are whole numbers, the insert date as a real date-time, phone numbers as text.
    const second = sheet.getRow(3)
    expect(second.getCell(1).value).toBe(2)
    expect(second.getCell(9).value).toBe(42)
    expect(second.getCell(11).value).toEqual(new Date(Date.UTC(2025, 0, 5)))
    expect(second.getCell(11).numFmt).toBe('yyyy-mm-dd')
    expect(sheet.getRow(2).getCell(11).numFmt).toBe('yyyy-mm-dd hh:mm:ss')
    expect(second.getCell(5).value).toBe('2135550100')
    expect(second.getCell(4).value).toBe('1')
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBe('A1:O8')

    const about = workbook.getWorksheet('Lookup')
    const metadata = new Map<string, string>()
    about?.eachRow((row) => metadata.set(cellText(row.getCell(1).value), cellText(row.getCell(2).value)))
    expect(Object.fromEntries(metadata)).toMatchObject({
      Report: 'Opt-Out Desk: phone number lookup',
      'Generated at (UTC)': '2026-11-30T07:12:05.000Z',
      'App version': '9.8.7',
      'Lookup started at (UTC)': '2026-11-30T07:11:00.000Z',
      'Lookup ended at (UTC)': '2026-11-30T07:11:09.000Z',
      'Looked up in': 'Convoso, at https://api.convoso.com/v1',
      'API base': 'https://api.convoso.com/v1',
      'Numbers without a country code read as': 'US',
      'Pieces of text pasted': '7',
      'Duplicates collapsed': '1',
      'Entries (distinct numbers and texts)': '6',
      'Numbers to check': '5',
      'Opted out': '2 numbers (3 opt-out records)',
      'Not on the list': '2',
      'Not a valid number': '1',
      'Could not be checked': '1',
      'Not checked': '0',
      Completeness: 'Complete: all 5 numbers checked',
    })
    expect(metadata.get('Rows')).toMatch(/^7: one per opt-out record/)
    expect(metadata.get('Generated at (local time)')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)$/,
    )
  })

  it('writes the CSV: the metadata lines, a blank line, then the same table, formula-like text guarded', async () => {
    outcome = ok(sampleOutcome('cancelled'))
    dialogs.nextReportPath = join(dir, 'lookup.csv')
    const saved = await reports().save({ jobId: 'job-1', format: 'csv' })
    if (!saved.ok || saved.data === null) throw new Error(`not saved: ${JSON.stringify(saved)}`)
    expect(saved.data).toMatchObject({ format: 'csv', rows: 7, entries: 6, completion: 'cancelled' })
    expect(dialogs.suggestedNames.at(-1)).toMatch(/^phone-lookup_6-numbers_cancelled_.*\.csv$/)
    const bytes = await readFile(dialogs.nextReportPath)
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const text = bytes.toString('utf8')
    // CRLF after every record; the line break inside a reason is quoted, not a record end.
    expect(
      text
        .replace(/"[^"]*(?:""[^"]*)*"/g, '')
        .split('\n')
        .every((line) => line === '' || line.endsWith('\r')),
    ).toBe(true)

    const lines: string[][] = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false })
    const blank = lines.findIndex((fields) => fields.length === 1 && fields[0] === '')
    const metadata = Object.fromEntries(lines.slice(0, blank).map(([label, value]) => [label, value]))
    expect(metadata).toMatchObject({
      Report: 'Opt-Out Desk: phone number lookup',
      'App version': '9.8.7',
      'Looked up in': 'Convoso, at https://api.convoso.com/v1',
      'Pieces of text pasted': '7',
      'Duplicates collapsed': '1',
      'Opted out': '2 numbers (3 opt-out records)',
      'Not on the list': '1',
      'Not checked': '1',
      Completeness: 'Cancelled after 4 of 5 numbers: 1 not checked',
    })
    expect(metadata['Formula-like cells']).toMatch(/^2 cells starting with = \+ - @/)
    const table = lines.slice(blank + 1)
    const rows = expectedRows('Not checked').map((row) =>
      row.map((cell) => (/^[=+]/.test(cell) ? `'${cell}` : cell)),
    )
    expect(table).toEqual([HEADER, ...rows])
  })

  it('says where a lookup in an opened report looked', async () => {
    outcome = ok({
      ...sampleOutcome(),
      source: {
        kind: 'report',
        apiBase: 'https://api.convoso.com/v1',
        reportFileName: 'sms-opt-outs_all.xlsx',
      },
    })
    dialogs.nextReportPath = join(dir, 'from-report.csv')
    await reports().save({ jobId: 'job-1', format: 'csv' })
    const lines: string[][] = parse(await readFile(dialogs.nextReportPath), {
      bom: true,
      relax_column_count: true,
    })
    const metadata = Object.fromEntries(lines.map(([label, value]) => [label, value]))
    expect(metadata['Looked up in']).toBe('The opened report file sms-opt-outs_all.xlsx, not Convoso')
    expect(metadata['Report file']).toBe('sms-opt-outs_all.xlsx')
  })

  it('answers null and writes nothing when the save dialog is closed', async () => {
    dialogs.nextReportPath = null
    expect(await reports().save({ jobId: 'job-1', format: 'xlsx' })).toEqual(ok(null))
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a lookup it cannot save with the lookup service’s message, before any dialog', async () => {
    outcome = fail({ kind: 'not-found', message: 'That lookup is still running.' })
    dialogs.nextReportPath = join(dir, 'never.xlsx')
    expect(await reports().save({ jobId: 'job-1', format: 'xlsx' })).toEqual(outcome)
    expect(dialogs.suggestedNames).toEqual([])
  })

  it('says the disk refused in words, with nothing left behind', async () => {
    dialogs.nextReportPath = join(dir, 'full.xlsx')
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    const result = await reports({ writeFile: async () => Promise.reject(full) }).save({
      jobId: 'job-1',
      format: 'csv',
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'file-system' } })
    expect(!result.ok && result.error.message).toBe(
      'Could not write the lookup report: the disk is full (ENOSPC). Nothing was saved; choose another folder or free some space and export again.',
    )
    expect(await readdir(dir)).toEqual([])
  })

  it.each(['xlsx', 'csv'] as const)(
    'a %s lookup report handed to the report viewer is named as one, not read as opt-outs',
    async (format) => {
      dialogs.nextReportPath = join(dir, `lookup.${format}`)
      await reports().save({ jobId: 'job-1', format })
      const opened = await openReportFile(dialogs.nextReportPath)
      expect(opened).toEqual({
        ok: false,
        error: {
          kind: 'report-file',
          message: `lookup.${format} is a lookup report (a verdict for each number looked up), not a list of opt-outs, so Opt-Out Desk cannot search it. Open it in Excel or another spreadsheet app.`,
        },
      })
    },
  )
})

const sofficeAvailable = hasSoffice()
if (!sofficeAvailable) {
  console.log(
    '[lookup report] LibreOffice round-trip skipped: `soffice` is not installed (Debian: libreoffice-calc-nogui).',
  )
}

describe.skipIf(!sofficeAvailable)('LibreOffice opens the lookup workbook', () => {
  it('shows every verdict cell as written, with filter buttons on the table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'optout-lookup-soffice-'))
    try {
      const dialogs = new ScriptedDialogs()
      dialogs.nextReportPath = join(dir, 'x.xlsx')
      await createLookupReports({
        lookups: { outcome: () => ok(sampleOutcome()) },
        dialog: dialogs,
        lastExportFolder: async () => dir,
        appVersion: 'test',
        log: () => undefined,
      }).save({ jobId: 'job-1', format: 'xlsx' })
      // "Save cell contents as shown", all sheets: dates come out as Excel shows them.
      const csvFilter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
      for (const target of [csvFilter, 'ods']) {
        execFileSync('soffice', ['--headless', '--convert-to', target, 'x.xlsx', '--outdir', 'out'], {
          cwd: dir,
          stdio: 'ignore',
          timeout: 120_000,
        })
      }
      const shown: string[][] = parse(await readFile(join(dir, 'out', 'x-Verdicts.csv')), {
        relax_column_count: true,
      })
      expect(shown).toEqual([HEADER, ...expectedRows('Not on the list')])
      const content = await zipEntryText(await readFile(join(dir, 'out', 'x.ods')), 'content.xml')
      expect(content).toMatch(
        /<table:database-range [^>]*table:target-range-address="Verdicts\.A1:Verdicts\.O8"[^>]*table:display-filter-buttons="true"/,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
