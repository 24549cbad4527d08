import { posix } from 'node:path'
import { pipeline, type Readable } from 'node:stream'
import type { Entry } from 'yauzl'
import type { OptOutRecord } from '../../../shared/records'
import { DATA_SHEET_NAME, REPORT_SHEET_NAME } from '../export/report'
import { isLookupWorkbook, lookupReportMessage } from '../lookup-report/lookup-report-marks'
import { HEADER_DESCRIPTION, HEADER_SEARCH_ROWS, recogniseHeader, type ColumnMap } from './header-map'
import { ReadBudget, TooLarge, tooLargeFailure, tooManySheetRows, type PartRole } from './read-limits'
import {
  errorCode,
  EXPORT_AGAIN,
  PlainReason,
  ReportFileFailure,
  reportFileFailure,
  unreadable,
} from './report-errors'
import { metadataFromReportSheet, type MetadataLookup } from './report-metadata'
import { isBlankRecord, type RowCollector } from './row-collector'
import { SheetRowReader, type SheetRow } from './sheet-rows'
import {
  NO_STYLES,
  PACKAGE_RELATIONSHIPS,
  partOfKind,
  readRelationships,
  readSharedStrings,
  readStyles,
  readWorkbook,
  relationshipsPartOf,
  sheetParts,
  USUAL_WORKBOOK,
  workbookPart,
  type CellStyles,
  type SheetPart,
} from './workbook-parts'
import { XmlScanner } from './xml-scanner'
import { openZip, partChunks, partSpan, type OpenedZip } from './xlsx-zip'
import { TooManyZipEntries, UnsafeZipEntryName } from '../../lib/zip-file'

/**
 * Reads an .xlsx report: the Report sheet first (the metadata, and how many
 * rows to expect), then the data sheet's rows into the collector. The data
 * sheet is "Opt-outs" when there is one; otherwise the first sheet, in tab
 * order, with a recognisable header row, so a workbook someone made or
 * re-saved still opens.
 */

/** A Report sheet is a few dozen rows; a foreign sheet that happens to be called "Report" is not read to its end. */
const REPORT_SHEET_MAX_ROWS = 200

export interface XlsxRead {
  metadata: MetadataLookup
}

export interface Context {
  fileName: string
  zip: OpenedZip
  signal: AbortSignal | undefined
  budget: ReadBudget
  sharedStrings: readonly string[]
  styles: CellStyles
  date1904: boolean
}

/** Our own reasons in words; a library's text goes to the log, never into the message. */
function damaged(fileName: string, what: string, error: unknown): ReportFileFailure {
  if (error instanceof ReportFileFailure) return error
  if (error instanceof TooLarge) return tooLargeFailure(fileName, error.what)
  if (error instanceof PlainReason) {
    return reportFileFailure(
      `${fileName} is damaged: ${what} cannot be read (${error.message}). ${EXPORT_AGAIN}`,
    )
  }
  return reportFileFailure(`${fileName} is damaged: ${what} cannot be read. ${EXPORT_AGAIN}`, error)
}

/** A part's inflated bytes, counted against the open's bounds as they stream. */
async function guardedStream(context: Context, entry: Entry, role: PartRole): Promise<Readable> {
  const guard = context.budget.guard(entry, role)
  const stream = await context.zip.openStream(entry)
  // pipeline destroys both sides when either fails or is destroyed, and closes the zip's stream.
  pipeline(stream, guard, () => undefined)
  return guard
}

/** A part's bytes as they inflate; the part's stream is closed when they are dropped. */
async function partBytes(
  context: Context,
  entry: Entry,
  role: PartRole,
  onBytes?: (bytes: number) => void,
): Promise<AsyncGenerator<Buffer>> {
  return partChunks(await guardedStream(context, entry, role), { signal: context.signal, onBytes })
}

async function readPart<T>(
  context: Context,
  what: string,
  entry: Entry,
  role: PartRole,
  read: (chunks: AsyncIterable<Buffer>) => Promise<T>,
): Promise<T> {
  try {
    return await read(await partBytes(context, entry, role))
  } catch (error) {
    throw damaged(context.fileName, what, error)
  }
}

function notAWorkbook(fileName: string, why: string): ReportFileFailure {
  return reportFileFailure(
    `${fileName} is a zip file but not an Excel workbook (${why}). ` +
      'Open an .xlsx or .csv report exported by Opt-Out Desk.',
  )
}

