import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename } from 'node:path'
import ExcelJS from 'exceljs'
import type { OptOutRecord } from '../../../shared/records'
import {
  SCRUB_VERDICTS,
  type ScrubOutcome,
  type ScrubOutputFile,
  type ScrubRules,
  type ScrubVerdict,
} from '../../../shared/scrub-result'
import { CSV_LINE_END, csvField, neutralise, UTF8_BOM } from '../export/csv-writer'
import { temporaryPathFor } from '../export/output-file'
import { formatLocalTime } from '../export/report'
import { workbookBytes } from '../export/workbook-bytes'
import { setFilterDatabaseName } from '../export/xlsx-writer'
import type { SendListRead } from '../send-list/types'
import { campaignText, describeRules, sendsRow, VERDICT_LABELS } from './scrub-rules'
import type { ScrubTable } from './scrub-table'

/**
 * The scrub's three files, written in the scrub worker:
 * - the clean list: the input's header and columns exactly, only the rows to send, nothing else in
 *   the file (a dialer takes it as it is). CSV without a byte-order mark, CRLF, quoted only where
 *   needed; formula-like text is given a leading ' except in the phone and country-code columns,
 *   whose "+44…" is the number itself;
 * - the suppressed list: every row left out, with its input columns and why;
 * - the scrub report: what was scrubbed against what, the rules, the counts, and the SHA-256 of the
 *   other two files.
 * All three are built in memory and written to temporary names first; only when all three are on
 * disk are they renamed into place, so a failure leaves none of them (and no earlier file replaced).
 */

export interface OutputPaths {
  clean: string
  suppressed: string
  report: string
}

/** What the scrub report says about the scrub, gathered by main. */
export interface ScrubReportFacts {
  appVersion: string
  /** ISO 8601: when the files are saved. */
  generatedAt: string
  outcome: ScrubOutcome
}

export const SCRUB_REPORT_TITLE = 'Opt-Out Desk scrub report'
export const SCRUB_SHEET_NAME = 'Scrub'
export const COUNTS_SHEET_NAME = 'Counts and rules'
export const SUPPRESSED_SHEET_NAME = 'Suppressed'

export const SUPPRESSED_COLUMNS = [
  'Number (E.164)',
  'Verdict',
  'Why',
  'Campaigns',
  'Since',
  'Reason',
  'Purpose',
  'Record IDs',
] as const

const VERDICT_MEANINGS: Record<ScrubVerdict, string> = {
  'do-not-send': 'An opt-out applies to this send: global, or for its campaign.',
  review:
    'Only purpose-scoped opt-outs apply (campaign -1, or a purpose such as TELEMKT): judge before sending.',
  clear: "No opt-out applies to this send (opt-outs for other campaigns only are named in the row's Why).",
  invalid: 'Not a phone number.',
  duplicate: 'The same number as an earlier row: judged there, left out here.',
}

const count = (value: number): string => value.toLocaleString('en-US')
const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** Cell text that goes to a spreadsheet: formula-like text gets its leading ', counted. */
class Guard {
  neutralised = 0
  cell(text: string): string {
    const guarded = neutralise(text)
    if (guarded.neutralised) this.neutralised += 1
    return guarded.text
  }
}

const csvLine = (cells: readonly string[]): string => cells.map(csvField).join(',') + CSV_LINE_END

/** One row's cells, as wide as the header (a short row gets empty cells, as a spreadsheet shows it). */
function inputCells(list: SendListRead, row: number): string[] {
  const cells = list.rows[row] ?? []
  const width = Math.max(list.header.length, cells.length)
  return Array.from({ length: width }, (_, column) => cells[column] ?? '')
}

/** The Campaigns … Record IDs columns: one entry per matching record, in the same order in each. */
function recordColumns(records: readonly OptOutRecord[]): string[] {
  const joined = (value: (record: OptOutRecord) => string) => records.map(value).join('; ')
  return [
    joined(campaignText),
    joined((record) => record.insert_date),
    joined((record) => record.reason),
    joined((record) => record.purpose),
    joined((record) => record.id),
  ]
}

function suppressedCells(table: ScrubTable, list: SendListRead, row: number): string[] {
  const verdict = table.verdictAt(row)
  return [
    ...inputCells(list, row),
    table.e164At(row) ?? '',
    VERDICT_LABELS[verdict],
    table.whyAt(row),
    ...recordColumns(table.recordsAt(row)),
  ]
}

