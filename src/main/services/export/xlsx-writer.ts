import ExcelJS from 'exceljs'
import { DATA_SHEET_NAME, REPORT_SHEET_NAME } from './report'
import { EventEmitter } from 'node:events'
import type { Writable } from 'node:stream'
import {
  RECORD_FIELDS,
  RECORD_FIELD_LABELS,
  type OptOutRecord,
  type RecordField,
} from '../../../shared/records'
import { CELLS_PER_ROW, CellStyle, prepareRows, type PreparedRows } from './xlsx-cells'
import type { OutputGuard } from './output-file'
import { yieldToEventLoop } from './output-file'
import { ExportFailure } from './page-fetcher'
import { reportEntries, type ExportMetadata } from './report'

/**
 * Streams an export into an .xlsx with exceljs 4.4's WorkbookWriter, following
 * the measured facts in shared/reference/exceljs-streaming.md:
 * - "Opt-outs" is added first and committed before "Report" is added: exceljs
 *   opens a sheet's zip entry when the sheet is added, and the zip writes
 *   entries one after another, so an open sheet ahead of the data sheet would
 *   keep the data sheet's buffer from ever draining.
 * - exceljs ignores backpressure: every 100 rows the loop yields to the event
 *   loop, and waits for 'drain' while the sheet's buffer holds more than 1 MB.
 * - Every cell of a column shares one style object (9 s → 0 s at 1M rows).
 * - Dates are built with Date.UTC from Convoso's wall-clock text.
 * - `_xlnm._FilterDatabase` is defined for the filter range (LibreOffice needs it).
 * Three exceljs internals are used, hence the exact version pin and the tests
 * in test/main/services/export/xlsx-internals.test.ts: the sheet stream's `pipes[0]`,
 * the workbook's `_definedNames` and a row's `style`.
 */

export const YIELD_EVERY_ROWS = 100
export const DRAIN_ABOVE_BYTES = 1024 * 1024
export const ZLIB_LEVEL = 6

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss'
export const DATE_FORMAT = 'yyyy-mm-dd'

const COLUMN_WIDTHS: Record<RecordField, number> = {
  id: 12,
  phone_code: 11,
  phone_number: 16,
  reason: 48,
  purpose: 14,
  insert_date: 20,
  campaign_id: 13,
  campaign_name: 30,
}

const TEXT: Partial<ExcelJS.Style> = { numFmt: '@' }
const INTEGER: Partial<ExcelJS.Style> = { numFmt: '0' }
const DATE_TIME: Partial<ExcelJS.Style> = { numFmt: DATE_TIME_FORMAT }
const DATE_ONLY: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT }
/** Indexed by `CellStyle`: one shared object per kind of cell. */
const CELL_STYLES: Record<CellStyle, Partial<ExcelJS.Style>> = {
  [CellStyle.text]: TEXT,
  [CellStyle.integer]: INTEGER,
  [CellStyle.dateTime]: DATE_TIME,
  [CellStyle.date]: DATE_ONLY,
}
/** Data rows carry no style of their own (their cells do); shared, never changed. */
const ROW_STYLE: Partial<ExcelJS.Style> = Object.freeze({})
const HEADER: Partial<ExcelJS.Style> = { font: { bold: true } }
const REPORT_VALUE: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } }
const REPORT_COUNT: Partial<ExcelJS.Style> = { numFmt: '#,##0', alignment: { horizontal: 'left' } }

/** The last column's letter, for ranges such as A1:H1001. */
const LAST_COLUMN = String.fromCharCode('A'.charCodeAt(0) + RECORD_FIELDS.length - 1)

/** The buffer in front of the sheet's deflate step, as far as backpressure needs it. */
export interface SheetBuffer {
  /** Bytes of sheet XML written but not yet taken by the zip writer. */
  bufferedBytes(): number
  /** True when a 'drain' event is due. */
  drainPending(): boolean
  events: EventEmitter
}

/**
 * exceljs 4.4 internal: a streamed sheet's `stream` is a StreamBuf whose
 * consumers sit in `pipes`; archiver pipes it into a readable-stream 2.x
 * PassThrough as soon as the sheet is added (archiver-utils
 * normalizeInputSource). That PassThrough is where unwritten sheet XML piles
 * up; readable-stream 2 has no public `writableLength`, hence `_writableState`.
 * Returns undefined if any of it changed shape.
 */
export function sheetBuffer(worksheet: unknown): SheetBuffer | undefined {
  if (typeof worksheet !== 'object' || worksheet === null || !('stream' in worksheet)) return undefined
  const stream: unknown = worksheet.stream
  if (typeof stream !== 'object' || stream === null || !('pipes' in stream)) return undefined
  const pipes: unknown = stream.pipes
  if (!Array.isArray(pipes)) return undefined
  const first: unknown = pipes[0]
  if (!(first instanceof EventEmitter) || !('_writableState' in first)) return undefined
  const state: unknown = first._writableState
  if (typeof state !== 'object' || state === null) return undefined
  if (!('length' in state) || typeof state.length !== 'number') return undefined
  if (!('needDrain' in state) || typeof state.needDrain !== 'boolean') return undefined
  const fields = state as { length: number; needDrain: boolean }
  return {
    bufferedBytes: () => fields.length,
    drainPending: () => fields.needDrain,
    events: first,
  }
}

/**
 * exceljs 4.4 internal: `WorkbookWriter` renders `_definedNames.model` into
 * workbook.xml. Its public `definedNames.add()` would create an object per cell
 * of the range (8 million for a full export), and cannot set `localSheetId`.
 */
