import { parse, type Parser } from 'csv-parse'
import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import { basename } from 'node:path'
import { Transform, pipeline } from 'node:stream'
import type { OptOutRecord } from '../../../shared/records'
import { reportJsonPathFor } from '../export/export-job'
import { isLookupCsvFirstLine, lookupReportMessage } from '../lookup-report/lookup-report-marks'
import { csvCellText } from './cell-text'
import { HEADER_DESCRIPTION, HEADER_SEARCH_ROWS, recogniseHeader, type ColumnMap } from './header-map'
import { describeRefusal, FileRefused, readRegularTextFile } from '../../lib/safe-read'
import { READ_LIMITS, TooLarge, tooLargeFailure, tooManySheetRows } from './read-limits'
import {
  cancelled,
  errorCode,
  EXPORT_AGAIN,
  ReportFileFailure,
  reportFileFailure,
  unreadable,
} from './report-errors'
import { metadataFromReportJson, type MetadataLookup } from './report-metadata'
import { isBlankRecord, type RowCollector } from './row-collector'

/**
 * Reads a .csv report: the `.report.json` beside it first, then the rows
 * (RFC 4180, as export/csv-writer.ts writes them) into the collector, hashing
 * the file's bytes on the way for the file-level check.
 */

/** A `.report.json` is a couple of kilobytes. */
const MAX_REPORT_JSON_BYTES = 1024 * 1024

export interface CsvRead {
  metadata: MetadataLookup
  reportJsonName: string
  fileSha256: string
  /** Cells whose leading `'` was taken off as the writer's formula guard. */
  apostrophesRemoved: number
}

/**
 * Only a regular file is read: a FIFO put where the report is expected would
 * otherwise hold the open (and a libuv thread) until something writes to it.
 */
async function readReportJson(csvPath: string, signal: AbortSignal | undefined): Promise<MetadataLookup> {
  const path = reportJsonPathFor(csvPath)
  try {
    return metadataFromReportJson(
      await readRegularTextFile(path, { maxBytes: MAX_REPORT_JSON_BYTES, signal }),
    )
  } catch (error) {
    if (signal?.aborted) throw cancelled()
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' }
    if (error instanceof FileRefused) {
      return {
        kind: 'unreadable',
        reason:
          error.reason === 'too-large'
            ? 'is far larger than a report file, so it is not one'
            : describeRefusal(error),
      }
    }
    return {
      kind: 'unreadable',
      reason:
        code === 'EACCES' || code === 'EPERM' ? 'could not be read (permission denied)' : 'could not be read',
    }
  }
}

/**
 * The field separator of the header line: our reports use commas; a CSV saved
 * by a spreadsheet in some locales uses semicolons, or tabs. Counted outside quotes.
 */
export async function sniffDelimiter(path: string): Promise<string> {
  const handle = await fs.open(path, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const text = buffer.subarray(0, bytesRead).toString('utf8')
    const counts = new Map<string, number>([
      [',', 0],
      [';', 0],
      ['\t', 0],
    ])
    let quoted = false
    for (const char of text) {
      if (char === '"') quoted = !quoted
      else if (!quoted && (char === '\n' || char === '\r')) break
      else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1)
    }
    let best = ','
    for (const [delimiter, seen] of counts) if (seen > (counts.get(best) ?? 0)) best = delimiter
    return best
  } finally {
    await handle.close()
  }
}

function csvFailure(
  fileName: string,
  error: unknown,
  rowsRead: number,
  linesAtLastRecord: number,
): ReportFileFailure {
  if (error instanceof ReportFileFailure) return error
  if (error instanceof TooLarge) return tooLargeFailure(fileName, error.what)
  const code = errorCode(error)
  // A record that outgrew the bound on one line is a long line; one that ran over line breaks is an open quote.
  const errorLines = (error as { lines?: unknown }).lines
  const oneLine = typeof errorLines === 'number' && errorLines <= linesAtLastRecord + 1
  if (code === 'CSV_MAX_RECORD_SIZE' && oneLine) {
    return reportFileFailure(
      `${fileName} cannot be opened: a line after data row ${rowsRead.toLocaleString('en-US')} is longer than any ` +
        `report has (more than ${READ_LIMITS.maxCsvRecordChars.toLocaleString('en-US')} characters), so it is not ` +
        `an opt-out report, or it is damaged. ${EXPORT_AGAIN}`,
      error,
    )
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_MAX_RECORD_SIZE') {
    return reportFileFailure(
      `${fileName} is damaged: a quoted value that starts after data row ${rowsRead.toLocaleString('en-US')} ` +
        'is never closed, so the rest of the file cannot be split into rows (it may have been cut short ' +
        `or edited by hand). ${EXPORT_AGAIN}`,
      error,
    )
  }
  // The system's errors (ENOENT, EACCES, …) as opposed to the parser's (CSV_…).
  if (code?.startsWith('E')) return unreadable(fileName, error)
  return reportFileFailure(
    `${fileName} could not be read as CSV: its text is not laid out in rows and columns as a report's is. ` +
      EXPORT_AGAIN,
    error,
  )
}