const TEXT: Partial<ExcelJS.Style> = { numFmt: '@' }
const BOLD: Partial<ExcelJS.Style> = { font: { bold: true } }
const WRAPPED: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } }

/** Rows of text cells (so leading zeros and "+44" stay as written). */
function addTextRow(
  sheet: ExcelJS.Worksheet,
  cells: readonly string[],
  style: Partial<ExcelJS.Style> = TEXT,
): void {
  const row = sheet.addRow([])
  cells.forEach((text, column) => {
    const cell = row.getCell(column + 1)
    // A blank is an empty cell, not "": Excel counts "" as filled.
    cell.value = text === '' ? null : text
    cell.style = style
  })
  row.commit()
}

/** Excel's column letters for a 1-based column number. */
function columnLetters(column: number): string {
  let letters = ''
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters
  }
  return letters
}

interface Built {
  bytes: Buffer
  rows: number
}

function cleanCsv(
  table: ScrubTable,
  list: SendListRead,
  rules: ScrubRules,
  kept: readonly number[],
  guard: Guard,
): Built {
  const exempt = new Set(kept)
  const line = (cells: string[]) =>
    csvLine(cells.map((text, column) => (exempt.has(column) ? text : guard.cell(text))))
  const parts: string[] = []
  if (list.hasHeaderRow) parts.push(line(list.header))
  let rows = 0
  for (let row = 0; row < table.rows; row += 1) {
    if (!sendsRow(table.verdictAt(row), rules)) continue
    parts.push(line(inputCells(list, row)))
    rows += 1
  }
  return { bytes: Buffer.from(parts.join(''), 'utf8'), rows }
}

async function cleanXlsx(
  table: ScrubTable,
  list: SendListRead,
  rules: ScrubRules,
  created: Date,
): Promise<Built> {
  let rows = 0
  const bytes = await workbookBytes(async (workbook) => {
    const sheet = workbook.addWorksheet(list.sheetName ?? 'Sheet1')
    if (list.hasHeaderRow) addTextRow(sheet, list.header)
    for (let row = 0; row < table.rows; row += 1) {
      if (!sendsRow(table.verdictAt(row), rules)) continue
      addTextRow(sheet, inputCells(list, row))
      rows += 1
    }
    sheet.commit()
  }, created)
  return { bytes, rows }
}

function suppressedHeader(list: SendListRead): string[] {
  return [...list.header, ...SUPPRESSED_COLUMNS]
}

function suppressedCsv(table: ScrubTable, list: SendListRead, rules: ScrubRules, guard: Guard): Built {
  const line = (cells: string[]) => csvLine(cells.map((text) => guard.cell(text)))
  const parts = [UTF8_BOM + line(suppressedHeader(list))]
  let rows = 0
  for (let row = 0; row < table.rows; row += 1) {
    if (sendsRow(table.verdictAt(row), rules)) continue
    parts.push(line(suppressedCells(table, list, row)))
    rows += 1
  }
  return { bytes: Buffer.from(parts.join(''), 'utf8'), rows }
}

async function suppressedXlsx(
  table: ScrubTable,
  list: SendListRead,
  rules: ScrubRules,
  created: Date,
): Promise<Built> {
  let rows = 0
  const header = suppressedHeader(list)
  const bytes = await workbookBytes(async (workbook) => {
    const sheet = workbook.addWorksheet(SUPPRESSED_SHEET_NAME, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    })
    addTextRow(sheet, header, BOLD)
    for (let row = 0; row < table.rows; row += 1) {
      if (sendsRow(table.verdictAt(row), rules)) continue
      addTextRow(sheet, suppressedCells(table, list, row))
      rows += 1
    }
    const last = columnLetters(header.length)
    sheet.autoFilter = `A1:${last}${rows + 1}`
    // LibreOffice shows the filter only with the defined name Excel keeps for it (as the export does).
    setFilterDatabaseName(workbook, 0, `${SUPPRESSED_SHEET_NAME}!$A$1:$${last}$${rows + 1}`)
    sheet.commit()
  }, created)
  return { bytes, rows }
}

function columnName(list: SendListRead, column: number | null): string {
  if (column === null) return 'None'
  return `${list.header[column] ?? `Column ${column + 1}`} (column ${columnLetters(column + 1)})`
}

function ageText(hours: number | null): string {
  if (hours === null) return 'Unknown (no generation time recorded)'
  return `${hours.toFixed(1)} hours`
}

