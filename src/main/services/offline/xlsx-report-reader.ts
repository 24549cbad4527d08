import { pipeline, Readable } from 'node:stream'
import type { Entry } from 'yauzl'
import type { OptOutRecord } from '../../../shared/records'
import { DATA_SHEET_NAME, REPORT_SHEET_NAME } from '../export/xlsx-writer'
import { xlsxCellText, type ReadCell } from './cell-text'
import {
  createWorkbookParts,
  ReaderInternalsChanged,
  type SheetPart,
  type StreamedRow,
  type WorkbookParts,
} from './exceljs-parts'
import { HEADER_DESCRIPTION, HEADER_SEARCH_ROWS, recogniseHeader, type ColumnMap } from './header-map'
import { withCellReferences } from './cell-references'
import {
  cellTooLong,
  READ_LIMITS,
  ReadBudget,
  TooLarge,
  tooLargeFailure,
  tooManySheetRows,
  type PartRole,
} from './read-limits'
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
import { decodedText, openZip, partSpan, type OpenedZip } from './xlsx-zip'
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
const READ_LIMITS_CELL = READ_LIMITS.maxCellChars

/** A sheet's XML ends with its closing tag (prefixed in some writers' files), then at most whitespace. */
const SHEET_END = /<\/(?:[\w.-]+:)?worksheet>\s*$/
const SHEET_END_WINDOW = 64

export interface XlsxRead {
  metadata: MetadataLookup
}

interface Context {
  fileName: string
  zip: OpenedZip
  parts: WorkbookParts
  signal: AbortSignal | undefined
  budget: ReadBudget
}