/**
 * The sheets in tab order; fills the context's shared text, cell styles and
 * date system. Which part is the workbook comes from the package's
 * relationships (`_rels/.rels`), and which parts are its sheets, styles and
 * shared text from the workbook's own, as a spreadsheet program finds them.
 */
export async function readWorkbookParts(context: Context): Promise<SheetPart[]> {
  const { zip, fileName } = context
  const part = (name: string): Entry | undefined => zip.entries.get(name)
  const packageEntry = part(PACKAGE_RELATIONSHIPS)
  // A package without its relationships part is not valid, but exceljs and others read xl/workbook.xml then.
  const workbookPath =
    (packageEntry &&
      workbookPart(
        await readPart(context, 'the list of its parts', packageEntry, 'other', (chunks) =>
          readRelationships(chunks, ''),
        ),
      )) ??
    USUAL_WORKBOOK
  const workbook = part(workbookPath)
  const relationshipsPath = relationshipsPartOf(workbookPath)
  const relationshipsEntry = part(relationshipsPath)
  if (!workbook) throw notAWorkbook(fileName, `it has no ${workbookPath}`)
  if (!relationshipsEntry) throw notAWorkbook(fileName, `it has no ${relationshipsPath}`)
  const relationships = await readPart(
    context,
    'the list of its parts',
    relationshipsEntry,
    'other',
    (chunks) => readRelationships(chunks, posix.dirname(workbookPath)),
  )
  const info = await readPart(context, 'its list of sheets', workbook, 'other', readWorkbook)
  if (!info.isWorkbook) throw notAWorkbook(fileName, `its main part ${workbookPath} is not a workbook`)
  context.date1904 = info.date1904
  // Where a workbook names no styles or shared text, the usual place beside it is looked at.
  const beside = (name: string): string => posix.join(posix.dirname(workbookPath), name)
  const styles = part(partOfKind(relationships, 'styles') ?? beside('styles.xml'))
  if (styles) context.styles = await readPart(context, 'its cell formats', styles, 'other', readStyles)
  const shared = part(partOfKind(relationships, 'sharedStrings') ?? beside('sharedStrings.xml'))
  if (shared) {
    context.sharedStrings = await readPart(
      context,
      'its shared text',
      shared,
      'shared-strings',
      readSharedStrings,
    )
  }
  return sheetParts(info, relationships)
}

/**
 * Streams one sheet's rows to `onRow` until it returns false or the sheet
 * ends. Stopping early closes the part's stream (the generator's `finally`).
 */
export async function eachRow(
  context: Context,
  sheet: SheetPart,
  onRow: (row: SheetRow) => boolean,
  onFileBytes?: (bytesRead: number) => void,
): Promise<void> {
  const entry = context.zip.entries.get(sheet.part)
  if (!entry) {
    throw reportFileFailure(
      `${context.fileName} is damaged: its sheet '${sheet.name}' is listed but missing from the file. ${EXPORT_AGAIN}`,
    )
  }
  try {
    const span = partSpan(entry)
    let inflated = 0
    const chunks = await partBytes(context, entry, 'sheet', (bytes) => {
      inflated += bytes
      // Inflated bytes, scaled to the part's compressed size: how far through the file the read is.
      onFileBytes?.(
        span.start + (span.uncompressed > 0 ? (span.compressed * inflated) / span.uncompressed : 0),
      )
    })
    const limits = context.budget.limits
    const rows = new SheetRowReader({
      sharedStrings: context.sharedStrings,
      styles: context.styles,
      date1904: context.date1904,
      maxRows: limits.maxSheetRows,
      tooManyRows: () => tooManySheetRows(limits),
      onRow: (row) => {
        if (!onRow(row)) scanner.stop()
      },
    })
    const scanner = new XmlScanner(rows, 'sheet')
    for await (const chunk of chunks) {
      scanner.write(chunk)
      if (scanner.isStopped) return
    }
    scanner.end()
  } catch (error) {
    throw damaged(context.fileName, `its sheet '${sheet.name}'`, error)
  }
}

export function rowTexts(row: SheetRow): string[] {
  return Array.from({ length: row.width }, (_, column) => row.cell(column))
}

async function readReportSheet(context: Context, sheet: SheetPart): Promise<MetadataLookup> {
  const entries = new Map<string, string | number>()
  let rows = 0
  await eachRow(context, sheet, (row) => {
    const key = row.cell(0).trim()
    if (key !== '' && !entries.has(key)) entries.set(key, row.number(1) ?? row.cell(1))
    rows += 1
    return rows < REPORT_SHEET_MAX_ROWS
  })
  const metadata = metadataFromReportSheet(entries)
  return metadata ? { kind: 'found', metadata } : { kind: 'missing' }
}