export interface ReportContext {
  facts: ScrubReportFacts
  list: SendListRead
  phoneColumn: number
  codeColumn: number | null
  clean: { name: string; sha256: string; rows: number }
  suppressed: { name: string; sha256: string; rows: number }
  formulaCellsNeutralised: number | null
}

/** The report's label/value lines, in order; the title first. */
export function scrubReportEntries(context: ReportContext): [string, string][] {
  const { outcome } = context.facts
  const generated = new Date(context.facts.generatedAt)
  const { snapshot, rules, counts } = outcome
  const entries: [string, string][] = [
    ['Report', SCRUB_REPORT_TITLE],
    ['Generated at (local time)', formatLocalTime(generated)],
    ['Generated at (UTC)', generated.toISOString()],
    ['App version', context.facts.appVersion],
    ['Scrubbed at (UTC)', outcome.scrubbedAt],
    ['Summary', outcome.summary],
    ['Input file', outcome.input.fileName],
    ['Input file path', outcome.input.filePath],
    ['Input file SHA-256', outcome.input.sha256],
    ['Input format', outcome.input.format.toUpperCase()],
    ['Input data rows', count(outcome.input.rows)],
    ['Header row', context.list.hasHeaderRow ? 'Yes' : 'No (column names are Column 1, Column 2, …)'],
    ['Phone column', columnName(context.list, context.phoneColumn)],
    ['Country-code column', columnName(context.list, context.codeColumn)],
    ['Snapshot file', snapshot.fileName],
    ['Snapshot file path', snapshot.filePath],
    ['Snapshot generated at', snapshot.generatedAt ?? 'Not recorded'],
    ['Snapshot age at scrub time', ageText(snapshot.ageHours)],
    ['Snapshot rows', count(snapshot.rows)],
    ['Snapshot filters', snapshot.filtersDescription],
    ['Snapshot made by Opt-Out Desk', snapshot.madeByApp ? 'Yes' : 'No'],
    ['Snapshot integrity', `${snapshot.integrity}: ${snapshot.integrityDetail}`],
    ['Snapshot row hash (recorded)', snapshot.recordedSha256 ?? 'None recorded'],
    ['Snapshot row hash (actual)', snapshot.sha256],
    ['Snapshot partial', snapshot.partial ? 'Yes' : 'No'],
  ]
  if (outcome.snapshotWarnings.length === 0) entries.push(['Snapshot warnings', 'None'])
  outcome.snapshotWarnings.forEach((warning, at) => entries.push([`Snapshot warning ${at + 1}`, warning]))
  entries.push(['Campaign of this send', rules.campaignId ?? 'None'])
  entries.push(['Purpose-scoped matches', rules.purposeScoped === 'hold' ? 'Held for review' : 'Sent'])
  for (const [label, value] of describeRules(rules)) entries.push([`Rule: ${label}`, value])
  for (const verdict of SCRUB_VERDICTS)
    entries.push([`Rows: ${VERDICT_LABELS[verdict]}`, count(counts[verdict])])
  entries.push(
    ['Clean list file', context.clean.name],
    ['Clean list rows', count(context.clean.rows)],
    ['Clean list SHA-256', context.clean.sha256],
    ['Suppressed list file', context.suppressed.name],
    ['Suppressed list rows', count(context.suppressed.rows)],
    ['Suppressed list SHA-256', context.suppressed.sha256],
  )
  if (context.formulaCellsNeutralised !== null) {
    entries.push([
      'Formula-like cells',
      `${count(context.formulaCellsNeutralised)} cells starting with = + - @ (or a tab or carriage return) were prefixed with ' so spreadsheets show them as text (never in the phone or country-code column of the clean list).`,
    ])
  }
  return entries
}

/** The counts table: one line per verdict. */
function countRows(outcome: ScrubOutcome): string[][] {
  return SCRUB_VERDICTS.map((verdict) => [
    VERDICT_LABELS[verdict],
    String(outcome.counts[verdict]),
    sendsRow(verdict, outcome.rules) ? 'Yes' : 'No',
    VERDICT_MEANINGS[verdict],
  ])
}
const COUNT_HEADER = ['Verdict', 'Rows', 'In the clean list', 'Meaning']

function reportCsv(entries: [string, string][], outcome: ScrubOutcome, guard: Guard): Built {
  const line = (cells: string[]) => csvLine(cells.map((text) => guard.cell(text)))
  let text = UTF8_BOM
  for (const entry of entries) text += line(entry)
  text += CSV_LINE_END + line(COUNT_HEADER)
  const rows = countRows(outcome)
  for (const row of rows) text += line(row)
  return { bytes: Buffer.from(text, 'utf8'), rows: rows.length }
}

