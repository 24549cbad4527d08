import ExcelJS from 'exceljs'
import { integerCellValue, parseWallClock } from '../export/cell-values'
import { DATE_FORMAT, DATE_TIME_FORMAT } from '../export/xlsx-writer'
import { LOOKUP_SHEET_NAME, VERDICTS_SHEET_NAME } from './lookup-report-marks'
import { VERDICT_COLUMNS, type VerdictColumn, type VerdictRow } from './verdict-table'

/**
 * The lookup report as a workbook: "Verdicts" (bold frozen header, autofilter,
 * whole numbers and IDs as numbers, insert dates as date-times showing
 * Convoso's wall-clock value unshifted, everything else as text) and "Lookup"
 * (what the lookup was). At most 10,000 entries, so exceljs's in-memory
 * workbook is used rather than the export's streaming writer: a few hundred
 * milliseconds, far less code.
 */

const HEADER: Partial<ExcelJS.Style> = { font: { bold: true } }
const TEXT: Partial<ExcelJS.Style> = { numFmt: '@' }
const INTEGER: Partial<ExcelJS.Style> = { numFmt: '0' }
const DATE_TIME: Partial<ExcelJS.Style> = { numFmt: DATE_TIME_FORMAT }
const DATE_ONLY: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT }
const WRAPPED: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } }

const NUMBER_COLUMNS: ReadonlySet<VerdictColumn> = new Set(['entry', 'timesPasted'])
const ID_COLUMNS: ReadonlySet<VerdictColumn> = new Set(['campaignId', 'recordId'])

function cellOf(
  key: VerdictColumn,
  value: string | number,
): { value: ExcelJS.CellValue; style: Partial<ExcelJS.Style> } {
  if (typeof value === 'number') return { value, style: NUMBER_COLUMNS.has(key) ? INTEGER : TEXT }
  // A blank is an empty cell, not "": Excel counts "" as filled.
  if (value === '') return { value: null, style: TEXT }
  if (key === 'since') {
    const date = parseWallClock(value)
    if (date) return { value: date.date, style: date.hasTime ? DATE_TIME : DATE_ONLY }
  }
  const number = ID_COLUMNS.has(key) ? integerCellValue(value) : undefined
  return number === undefined ? { value, style: TEXT } : { value: number, style: INTEGER }
}

/** The "A1:N101" range of the table, for its autofilter. */
function tableRange(rows: number): string {
  const lastColumn = String.fromCharCode('A'.charCodeAt(0) + VERDICT_COLUMNS.length - 1)
  return `A1:${lastColumn}${rows + 1}`
}

export async function lookupWorkbook(
  rows: readonly VerdictRow[],
  metadata: readonly [string, string | number][],
  created: Date,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Opt-Out Desk'
  workbook.lastModifiedBy = 'Opt-Out Desk'
  workbook.created = created
  workbook.modified = created

  const sheet = workbook.addWorksheet(VERDICTS_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  })
  sheet.columns = VERDICT_COLUMNS.map(({ key, width }) => ({ key, width }))
  const header = sheet.addRow(VERDICT_COLUMNS.map((column) => column.label))
  header.eachCell((cell) => {
    cell.style = HEADER
  })
  for (const row of rows) {
    const added = sheet.addRow([])
    VERDICT_COLUMNS.forEach(({ key }, index) => {
      const cell = added.getCell(index + 1)
      const prepared = cellOf(key, row[key])
      cell.value = prepared.value
      cell.style = prepared.style
    })
  }
  sheet.autoFilter = tableRange(rows.length)

  const about = workbook.addWorksheet(LOOKUP_SHEET_NAME)
  about.columns = [{ width: 40 }, { width: 100 }]
  for (const [label, value] of metadata) {
    const added = about.addRow([label, value])
    added.getCell(1).style = HEADER
    added.getCell(2).style = WRAPPED
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