const cellText = (row: SheetRow, column: number): string => (column < 0 ? '' : row.cell(column))

function recordOf(row: SheetRow, columns: ColumnMap): OptOutRecord {
  return {
    id: cellText(row, columns.id),
    phone_code: cellText(row, columns.phone_code),
    phone_number: cellText(row, columns.phone_number),
    reason: cellText(row, columns.reason),
    purpose: cellText(row, columns.purpose),
    insert_date: cellText(row, columns.insert_date),
    campaign_id: cellText(row, columns.campaign_id),
    campaign_name: cellText(row, columns.campaign_name),
  }
}

/** Reads the sheet's rows if a header is found near its top; false when the sheet has none. */
async function readDataSheet(context: Context, sheet: SheetPart, collector: RowCollector): Promise<boolean> {
  let columns: ColumnMap | undefined
  let rowsBeforeHeader = 0
  await eachRow(
    context,
    sheet,
    (row) => {
      if (columns) {
        const record = recordOf(row, columns)
        if (!isBlankRecord(record)) collector.add(record)
        return true
      }
      columns = recogniseHeader(rowTexts(row))
      rowsBeforeHeader += 1
      return columns !== undefined || rowsBeforeHeader < HEADER_SEARCH_ROWS
    },
    (bytesRead) => {
      collector.bytesRead = bytesRead
    },
  )
  return columns !== undefined
}

function zipFailure(fileName: string, cause: unknown): ReportFileFailure {
  return reportFileFailure(
    `${fileName} is damaged: the workbook is incomplete (its zip directory is missing or broken), ` +
      'probably cut short while it was copied, downloaded or saved. Copy it again from where it came from, ' +
      'or export the report again.',
    cause,
  )
}

export async function readXlsxReport(
  path: string,
  fileName: string,
  collector: RowCollector,
  signal: AbortSignal | undefined,
): Promise<XlsxRead> {
  const budget = new ReadBudget()
  let zip: OpenedZip
  try {
    zip = await openZip(path, { maxEntries: budget.limits.maxZipEntries })
  } catch (error) {
    if (errorCode(error) !== undefined) throw unreadable(fileName, error)
    if (error instanceof TooManyZipEntries) {
      throw tooLargeFailure(fileName, `the zip holds more than ${error.limit.toLocaleString('en-US')} parts`)
    }
    if (error instanceof UnsafeZipEntryName) {
      throw reportFileFailure(
        `${fileName} is not a report: its zip holds a part with an unsafe name (one that points outside the ` +
          'file, or uses a drive letter or a backslash), which no spreadsheet program writes. It was not opened. ' +
          EXPORT_AGAIN,
        error,
      )
    }
    // yauzl's own words ("end of central directory record signature not found") mean nothing to a reader.
    throw zipFailure(fileName, error)
  }
  try {
    const context: Context = {
      fileName,
      zip,
      signal,
      budget,
      sharedStrings: [],
      styles: NO_STYLES,
      date1904: false,
    }
    const sheets = await readWorkbookParts(context)
    if (isLookupWorkbook(sheets.map((sheet) => sheet.name)))
      throw reportFileFailure(lookupReportMessage(fileName))

    const reportSheet = sheets.find((sheet) => sheet.name === REPORT_SHEET_NAME)
    const metadata: MetadataLookup = reportSheet
      ? await readReportSheet(context, reportSheet)
      : { kind: 'missing' }
    if (metadata.kind === 'found' && metadata.metadata.rowsRecorded !== undefined) {
      collector.expectRows(metadata.metadata.rowsRecorded)
    }

    const candidates = [
      ...sheets.filter((sheet) => sheet.name.toLowerCase() === DATA_SHEET_NAME.toLowerCase()),
      ...sheets.filter(
        (sheet) =>
          sheet.name.toLowerCase() !== DATA_SHEET_NAME.toLowerCase() &&
          !(sheet === reportSheet && metadata.kind === 'found'),
      ),
    ]
    for (const sheet of candidates) {
      if (await readDataSheet(context, sheet, collector)) return { metadata }
    }
    throw reportFileFailure(
      `This workbook has no '${DATA_SHEET_NAME}' sheet or header row with the opt-out columns ` +
        `(${HEADER_DESCRIPTION}). Open a report exported by Opt-Out Desk, or a sheet with those column headers.`,
    )
  } finally {
    zip.close()
  }
}