async function reportXlsx(entries: [string, string][], outcome: ScrubOutcome, created: Date): Promise<Built> {
  const rows = countRows(outcome)
  const bytes = await workbookBytes(async (workbook) => {
    const about = workbook.addWorksheet(SCRUB_SHEET_NAME)
    about.columns = [{ width: 36 }, { width: 110 }]
    for (const [label, value] of entries) {
      const row = about.addRow([label, value])
      row.getCell(1).style = BOLD
      row.getCell(2).style = { ...TEXT, ...WRAPPED }
      row.commit()
    }
    about.commit()
    const table = workbook.addWorksheet(COUNTS_SHEET_NAME)
    table.columns = [{ width: 16 }, { width: 12 }, { width: 18 }, { width: 90 }]
    table.addRow(COUNT_HEADER).eachCell((cell) => {
      cell.style = BOLD
    })
    for (const [verdict, rowCount, inClean, meaning] of rows) {
      table.addRow([verdict, Number(rowCount), inClean, meaning]).commit()
    }
    table.addRow([]).commit()
    for (const [label, value] of describeRules(outcome.rules)) {
      const row = table.addRow([label, value])
      row.getCell(1).style = BOLD
      row.commit()
    }
    table.commit()
  }, created)
  return { bytes, rows: rows.length }
}

/** Writes every file under a temporary name, then renames them all; on any failure none is left. */
async function writeAll(files: readonly { path: string; bytes: Uint8Array }[]): Promise<void> {
  const temporary = files.map((file) => ({ ...file, temporary: temporaryPathFor(file.path) }))
  try {
    for (const file of temporary) {
      const handle = await fs.open(file.temporary, 'wx', 0o644)
      try {
        await handle.writeFile(file.bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
    for (const file of temporary) await fs.rename(file.temporary, file.path)
  } catch (error) {
    await Promise.all(temporary.map((file) => fs.rm(file.temporary, { force: true })))
    throw error
  }
}

export interface WriteOutputsRequest {
  format: 'csv' | 'xlsx'
  paths: OutputPaths
  list: SendListRead
  phoneColumn: number
  codeColumn: number | null
  table: ScrubTable
  rules: ScrubRules
  report: ScrubReportFacts
  signal?: AbortSignal
}

export async function writeScrubOutputs(request: WriteOutputsRequest): Promise<ScrubOutputFile[]> {
  const { format, paths, list, table, rules, report } = request
  const created = new Date(report.generatedAt)
  const guard = new Guard()
  const phoneColumns = [request.phoneColumn, ...(request.codeColumn === null ? [] : [request.codeColumn])]
  const clean =
    format === 'csv'
      ? cleanCsv(table, list, rules, phoneColumns, guard)
      : await cleanXlsx(table, list, rules, created)
  const suppressed =
    format === 'csv'
      ? suppressedCsv(table, list, rules, guard)
      : await suppressedXlsx(table, list, rules, created)
  const cleanSha = sha256Of(clean.bytes)
  const suppressedSha = sha256Of(suppressed.bytes)
  const entries = scrubReportEntries({
    facts: report,
    list,
    phoneColumn: request.phoneColumn,
    codeColumn: request.codeColumn,
    clean: { name: basename(paths.clean), sha256: cleanSha, rows: clean.rows },
    suppressed: { name: basename(paths.suppressed), sha256: suppressedSha, rows: suppressed.rows },
    formulaCellsNeutralised: format === 'csv' ? guard.neutralised : null,
  })
  const reportFile =
    format === 'csv'
      ? reportCsv(entries, report.outcome, guard)
      : await reportXlsx(entries, report.outcome, created)
  if (request.signal?.aborted) throw new Error('cancelled')
  await writeAll([
    { path: paths.clean, bytes: clean.bytes },
    { path: paths.suppressed, bytes: suppressed.bytes },
    { path: paths.report, bytes: reportFile.bytes },
  ])
  return [
    { kind: 'clean', path: paths.clean, sha256: cleanSha, rows: clean.rows },
    { kind: 'suppressed', path: paths.suppressed, sha256: suppressedSha, rows: suppressed.rows },
    { kind: 'report', path: paths.report, sha256: sha256Of(reportFile.bytes), rows: reportFile.rows },
  ]
}