/** Our own reasons in words; a library's text goes to the log, never into the message. */
function damaged(fileName: string, what: string, error: unknown): ReportFileFailure {
  if (error instanceof ReportFileFailure) return error
  if (error instanceof TooLarge) return tooLargeFailure(fileName, error.what)
  if (error instanceof ReaderInternalsChanged) {
    return new ReportFileFailure(
      {
        kind: 'internal',
        message:
          'The spreadsheet reader inside this version of Opt-Out Desk changed, so it cannot open workbooks. ' +
          'Open the CSV export instead.',
      },
      error.message,
    )
  }
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

async function openPart(context: Context, entry: Entry, role: PartRole): Promise<Readable> {
  const stream = await guardedStream(context, entry, role)
  return Readable.from(decodedText(stream, { signal: context.signal, protectEntities: false }))
}

async function readWorkbookParts(context: Context): Promise<SheetPart[]> {
  const { zip, parts, fileName } = context
  const part = (name: string): Entry | undefined => zip.entries.get(name)
  const workbook = part('xl/workbook.xml')
  const relationships = part('xl/_rels/workbook.xml.rels')
  if (!workbook || !relationships) {
    throw reportFileFailure(
      `${fileName} is a zip file but not an Excel workbook (it has no xl/workbook.xml). ` +
        'Open an .xlsx or .csv report exported by Opt-Out Desk.',
    )
  }
  const steps: [string, Entry | undefined, (input: Readable) => Promise<void>, PartRole][] = [
    ['the list of its parts', relationships, parts.parseRelationships, 'other'],
    ['its list of sheets', workbook, parts.parseWorkbook, 'other'],
    ['its cell formats', part('xl/styles.xml'), parts.parseStyles, 'other'],
    ['its shared text', part('xl/sharedStrings.xml'), parts.parseSharedStrings, 'shared-strings'],
  ]
  for (const [what, entry, parse, role] of steps) {
    if (!entry) continue
    let input: Readable | undefined
    try {
      input = await openPart(context, entry, role)
      await parse(input)
    } catch (error) {
      throw damaged(fileName, what, error)
    } finally {
      // exceljs stops reading a part at its closing tag; whatever is left must not hold the file open.
      input?.destroy()
    }
  }
  try {
    return parts.sheets()
  } catch (error) {
    throw damaged(fileName, 'its list of sheets', error)
  }
}

/**
 * Streams one sheet's rows to `onRow` until it returns false or the sheet
 * ends. Stopping early closes the part's stream (the generators' `finally`).
 */
async function eachRow(
  context: Context,
  sheet: SheetPart,
  onRow: (row: StreamedRow) => boolean,
  onFileBytes?: (bytesRead: number) => void,
): Promise<void> {
  const entry = context.zip.entries.get(sheet.part)
  if (!entry) {
    throw reportFileFailure(
      `${context.fileName} is damaged: its sheet '${sheet.name}' is listed but missing from the file. ${EXPORT_AGAIN}`,
    )
  }
  let rowsSeen = 0
  try {
    const stream = await guardedStream(context, entry, 'sheet')
    const span = partSpan(entry)
    let inflated = 0
    const text = decodedText(stream, {
      signal: context.signal,
      protectEntities: true,
      onBytes: (bytes) => {
        inflated += bytes
        // Inflated bytes, scaled to the part's compressed size: how far through the file the read is.
        onFileBytes?.(
          span.start + (span.uncompressed > 0 ? (span.compressed * inflated) / span.uncompressed : 0),
        )
      },
    })
    let tail = ''
    async function* tracked(): AsyncGenerator<string> {
      for await (const chunk of text) {
        tail = (tail + chunk.slice(-SHEET_END_WINDOW)).slice(-SHEET_END_WINDOW)
        yield chunk
      }
    }
    for await (const batch of context.parts.rows(withCellReferences(tracked()))) {
      rowsSeen += batch.length
      if (rowsSeen > context.budget.limits.maxSheetRows) throw tooManySheetRows(context.budget.limits)
      for (const row of batch) if (!onRow(row)) return
    }
    // exceljs's parser never closes the document, so XML that just stops would read as a shorter sheet.
    if (!SHEET_END.test(tail)) throw new PlainReason('the sheet ends before its closing tag')
  } catch (error) {
    throw damaged(context.fileName, `its sheet '${sheet.name}'`, error)
  }
}

/** A cell's text, refused past Excel's own length for one cell. */
function boundedText(cell: ReadCell): string {
  const text = xlsxCellText(cell)
  if (text.length > READ_LIMITS_CELL) throw cellTooLong()
  return text
}

function rowTexts(row: StreamedRow): string[] {
  const texts: string[] = []
  row.eachCell((cell, column) => {
    texts[column - 1] = boundedText(cell)
  })
  return Array.from(texts, (text) => text ?? '')
}

async function readReportSheet(context: Context, sheet: SheetPart): Promise<MetadataLookup> {
  const entries = new Map<string, string | number>()
  let rows = 0
  await eachRow(context, sheet, (row) => {
    const label = row.findCell(1)
    const value = row.findCell(2)
    const key = label ? xlsxCellText(label).trim() : ''
    if (key !== '' && !entries.has(key)) {
      const raw = value?.value
      entries.set(key, typeof raw === 'number' ? raw : value ? xlsxCellText(value) : '')
    }
    rows += 1
    return rows < REPORT_SHEET_MAX_ROWS
  })
  const metadata = metadataFromReportSheet(entries)
  return metadata ? { kind: 'found', metadata } : { kind: 'missing' }
}

const cellText = (row: StreamedRow, column: number): string => {
  if (column < 0) return ''
  const cell: ReadCell | undefined = row.findCell(column + 1)
  return cell ? boundedText(cell) : ''
}

function recordOf(row: StreamedRow, columns: ColumnMap): OptOutRecord {
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
    let parts: WorkbookParts
    try {
      parts = createWorkbookParts()
    } catch (error) {
      throw damaged(fileName, 'the workbook', error)
    }
    const context: Context = { fileName, zip, parts, signal, budget }
    const sheets = await readWorkbookParts(context)

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
