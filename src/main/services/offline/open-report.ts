import { constants, promises as fs } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { fail, ok, type Result } from '../../../shared/result'
import { readCsvReport } from './csv-report-reader'
import { assessIntegrity, type IntegrityInput } from './integrity'
import { createReportSearch } from './offline-search'
import { CANNOT_OPEN_MESSAGE, reportFileProblem } from '../../lib/report-path'
import {
  detailOf,
  EXPORT_AGAIN,
  OPEN_CANCELLED,
  ReportFileFailure,
  reportFileFailure,
  throwIfAborted,
  unreadable,
} from './report-errors'
import type { MetadataLookup } from './report-metadata'
import { createRowCollector } from './row-collector'
import type { RowStore } from './row-store'
import { readInWorker } from './worker-read'
import type { OpenedReport, OpenReportFile, OpenReportOptions, ReportInfo } from './types'
import type { ReportFormat } from '../../../shared/exports'
import { readXlsxReport } from './xlsx-report-reader'

/**
 * Opens an exported report from disk: decides what kind of file it is from its
 * first bytes (an extension can lie), reads it, checks it against what it
 * recorded about itself, and keeps its rows for searching. Never throws.
 */

/** "PK" and a zip record type: a local file (3), an empty archive's end (5), a spanned archive (7). */
const isZip = (head: Buffer): boolean =>
  head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)
/** OLE2 compound file: an old .xls, or an .xlsx that Excel encrypted with a password. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
const XLSX_EXTENSIONS = new Set(['.xlsx', '.xlsm'])

interface FileFacts {
  filePath: string
  fileName: string
  bytes: number
  format: ReportFormat
}

async function firstBytes(path: string): Promise<Buffer> {
  // Non-blocking, in case the file was swapped for a FIFO since it was checked: the open must not wait for a writer.
  const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    if (!(await handle.stat()).isFile())
      throw new ReportFileFailure(
        { kind: 'report-file', message: CANNOT_OPEN_MESSAGE },
        'not a regular file once opened',
      )
    const buffer = Buffer.alloc(OLE2_MAGIC.length)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

async function examine(path: string): Promise<FileFacts> {
  const filePath = resolve(path)
  const fileName = basename(filePath)
  let head: Buffer
  let bytes: number
  // The one path check every way of opening a report passes (lib/report-path.ts): a network path, another
  // kind of file, a folder, a FIFO or a device gets one message; what exactly was wrong goes to the log.
  const problem = await reportFileProblem(path)
  if (problem?.kind === 'refused') {
    throw new ReportFileFailure(
      { kind: 'report-file', message: CANNOT_OPEN_MESSAGE },
      `${filePath}: ${problem.reason}`,
    )
  }
  try {
    const stat = await fs.stat(filePath)
    bytes = stat.size
    head = bytes > 0 ? await firstBytes(filePath) : Buffer.alloc(0)
  } catch (error) {
    if (error instanceof ReportFileFailure) throw error
    throw unreadable(fileName, error)
  }
  if (bytes === 0) {
    throw reportFileFailure(
      `${fileName} is empty (0 bytes), so it holds no report. It was probably cut short while being copied ` +
        `or saved. ${EXPORT_AGAIN}`,
    )
  }
  if (isZip(head)) return { filePath, fileName, bytes, format: 'xlsx' }
  if (head.equals(OLE2_MAGIC)) {
    throw reportFileFailure(
      `${fileName} is a password-protected workbook or an old Excel 97–2003 (.xls) file, which Opt-Out Desk ` +
        'cannot read. In Excel, remove the password or save it as .xlsx, then open it again.',
    )
  }
  if (XLSX_EXTENSIONS.has(extname(fileName).toLowerCase())) {
    throw reportFileFailure(
      `${fileName} is not an Excel workbook: its content is not in the .xlsx format (it may be another kind ` +
        'of file renamed, or damaged). Open an .xlsx or .csv report exported by Opt-Out Desk.',
    )
  }
  return { filePath, fileName, bytes, format: 'csv' }
}

/** A report read from disk: what it is, and its rows (searchable once wrapped by createReportSearch). */
export interface ReadReport {
  info: ReportInfo
  store: RowStore
}

/** Reads, checks and keeps a report's rows on this thread; throws a ReportFileFailure. */
export async function readReport(path: string, options: OpenReportOptions): Promise<ReadReport> {
  const { signal, onProgress } = options
  throwIfAborted(signal)
  if (typeof path !== 'string' || path.trim() === '') {
    throw reportFileFailure('No file was chosen. Choose an .xlsx or .csv report to open.')
  }
  const file = await examine(path)
  throwIfAborted(signal)
  const collector = createRowCollector({ totalBytes: file.bytes, signal, onProgress })
  try {
    onProgress?.({ bytesRead: 0, totalBytes: file.bytes, rowsRead: 0 })
  } catch {
    // A failing progress listener must not fail the open.
  }

  let metadata: MetadataLookup
  let integrityInput: Omit<IntegrityInput, 'rowsRead' | 'actualSha256' | 'metadata'>
  if (file.format === 'xlsx') {
    ;({ metadata } = await readXlsxReport(file.filePath, file.fileName, collector, signal))
    integrityInput = { format: 'xlsx' }
  } else {
    const read = await readCsvReport(file.filePath, file.fileName, collector, signal)
    metadata = read.metadata
    integrityInput = {
      format: 'csv',
      reportJsonName: read.reportJsonName,
      fileSha256: read.fileSha256,
      csvApostrophesRemoved: read.apostrophesRemoved,
    }
  }
  throwIfAborted(signal)
  const { store, sha256 } = collector.finish()
  const verdict = assessIntegrity({
    ...integrityInput,
    metadata,
    rowsRead: store.length,
    actualSha256: sha256,
  })
  const recorded = metadata.kind === 'found' ? metadata.metadata : undefined

  const info: ReportInfo = {
    fileName: file.fileName,
    filePath: file.filePath,
    format: file.format,
    fileBytes: file.bytes,
    madeByApp: recorded !== undefined,
    generatedAt: recorded?.generatedAt,
    filtersDescription: recorded?.filtersDescription,
    paramsAsSent: recorded?.paramsAsSent,
    apiBase: recorded?.apiBase,
    appVersion: recorded?.appVersion,
    rowsRecorded: recorded?.rowsRecorded,
    rowsRead: store.length,
    recordedSha256: recorded?.recordedSha256,
    actualSha256: sha256,
    integrity: verdict.integrity,
    integrityDetail: verdict.detail,
    partial: recorded?.partial ?? false,
  }
  return { info, store }
}

async function open(path: string, options: OpenReportOptions): Promise<OpenedReport> {
  const { info, store } = options.reader
    ? await readInWorker(options.reader, path, options)
    : await readReport(path, options)
  return { info, search: createReportSearch(store), store }
}

export const openReportFile: OpenReportFile = async (path, options = {}): Promise<Result<OpenedReport>> => {
  const log = options.log ?? (() => undefined)
  try {
    return ok(await open(path, options))
  } catch (error) {
    if (options.signal?.aborted) return fail(OPEN_CANCELLED)
    const name = typeof path === 'string' ? basename(path) : 'The file'
    if (error instanceof ReportFileFailure) {
      if (error.detail !== undefined) log(`report ${name}: ${error.error.message} [${error.detail}]`)
      return fail(error.error)
    }
    log(`report ${name} could not be opened: ${detailOf(error)}`)
    return fail({
      kind: 'report-file',
      message: `${name} could not be opened: something in it is not as a report's would be. ${EXPORT_AGAIN}`,
    })
  }
}
