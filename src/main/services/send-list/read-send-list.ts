import { parse, type Parser } from 'csv-parse'
import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import { basename, extname } from 'node:path'
import { pipeline } from 'node:stream'
import { MAX_SEND_LIST_ROWS, SEND_LIST_SAMPLE_ROWS, type SendListPreview } from '../../../shared/scrub'
import { sniffDelimiter } from '../offline/csv-report-reader'
import { READ_LIMITS, ReadBudget, type ReadLimits } from '../offline/read-limits'
import { cancelled, errorCode, ReportFileFailure, throwIfAborted, unreadable } from '../offline/report-errors'
import { eachRow, readWorkbookParts, rowTexts, type Context } from '../offline/xlsx-report-reader'
import { NO_STYLES, type SheetPart } from '../offline/workbook-parts'
import { openZip } from '../offline/xlsx-zip'
import { columnNames, isPhoneLike, looksLikeHeader, suggestCodeColumn, suggestPhoneColumn } from './columns'
import { asListFailure, sendListFailure, SPLIT_OR_SAVE_AGAIN } from './errors'
import type { ReadSendListOptions, SendListRead } from './types'

/**
 * Reads a send list, CSV or XLSX, in plain Node (a worker thread runs it): the
 * preview reads the first rows only, `readSendList` every row. Both decide the
 * header row and the sheet from the same first rows, so the scrub reads the
 * list the user previewed. Cell text is kept as the file shows it (a number
 * stored as a number in a workbook: its digits); wholly blank rows are skipped.
 * Workbooks go through the report reader's streaming pieces (zip, shared
 * text, sheet rows) with their bounds, so a million-row sheet streams.
 */

/** The preview's facts about a file, without the handle main adds (listId). */
export type SendListPreviewData = Omit<SendListPreview, 'listId'> & { fileMtimeMs: number }

const MiB = 1024 * 1024

/**
 * The report reader's bounds, with room for what a list has and a report has not: a million rows of
 * names, addresses and notes in shared text (about 10 distinct texts a row).
 */
export const SEND_LIST_LIMITS: ReadLimits = {
  ...READ_LIMITS,
  maxDataRows: MAX_SEND_LIST_ROWS,
  maxSharedStringsBytes: 512 * MiB,
  maxSharedStrings: 12 * (MAX_SEND_LIST_ROWS + 1),
}

/** Rows the first look keeps: a header row and the sample. */
const FIRST_ROWS = SEND_LIST_SAMPLE_ROWS + 1
/** CSV files up to this size have their lines counted for the preview's estimate. */
const COUNT_LINES_UP_TO = 512 * MiB
const PROGRESS_EVERY = 16_384

type Kind = 'csv' | 'xlsx'

interface Scanned {
  rows: string[][]
  format: Kind
  sheetName?: string
}

interface ScanOptions {
  /** Rows to keep: FIRST_ROWS for a preview, all (up to the limit) for the scrub. */
  keep: number
  signal?: AbortSignal
  onRows?: (rowsRead: number, bytesRead: number) => void
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06])
/** An OLE compound file: an encrypted (password-protected) workbook, or an Excel 97–2003 .xls. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

const tooManyRows = (fileName: string): ReportFileFailure =>
  sendListFailure(
    `${fileName} has more than ${MAX_SEND_LIST_ROWS.toLocaleString('en-US')} rows. Opt-Out Desk scrubs at most ` +
      `${MAX_SEND_LIST_ROWS.toLocaleString('en-US')} numbers at a time: split the list into smaller files and scrub each.`,
  )

const isBlankRow = (row: readonly string[]): boolean => row.every((cell) => cell.trim() === '')

/** What the file is, by its first bytes (a name can lie), and the text encoding of a CSV. */
async function sniff(
  path: string,
  fileName: string,
): Promise<{ kind: Kind; encoding: BufferEncoding; fileBytes: number; mtimeMs: number }> {
  let handle: fs.FileHandle
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    throw asListFailure(unreadable(fileName, error))
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) {
      throw sendListFailure(`${fileName} is not a file (it is a folder or a device). Choose the list itself.`)
    }
    if (stat.size === 0) {
      throw sendListFailure(`${fileName} is empty: it holds no rows. Choose the file with the numbers in it.`)
    }
    const head = Buffer.alloc(Math.min(stat.size, 64 * 1024))
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const bytes = head.subarray(0, bytesRead)
    const base = { fileBytes: stat.size, mtimeMs: stat.mtimeMs }
    if (bytes.subarray(0, 4).equals(ZIP_MAGIC) || bytes.subarray(0, 4).equals(EMPTY_ZIP_MAGIC)) {
      return { kind: 'xlsx', encoding: 'utf8', ...base }
    }
    if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
      throw sendListFailure(
        `${fileName} is password-protected, or is an old Excel 97–2003 workbook, so it cannot be read. In Excel, ` +
          'remove the password (File → Info → Protect Workbook → Encrypt with Password) or save it as an .xlsx ' +
          'workbook or a .csv file, then choose it again.',
      )
    }
    if (extname(path).toLowerCase() === '.xlsx') {
      throw sendListFailure(
        `${fileName} is not an Excel workbook, although its name ends in .xlsx (it may have been renamed, or be ` +
          `damaged). ${SPLIT_OR_SAVE_AGAIN}`,
      )
    }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'csv', encoding: 'utf16le', ...base }
    if (bytes.includes(0)) {
      throw sendListFailure(
        `${fileName} is not a text file (it holds binary data), so it is not a CSV list. ${SPLIT_OR_SAVE_AGAIN}`,
      )
    }
    // A CSV saved as "CSV" (not "CSV UTF-8") by Excel on Windows is in the system's code page.
    const encoding: BufferEncoding = isUtf8Start(bytes, bytesRead === stat.size) ? 'utf8' : 'latin1'
    return { kind: 'csv', encoding, ...base }
  } finally {
    await handle.close()
  }
}

