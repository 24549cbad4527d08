import ExcelJS from 'exceljs'
import { integerCellValue, parseWallClock } from '../export/cell-values'
import { yieldToEventLoop } from '../export/output-file'
import { workbookBytes } from '../export/workbook-bytes'
import { DATE_FORMAT, DATE_TIME_FORMAT, setFilterDatabaseName } from '../export/xlsx-writer'
import { LOOKUP_SHEET_NAME, VERDICTS_SHEET_NAME } from './lookup-report-marks'
import { VERDICT_COLUMNS, type VerdictColumn, type VerdictRow } from './verdict-table'

/**
 * The lookup report as a workbook: "Verdicts" (bold frozen header, autofilter,
 * whole numbers and IDs as numbers, insert dates as date-times showing
 * Convoso's wall-clock value unshifted, everything else as text) and "Lookup"
 * (what the lookup was). exceljs's streaming writer, as the export uses, into
 * memory: its in-memory workbook measured about ten times slower (seconds for
 * 10,000 numbers, on main's thread). The writer hands the thread back every
 * 100 rows so main keeps answering the window; the bytes are then written to
 * disk in one atomic write.
 */

const YIELD_EVERY_ROWS = 100

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

const LAST_COLUMN = String.fromCharCode('A'.charCodeAt(0) + VERDICT_COLUMNS.length - 1)

export async function lookupWorkbook(
  rows: readonly VerdictRow[],
  metadata: readonly [string, string | number][],
  created: Date,
): Promise<Buffer> {
  return workbookBytes(async (workbook) => {
    // The verdicts are added and committed first: the zip writes one sheet after the other.
    const sheet = workbook.addWorksheet(VERDICTS_SHEET_NAME, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    })
    sheet.columns = VERDICT_COLUMNS.map(({ key, width }) => ({ key, width }))
    const header = sheet.addRow(VERDICT_COLUMNS.map((column) => column.label))
    header.eachCell((cell) => {
      cell.style = HEADER
    })
    header.commit()
    for (const [index, row] of rows.entries()) {
      const added = sheet.addRow([])
      VERDICT_COLUMNS.forEach(({ key }, column) => {
        const cell = added.getCell(column + 1)
        const prepared = cellOf(key, row[key])
        cell.value = prepared.value
        cell.style = prepared.style
      })
      added.commit()
      if ((index + 1) % YIELD_EVERY_ROWS === 0) await yieldToEventLoop()
    }
    const lastRow = rows.length + 1
    sheet.autoFilter = `A1:${LAST_COLUMN}${lastRow}`
    // LibreOffice shows the filter only with the defined name Excel keeps for it; without it
    // (an exceljs upgrade that moved the field) Excel still filters.
    setFilterDatabaseName(workbook, 0, `${VERDICTS_SHEET_NAME}!$A$1:$${LAST_COLUMN}$${lastRow}`)
    sheet.commit()

    const about = workbook.addWorksheet(LOOKUP_SHEET_NAME)
    about.columns = [{ width: 40 }, { width: 100 }]
    for (const [label, value] of metadata) {
      const added = about.addRow([label, value])
      added.getCell(1).style = HEADER
      added.getCell(2).style = WRAPPED
      added.commit()
    }
    about.commit()
  }, created)
}