export function setFilterDatabaseName(workbook: unknown, sheetIndex: number, range: string): boolean {
  if (typeof workbook !== 'object' || workbook === null || !('_definedNames' in workbook)) return false
  Object.defineProperty(workbook, '_definedNames', {
    value: { model: [{ name: '_xlnm._FilterDatabase', localSheetId: sheetIndex, ranges: [range] }] },
    configurable: true,
  })
  return true
}

/**
 * exceljs 4.4 internal: every row gets a fresh empty `style` object (untyped),
 * which misses the style cache on each commit and is rendered to XML just to be
 * looked up again, a large share of the writer's time at a million rows. A
 * shared empty one hits the cache. If the field is gone, rows are only slower.
 */
export function shareRowStyle(row: unknown): boolean {
  if (typeof row !== 'object' || row === null || !('style' in row)) return false
  if (typeof row.style !== 'object' || row.style === null || Object.keys(row.style).length > 0) return false
  Object.assign(row, { style: ROW_STYLE })
  return true
}

/** A sheet name inside a formula reference, quoted as Excel writes it. */
const quoteSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`

export interface XlsxWriter {
  writeRows(rows: readonly OptOutRecord[]): Promise<void>
  /** Writes the Report sheet and the workbook's closing parts; resolves when the output stream finished. */
  finish(metadata: ExportMetadata): Promise<void>
  readonly rowsWritten: number
  /** Cells whose text XLSX cannot hold exactly (control characters, over-long text). */
  readonly cellsAlteredByXlsx: number
  /** Stops the zip writer after a failure or a cancel; the caller destroys the output. */
  abort(): void
}

/** exceljs keeps its archiver in `zip`; its errors must end the export, not the process. */
function archiverOf(workbook: unknown): EventEmitter | undefined {
  if (typeof workbook !== 'object' || workbook === null || !('zip' in workbook)) return undefined
  return workbook.zip instanceof EventEmitter ? workbook.zip : undefined
}

function internalsChanged(what: string): ExportFailure {
  return new ExportFailure({
    kind: 'internal',
    message: `The spreadsheet writer changed (${what}); the export was stopped before it could exhaust memory. Export as CSV instead.`,
  })
}

export function createXlsxWriter(
  output: Writable,
  guard: OutputGuard,
  options: { created: Date },
): XlsxWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: ZLIB_LEVEL } },
  })
  workbook.creator = 'Opt-Out Desk'
  workbook.lastModifiedBy = 'Opt-Out Desk'
  workbook.created = options.created
  workbook.modified = options.created

  const sheet = workbook.addWorksheet(DATA_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  })
  const zip = archiverOf(workbook)
  zip?.on('error', (error: unknown) => guard.fail(error))
  const buffer = sheetBuffer(sheet)
  if (!buffer) throw internalsChanged('worksheet.stream.pipes[0] is missing')
  sheet.columns = RECORD_FIELDS.map((field) => ({ key: field, width: COLUMN_WIDTHS[field] }))

  const header = sheet.addRow(RECORD_FIELDS.map((field) => RECORD_FIELD_LABELS[field]))
  header.eachCell((cell) => {
    cell.style = HEADER
  })
  header.commit()

  let rowsWritten = 0
  let cellsAltered = 0

  const writeRow = (prepared: PreparedRows, row: number): void => {
    const start = row * CELLS_PER_ROW
    const added = sheet.addRow(prepared.values.slice(start, start + CELLS_PER_ROW))
    shareRowStyle(added)
    for (let column = 0; column < CELLS_PER_ROW; column += 1) {
      // One shared object per kind: exceljs serialises a style once per distinct object.
      const cell = added.findCell(column + 1)
      if (cell) cell.style = CELL_STYLES[prepared.styles[start + column] as CellStyle]
    }
    added.commit()
    rowsWritten += 1
  }

  const relieve = async (): Promise<void> => {
    await yieldToEventLoop()
    guard.check()
    while (buffer.bufferedBytes() > DRAIN_ABOVE_BYTES && buffer.drainPending())
      await guard.drain(buffer.events)
  }

  return {
    get rowsWritten() {
      return rowsWritten
    },
    get cellsAlteredByXlsx() {
      return cellsAltered
    },

    async writeRows(rows) {
      const prepared = prepareRows(rows)
      cellsAltered += prepared.cellsAltered
      for (let row = 0; row < prepared.rows; row += 1) {
        guard.check()
        writeRow(prepared, row)
        if ((row + 1) % YIELD_EVERY_ROWS === 0) await relieve()
      }
      await relieve()
    },

    abort() {
      if (zip && 'abort' in zip && typeof zip.abort === 'function') zip.abort()
    },

    async finish(metadata) {
      guard.check()
      const lastRow = rowsWritten + 1
      sheet.autoFilter = `A1:${LAST_COLUMN}${lastRow}`
      if (
        !setFilterDatabaseName(workbook, 0, `${quoteSheet(DATA_SHEET_NAME)}!$A$1:$${LAST_COLUMN}$${lastRow}`)
      ) {
        throw internalsChanged('workbook._definedNames is missing')
      }
      sheet.commit()

      const report = workbook.addWorksheet(REPORT_SHEET_NAME)
      report.columns = [{ width: 36 }, { width: 110 }]
      for (const [label, value] of reportEntries(metadata)) {
        const row = report.addRow([label, value])
        row.getCell(1).style = HEADER
        row.getCell(2).style = typeof value === 'number' ? REPORT_COUNT : REPORT_VALUE
        row.commit()
      }
      report.commit()
      await guard.race(workbook.commit())
    },
  }
}