/** Valid UTF-8, allowing a character cut off at the end of a sample that is not the whole file. */
function isUtf8Start(bytes: Buffer, whole: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  try {
    decoder.decode(bytes, { stream: !whole })
    return true
  } catch {
    return false
  }
}

async function scanCsv(
  path: string,
  fileName: string,
  encoding: BufferEncoding,
  options: ScanOptions,
): Promise<Scanned> {
  const { keep, signal, onRows } = options
  const rows: string[][] = []
  let bytesRead = 0
  let linesAtLastRecord = 0
  let parser: Parser | undefined
  const onAbort = (): void => {
    parser?.destroy(cancelled())
  }
  try {
    const delimiter = await sniffDelimiter(path)
    const source = createReadStream(path)
    source.on('data', (chunk) => {
      bytesRead += chunk.length
    })
    parser = parse({
      bom: true,
      // Only when it is not UTF-8: naming the default costs a third of the parse (measured).
      ...(encoding === 'utf8' ? {} : { encoding }),
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: READ_LIMITS.maxCsvRecordChars,
    })
    pipeline(source, parser, () => undefined)
    signal?.addEventListener('abort', onAbort, { once: true })
    if (signal?.aborted) onAbort()
    for await (const record of parser as AsyncIterable<string[]>) {
      linesAtLastRecord = parser.info.lines
      if (isBlankRow(record)) continue
      rows.push(record)
      // One more than the limit: the header row may be one of them.
      if (rows.length > MAX_SEND_LIST_ROWS + 1) throw tooManyRows(fileName)
      if (rows.length % PROGRESS_EVERY === 0) onRows?.(rows.length, bytesRead)
      if (rows.length >= keep) break
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled()
    throw csvFailure(fileName, error, rows.length, linesAtLastRecord)
  } finally {
    signal?.removeEventListener('abort', onAbort)
    parser?.destroy()
  }
  throwIfAborted(signal)
  return { rows, format: 'csv' }
}

function csvFailure(
  fileName: string,
  error: unknown,
  rowsRead: number,
  linesAtLastRecord: number,
): ReportFileFailure {
  if (error instanceof ReportFileFailure) return asListFailure(error)
  const code = errorCode(error)
  const where = `after row ${rowsRead.toLocaleString('en-US')}`
  const errorLines = (error as { lines?: unknown }).lines
  const oneLine = typeof errorLines === 'number' && errorLines <= linesAtLastRecord + 1
  if (code === 'CSV_MAX_RECORD_SIZE' && oneLine) {
    return sendListFailure(
      `${fileName} cannot be read: a line ${where} is more than ${READ_LIMITS.maxCsvRecordChars.toLocaleString('en-US')} ` +
        `characters long, so it is not a list of rows. ${SPLIT_OR_SAVE_AGAIN}`,
      String(code),
    )
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_MAX_RECORD_SIZE') {
    return sendListFailure(
      `${fileName} is damaged: a quoted value that starts ${where} is never closed, so the rest of the file ` +
        `cannot be split into rows. ${SPLIT_OR_SAVE_AGAIN}`,
      String(code),
    )
  }
  if (code?.startsWith('E')) return asListFailure(unreadable(fileName, error))
  return sendListFailure(
    `${fileName} could not be read as CSV: its text is not laid out in rows and columns. ${SPLIT_OR_SAVE_AGAIN}`,
    error instanceof Error ? error.message : String(error),
  )
}

async function openWorkbook(
  path: string,
  fileName: string,
  signal: AbortSignal | undefined,
): Promise<Context> {
  const budget = new ReadBudget(SEND_LIST_LIMITS)
  try {
    const zip = await openZip(path, { maxEntries: budget.limits.maxZipEntries })
    return { fileName, zip, signal, budget, sharedStrings: [], styles: NO_STYLES, date1904: false }
  } catch (error) {
    if (errorCode(error) !== undefined) throw asListFailure(unreadable(fileName, error))
    throw sendListFailure(
      `${fileName} is damaged: the workbook is incomplete or is not an Excel workbook (probably cut short while ` +
        `it was copied, downloaded or saved). ${SPLIT_OR_SAVE_AGAIN}`,
      error instanceof Error ? error.message : String(error),
    )
  }
}

/** Up to `keep` non-blank rows of one sheet. */
async function sheetRows(
  context: Context,
  sheet: SheetPart,
  keep: number,
  onRows: ScanOptions['onRows'],
): Promise<string[][]> {
  const rows: string[][] = []
  await eachRow(
    context,
    sheet,
    (row) => {
      const texts = rowTexts(row)
      if (isBlankRow(texts)) return true
      rows.push(texts)
      if (rows.length > MAX_SEND_LIST_ROWS + 1) throw tooManyRows(context.fileName)
      return rows.length < keep
    },
    (bytes) => onRows?.(rows.length, bytes),
  )
  return rows
}

/** The first sheet, in tab order, with a phone-like cell in its first rows; else the first sheet. */
async function scanXlsx(path: string, fileName: string, options: ScanOptions): Promise<Scanned> {
  const context = await openWorkbook(path, fileName, options.signal)
  try {
    const sheets = await readWorkbookParts(context)
    if (sheets.length === 0) {
      throw sendListFailure(`${fileName} has no sheets. ${SPLIT_OR_SAVE_AGAIN}`)
    }
    let chosen: { sheet: SheetPart; rows: string[][] } | undefined
    for (const sheet of sheets) {
      const rows = await sheetRows(context, sheet, FIRST_ROWS, undefined)
      if (rows.some((row) => row.some(isPhoneLike))) {
        chosen = { sheet, rows }
        break
      }
      chosen ??= { sheet, rows }
    }
    const { sheet, rows } = chosen as { sheet: SheetPart; rows: string[][] }
    const all =
      options.keep > FIRST_ROWS ? await sheetRows(context, sheet, options.keep, options.onRows) : rows
    return { rows: all, format: 'xlsx', sheetName: sheet.name }
  } catch (error) {
    if (options.signal?.aborted) throw cancelled()
    throw asListFailure(error, fileName)
  } finally {
    context.zip.close()
  }
}

async function scan(
  path: string,
  options: ScanOptions,
): Promise<Scanned & { fileBytes: number; mtimeMs: number }> {
  const fileName = basename(path)
  throwIfAborted(options.signal)
  const { kind, encoding, fileBytes, mtimeMs } = await sniff(path, fileName)
  const scanned =
    kind === 'xlsx'
      ? await scanXlsx(path, fileName, options)
      : await scanCsv(path, fileName, encoding, options)
  return { ...scanned, fileBytes, mtimeMs }
}

interface Layout {
  header: string[]
  hasHeaderRow: boolean
  /** Index of the first data row in the scanned rows. */
  dataStart: number
}

function layoutOf(rows: readonly (readonly string[])[]): Layout {
  const first = rows[0] ?? []
  const hasHeaderRow = rows.length > 0 && looksLikeHeader(first, rows.slice(1, FIRST_ROWS))
  const sample = rows.slice(hasHeaderRow ? 1 : 0, FIRST_ROWS)
  const width = Math.max(first.length, ...sample.map((row) => row.length))
  return {
    header: columnNames(hasHeaderRow ? first : undefined, width),
    hasHeaderRow,
    dataStart: hasHeaderRow ? 1 : 0,
  }
}

async function fileSha256(path: string, signal: AbortSignal | undefined): Promise<string> {
  const hash = createHash('sha256')
  const stream = createReadStream(path)
  const onAbort = (): void => {
    stream.destroy(cancelled())
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
  return hash.digest('hex')
}

/** Lines in a CSV (a quoted line break counts too: an estimate), without the header. */
async function countLines(path: string, signal: AbortSignal | undefined): Promise<number> {
  let lines = 0
  let last = 0x0a
  for await (const chunk of createReadStream(path)) {
    throwIfAborted(signal)
    const bytes = chunk as Buffer
    for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines += 1
    last = bytes[bytes.length - 1] ?? last
  }
  return last === 0x0a ? lines : lines + 1
}

/**
 * Reads every row of a send list. Refuses a file of more than
 * MAX_SEND_LIST_ROWS data rows, one that is not CSV or XLSX, is
 * password-protected, binary, empty, or has no cell that looks like a phone
 * number in its first rows, each with a message saying what to do
 * (ReportFileFailure; kind 'cancelled' when `signal` aborts).
 */
export async function readSendList(path: string, options: ReadSendListOptions = {}): Promise<SendListRead> {
  const { signal, onProgress } = options
  const fileName = basename(path)
  let fileBytes = 0
  const scanned = await scan(path, {
    keep: Number.POSITIVE_INFINITY,
    signal,
    onRows: (rowsRead, bytesRead) => {
      try {
        onProgress?.({ rowsRead, bytesRead: Math.min(bytesRead, fileBytes), fileBytes })
      } catch {
        // A failing listener must not fail the read.
      }
    },
  })
  fileBytes = scanned.fileBytes
  const layout = layoutOf(scanned.rows)
  checkHasPhones(fileName, scanned.rows.slice(0, FIRST_ROWS))
  const rows = layout.dataStart === 0 ? scanned.rows : scanned.rows.slice(layout.dataStart)
  if (rows.length > MAX_SEND_LIST_ROWS) throw tooManyRows(fileName)
  const sha256 = await fileSha256(path, signal)
  throwIfAborted(signal)
  return {
    header: layout.header,
    hasHeaderRow: layout.hasHeaderRow,
    rows,
    sha256,
    format: scanned.format,
    fileName,
    ...(scanned.sheetName !== undefined ? { sheetName: scanned.sheetName } : {}),
  }
}

function checkHasPhones(fileName: string, firstRows: readonly (readonly string[])[]): void {
  if (firstRows.length === 0) {
    throw sendListFailure(
      `${fileName} has no rows with anything in them. Choose the file with the numbers in it.`,
    )
  }
  if (!firstRows.some((row) => row.some(isPhoneLike))) {
    throw sendListFailure(
      `No column of ${fileName} holds phone numbers in its first ${FIRST_ROWS} rows (a number has at least 7 digits). ` +
        'Choose the list with the numbers, or put them in a column of their own.',
    )
  }
}

/** The first rows of a send list, its layout and the suggested columns, for the window to show. */
export async function previewSendList(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<SendListPreviewData> {
  const fileName = basename(path)
  const scanned = await scan(path, { keep: FIRST_ROWS, signal: options.signal })
  checkHasPhones(fileName, scanned.rows)
  const layout = layoutOf(scanned.rows)
  const sample = scanned.rows.slice(layout.dataStart, layout.dataStart + SEND_LIST_SAMPLE_ROWS)
  const width = layout.header.length
  const pad = (row: string[]): string[] =>
    row.length >= width ? row : [...row, ...Array.from({ length: width - row.length }, () => '')]
  const header = layout.hasHeaderRow ? layout.header : undefined
  const suggestedPhoneColumn = suggestPhoneColumn(header, sample, width)
  const rowsEstimate =
    scanned.format === 'csv' && scanned.fileBytes <= COUNT_LINES_UP_TO
      ? Math.max(0, (await countLines(path, options.signal)) - layout.dataStart)
      : null
  return {
    fileName,
    filePath: path,
    format: scanned.format,
    fileBytes: scanned.fileBytes,
    fileMtimeMs: scanned.mtimeMs,
    header: layout.header,
    hasHeaderRow: layout.hasHeaderRow,
    sample: sample.map(pad),
    suggestedPhoneColumn,
    suggestedCodeColumn: suggestCodeColumn(header, sample, width, suggestedPhoneColumn),
    rowsEstimate,
    ...(scanned.sheetName !== undefined ? { sheetName: scanned.sheetName } : {}),
  }
}