export async function readCsvReport(
  path: string,
  fileName: string,
  collector: RowCollector,
  signal: AbortSignal | undefined,
): Promise<CsvRead> {
  const metadata = await readReportJson(path, signal)
  if (metadata.kind === 'found' && metadata.metadata.rowsRecorded !== undefined) {
    collector.expectRows(metadata.metadata.rowsRecorded)
  }
  const fileHash = createHash('sha256')
  let bytesRead = 0
  let apostrophesRemoved = 0
  let columns: ColumnMap | undefined
  let linesBeforeHeader = 0
  let linesAtLastRecord = 0
  let records = 0

  let parser: Parser | undefined
  const onAbort = (): void => {
    parser?.destroy(cancelled())
  }
  try {
    const delimiter = await sniffDelimiter(path)
    const source = createReadStream(path)
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        fileHash.update(chunk)
        bytesRead += chunk.length
        collector.bytesRead = bytesRead
        callback(null, chunk)
      },
    })
    parser = parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: READ_LIMITS.maxCsvRecordChars,
      on_record: (record: string[], context: { lines: number }) => {
        linesAtLastRecord = context.lines
        records += 1
        // Excel's sheet size bounds blank lines and lines before the header; the collector bounds data rows.
        if (records > READ_LIMITS.maxSheetRows) throw tooManySheetRows()
        return record
      },
    })
    // pipeline closes the file whichever side fails or stops first; the error itself surfaces below.
    pipeline(source, tap, parser, () => undefined)
    signal?.addEventListener('abort', onAbort, { once: true })
    if (signal?.aborted) onAbort()

    const text = (fields: string[], column: number): string => {
      if (column < 0) return ''
      const field = fields[column]
      if (field === undefined || field === '') return ''
      const value = csvCellText(field)
      if (value.length !== field.length) apostrophesRemoved += 1
      return value
    }
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (!columns) {
        if (linesBeforeHeader === 0 && isLookupCsvFirstLine(fields))
          throw reportFileFailure(lookupReportMessage(fileName))
        columns = recogniseHeader(fields)
        linesBeforeHeader += 1
        if (!columns && linesBeforeHeader >= HEADER_SEARCH_ROWS) break
        continue
      }
      const record: OptOutRecord = {
        id: text(fields, columns.id),
        phone_code: text(fields, columns.phone_code),
        phone_number: text(fields, columns.phone_number),
        reason: text(fields, columns.reason),
        purpose: text(fields, columns.purpose),
        insert_date: text(fields, columns.insert_date),
        campaign_id: text(fields, columns.campaign_id),
        campaign_name: text(fields, columns.campaign_name),
      }
      if (!isBlankRecord(record)) collector.add(record)
    }
  } catch (error) {
    throw csvFailure(fileName, error, collector.rowsRead, linesAtLastRecord)
  } finally {
    signal?.removeEventListener('abort', onAbort)
    parser?.destroy()
  }
  if (signal?.aborted) throw cancelled()
  if (!columns) {
    throw reportFileFailure(
      `${fileName} has no header row with the opt-out columns (${HEADER_DESCRIPTION}). ` +
        'Open a report exported by Opt-Out Desk, or a CSV with those column headers.',
    )
  }
  return {
    metadata,
    reportJsonName: basename(reportJsonPathFor(path)),
    fileSha256: fileHash.digest('hex'),
    apostrophesRemoved,
  }
}
