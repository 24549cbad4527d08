import ExcelJS from 'exceljs'
import type { Writable } from 'node:stream'
import { COMPARE_LISTS } from '../../../shared/compare'
import { createRowHasher } from '../export/canonical-hash'
import { integerCellValue, parseWallClock } from '../export/cell-values'
import { yieldToEventLoop, type OutputGuard } from '../export/output-file'
import {
  DATE_FORMAT,
  DATE_TIME_FORMAT,
  DRAIN_ABOVE_BYTES,
  shareRowStyle,
  sheetBuffer,
  YIELD_EVERY_ROWS,
  ZLIB_LEVEL,
} from '../export/xlsx-writer'
import { comparisonReportEntries, type ComparisonReportFacts, type ListWritten } from './comparison-metadata'
import { LIST_TITLES, tableColumns, tableRows, type CellKind } from './comparison-table'
import type { Comparison } from './kept-comparisons'

/**
 * The comparison as one workbook, streamed with exceljs's WorkbookWriter as
 * the export is (xlsx-writer.ts: one sheet committed before the next is added,
 * shared style objects, a yield every 100 rows and a wait while the sheet's
 * buffer is over 1 MB): a sheet per list, then "Report". Each sheet has a bold
 * frozen header and an autofilter; ids are numbers, insert dates date-times
 * showing Convoso's wall-clock value, everything else text.
 */

const HEADER: Partial<ExcelJS.Style> = { font: { bold: true } }
const TEXT: Partial<ExcelJS.Style> = { numFmt: '@' }
const INTEGER: Partial<ExcelJS.Style> = { numFmt: '0' }
const DATE_TIME: Partial<ExcelJS.Style> = { numFmt: DATE_TIME_FORMAT }
const DATE_ONLY: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT }
const REPORT_VALUE: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } }
const REPORT_COUNT: Partial<ExcelJS.Style> = { numFmt: '#,##0', alignment: { horizontal: 'left' } }

type Cell = { value: ExcelJS.CellValue; style: Partial<ExcelJS.Style> }

function cellOf(kind: CellKind, text: string): Cell {
  // A blank is an empty cell, not "": Excel counts "" as filled.
  if (text === '') return { value: null, style: TEXT }
  if (kind === 'date') {
    const date = parseWallClock(text)
    if (date) return { value: date.date, style: date.hasTime ? DATE_TIME : DATE_ONLY }
  }
  const number = kind === 'id' ? integerCellValue(text) : undefined
  if (number !== undefined) return { value: number, style: INTEGER }
  // Leading or trailing spaces survive LibreOffice only in a rich-text run (see export/xlsx-cells.ts).
  return { value: /^\s|\s$/.test(text) ? { richText: [{ text }] } : text, style: TEXT }
}

const columnLetter = (index: number): string =>
  index < 26 ? String.fromCharCode(65 + index) : `A${String.fromCharCode(65 + index - 26)}`

/** exceljs 4.4 internal, as export/xlsx-writer.ts setFilterDatabaseName, for a filter on every sheet. */
function setFilterNames(workbook: unknown, ranges: string[]): void {
  if (typeof workbook !== 'object' || workbook === null || !('_definedNames' in workbook)) return
  Object.defineProperty(workbook, '_definedNames', {
    value: {
      model: ranges.map((range, sheet) => ({
        name: '_xlnm._FilterDatabase',
        localSheetId: sheet,
        ranges: [range],
      })),
    },
    configurable: true,
  })
}

export async function writeComparisonWorkbook(
  output: Writable,
  guard: OutputGuard,
  comparison: Comparison,
  facts: Omit<ComparisonReportFacts, 'lists'>,
): Promise<ListWritten[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: ZLIB_LEVEL } },
  })
  workbook.creator = 'Opt-Out Desk'
  workbook.lastModifiedBy = 'Opt-Out Desk'
  workbook.created = facts.generatedAt
  workbook.modified = facts.generatedAt
  const zip: unknown = (workbook as unknown as { zip?: unknown }).zip
  if (zip && typeof zip === 'object' && 'on' in zip && typeof zip.on === 'function') {
    zip.on('error', (error: unknown) => guard.fail(error))
  }

  const lists: ListWritten[] = []
  const filterRanges: string[] = []
  for (const list of COMPARE_LISTS) {
    const title = LIST_TITLES[list]
    const columns = tableColumns(list)
    const sheet = workbook.addWorksheet(title, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    })
    const buffer = sheetBuffer(sheet)
    sheet.columns = columns.map(({ width }) => ({ width }))
    const header = sheet.addRow(columns.map(({ label }) => label))
    header.eachCell((cell) => {
      cell.style = HEADER
    })
    header.commit()
    const hasher = createRowHasher()
    let rows = 0
    for (const batch of tableRows(comparison, list)) {
      for (const row of batch) {
        guard.check()
        const added = sheet.addRow([])
        shareRowStyle(added)
        row.cells.forEach((text, index) => {
          const cell = added.getCell(index + 1)
          const prepared = cellOf((columns[index] as { kind: CellKind }).kind, text)
          cell.value = prepared.value
          cell.style = prepared.style
        })
        added.commit()
        rows += 1
        if (rows % YIELD_EVERY_ROWS === 0) {
          await yieldToEventLoop()
          guard.check()
          while (buffer && buffer.bufferedBytes() > DRAIN_ABOVE_BYTES && buffer.drainPending())
            await guard.drain(buffer.events)
        }
      }
      hasher.update(batch.flatMap((row) => row.hashed))
    }
    const last = columnLetter(columns.length - 1)
    sheet.autoFilter = `A1:${last}${rows + 1}`
    filterRanges.push(`'${title}'!$A$1:$${last}$${rows + 1}`)
    sheet.commit()
    lists.push({ list, rows, sha256: hasher.digest() })
  }
  setFilterNames(workbook, filterRanges)

  const report = workbook.addWorksheet('Report')
  report.columns = [{ width: 44 }, { width: 110 }]
  for (const [label, value] of comparisonReportEntries({ ...facts, lists })) {
    const row = report.addRow([label, value])
    row.getCell(1).style = HEADER
    row.getCell(2).style = typeof value === 'number' ? REPORT_COUNT : REPORT_VALUE
    row.commit()
  }
  report.commit()
  await guard.race(workbook.commit())
  return lists
}
