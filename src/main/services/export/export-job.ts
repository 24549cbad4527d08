import { constants as fsConstants, promises as fs, type WriteStream } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import type { ReportFormat } from '../../../shared/exports'
import { describeFilters, type SearchParams } from '../../../shared/filters'
import { MAX_LIMIT, MAX_OFFSET } from '../../../shared/paging'
import {
  DEFAULT_EXPORT_CONCURRENCY,
  MAX_EXPORT_CONCURRENCY,
  MIN_EXPORT_CONCURRENCY,
} from '../../../shared/settings'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { WorkerEntry } from '../../lib/worker-host'
import {
  CANCELLED,
  closed,
  nodeExportFs,
  OutputGuard,
  removeQuietly,
  syncFile,
  temporaryPathFor,
  writeError,
  type ExportFs,
} from './output-file'
import { ExportFailure, orderedPages, type FetchedPage } from './page-fetcher'
import { paramsAsSent, reportJson, type ExportMetadata, type ExportRange, type ExportSource } from './report'
import {
  DEFAULT_RETRY_POLICY,
  RateGate,
  searchWithRetry,
  systemClock,
  type Clock,
  type RetryContext,
  type RetryPolicy,
  type SearchFn,
} from './retry'
import { createRowLedger } from './row-ledger'
import { createLocalSink, type RowSink } from './row-sink'
import { startWriterWorker } from './worker-sink'
import { inspectXlsx } from './xlsx-verify'

/**
 * One export, from the first Convoso page to the file under the name the user
 * chose. The file is written under a temporary name in the target folder and
 * renamed into place only once it is complete, flushed and verified, so the
 * target path holds either the whole report or nothing: a cancel, a refused
 * token, a retry budget spent or a failing disk all leave no file behind (no
 * temporary one either). Never throws; every outcome is a Result.
 */

export interface ExportPipelineProgress {
  phase: 'fetching' | 'writing' | 'verifying' | 'saving'
  rowsWritten: number
  /** Rows the export expects to write, as far as it knows now. */
  total: number
  /** Bytes in the file so far. */
  bytes?: number
}

export interface RunExportOptions {
  /** One page of the search, with token, API base and filters bound by the caller. */
  search: SearchFn
  /** The filters as sent, for the report. */
  params: SearchParams
  /** Default: `describeFilters(params)`. */
  filtersDescription?: string
  scope: ExportRange
  format: ReportFormat
  /** Absolute path of the file to create (or replace). */
  filePath: string
  /** Required to export a filter matching more rows than Convoso lets any app reach. */
  acceptPartial?: boolean
  /** Pages fetched at once, within the range in shared/settings.ts. */
  concurrency?: number
  appVersion: string
  apiBase: string
  signal?: AbortSignal
  onProgress?: (progress: ExportPipelineProgress) => void
  /** The time written in the report as "generated at". Default: the system clock. */
  now?: () => Date
  /** Set when the rows come from an opened report rather than from Convoso. */
  source?: ExportSource
  retryPolicy?: Partial<RetryPolicy>
  /** Backoff timing; tests pass a virtual clock. */
  clock?: Partial<Clock>
  /** File operations; tests pass failing ones. */
  fs?: Partial<ExportFs>
  /** Paging limits; tests shrink them. Default: Convoso's 1000 rows per page and offset 1,000,000. */
  limits?: { pageSize?: number; maxOffset?: number }
  onRetry?: RetryContext['onRetry']
  /**
   * The export-writer worker (src/main/workers/export-writer.ts, built): the file is formatted,
   * compressed and hashed on that thread while this one fetches. Without it, on this thread.
   */
  writer?: WorkerEntry
}

export interface ExportSummary {
  filePath: string
  /** CSV only: the `.report.json` written beside the file. */
  reportJsonPath?: string
  format: ReportFormat
  scope: ExportRange
  /** ISO 8601, UTC. */
  generatedAt: string
  rowsWritten: number
  fileBytes: number
  /** Canonical row hash (see canonical-hash.ts). */
  sha256: string
  /** CSV only: SHA-256 of the file's bytes. */
  fileSha256?: string
  partial: boolean
  unreachableRows: number
  duplicatesRemoved: number
  totalAtStart: number
  totalAtEnd: number
  dataChanged: boolean
  changes: string[]
  formulaCellsNeutralised?: number
  cellsAlteredByXlsx?: number
}

const count = (value: number): string => value.toLocaleString('en-US')

function validation(field: string, message: string): AppError {
  return { kind: 'validation', message, fieldErrors: { [field]: message } }
}

function isWholeNumber(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max
}

/** Where the CSV's report goes: `name.csv` → `name.report.json`. */
export function reportJsonPathFor(csvPath: string): string {
  const name = basename(csvPath)
  const stem = name.toLowerCase().endsWith('.csv') ? name.slice(0, -4) : name
  return join(dirname(csvPath), `${stem}.report.json`)
}

export function tooManyRowsError(total: number, rowCap: number): AppError {
  return validation(
    'acceptPartial',
    `This filter matches ${count(total)} records, but Convoso lets an app page through only the first ` +
      `${count(rowCap)}. Narrow the export by campaign or insert date and export each part, ` +
      'or export the first part on purpose as a partial report.',
  )
}

async function checkOptions(
  options: RunExportOptions,
  pageSize: number,
  maxOffset: number,
): Promise<AppError | undefined> {
  if (options.format !== 'xlsx' && options.format !== 'csv') {
    return validation('format', 'Choose XLSX or CSV.')
  }
  if (typeof options.filePath !== 'string' || !isAbsolute(options.filePath)) {
    return validation('filePath', 'Choose where to save the report.')
  }
  const concurrency = options.concurrency ?? DEFAULT_EXPORT_CONCURRENCY
  if (!isWholeNumber(concurrency, MIN_EXPORT_CONCURRENCY, MAX_EXPORT_CONCURRENCY)) {
    return validation(
      'concurrency',
      `Pages fetched at once must be a whole number from ${MIN_EXPORT_CONCURRENCY} to ${MAX_EXPORT_CONCURRENCY}.`,
    )
  }
  if (!isWholeNumber(pageSize, 1, MAX_LIMIT) || !isWholeNumber(maxOffset, 0, MAX_OFFSET)) {
    return validation('limits', 'The paging limits are outside what Convoso accepts.')
  }
  const scope = options.scope
  if (scope.kind === 'page') {
    if (!isWholeNumber(scope.offset, 0, maxOffset) || !isWholeNumber(scope.limit, 1, pageSize)) {
      return validation('scope', 'The page to export is outside what Convoso can return.')
    }
  } else if (scope.kind !== 'all') {
    return validation('scope', 'Choose this page or all matching records.')
  }
  const existing = await fs.stat(options.filePath).catch(() => undefined)
  if (existing?.isDirectory()) return validation('filePath', 'That is a folder; choose a file name.')
  if (options.format === 'csv') {
    // The old report beside it is copied aside before it is replaced: it must be a plain file (a pipe never ends).
    const sidecar = await fs.stat(reportJsonPathFor(options.filePath)).catch(() => undefined)
    if (sidecar && !sidecar.isFile()) {
      return validation(
        'filePath',
        `${basename(reportJsonPathFor(options.filePath))} beside that file is not a regular file; choose another name.`,
      )
    }
  }
  return undefined
}

/** The temporary and placed files of one export, so a failure can take them all back. */
class Leftovers {
  stream: WriteStream | undefined
  /** Stops the writer (the XLSX zip writer, or the writer's worker) if the export ends before it does. */
  writer: Pick<RowSink, 'abort'> | undefined
  readonly temporary = new Set<string>()
  readonly placed = new Set<string>()
  /** A file this export replaced → the copy of what was there before, put back if the export fails. */
  readonly previous = new Map<string, string>()

  async removeAll(rename: ExportFs['rename']): Promise<void> {
    this.writer?.abort()
    const stream = this.stream
    if (stream && !stream.closed) {
      stream.destroy()
      await closed(stream)
    }
    for (const path of [...this.temporary, ...this.placed]) {
      const before = this.previous.get(path)
      // A file that was there before the export is put back as it was; only what the export created is removed.
      if (
        before !== undefined &&
        (await rename(before, path).then(
          () => true,
          () => false,
        ))
      )
        continue
      await removeQuietly(path)
    }
    await this.dropPrevious()
  }

  /** Once the export has succeeded (or restored what it could), the copies of the old files go. */
  async dropPrevious(): Promise<void> {
    for (const copy of this.previous.values()) await removeQuietly(copy)
    this.previous.clear()
  }
}

async function* onePage(page: FetchedPage): AsyncGenerator<FetchedPage, void, void> {
  yield page
}

async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const handle = await fs.open(path, 'wx', 0o644)
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function runExport(options: RunExportOptions): Promise<Result<ExportSummary>> {
  const pageSize = options.limits?.pageSize ?? MAX_LIMIT
  const maxOffset = options.limits?.maxOffset ?? MAX_OFFSET
  let invalid: AppError | undefined
  try {
    invalid = await checkOptions(options, pageSize, maxOffset)
  } catch {
    invalid = validation('options', 'The export request is incomplete.')
  }
  if (invalid) return fail(invalid)

  // One controller for the whole job: a user's cancel and our own failure both stop in-flight pages.
  const controller = new AbortController()
  const userSignal = options.signal
  const onUserAbort = (): void => controller.abort()
  userSignal?.addEventListener('abort', onUserAbort, { once: true })
  if (userSignal?.aborted) controller.abort()

  const leftovers = new Leftovers()
  let guard: OutputGuard | undefined
  try {
    const summary = await exportFile(options, { pageSize, maxOffset, controller, leftovers }, (created) => {
      guard = created
    })
    return ok(summary)
  } catch (error) {
    controller.abort()
    await leftovers.removeAll({ ...nodeExportFs, ...options.fs }.rename)
    if (userSignal?.aborted) return fail(CANCELLED)
    if (error instanceof ExportFailure) return fail(error.error)
    return fail(writeError(error))
  } finally {
    guard?.dispose()
    userSignal?.removeEventListener('abort', onUserAbort)
  }
}

interface JobContext {
  pageSize: number
  maxOffset: number
  controller: AbortController
  leftovers: Leftovers
}

async function exportFile(
  options: RunExportOptions,
  { pageSize, maxOffset, controller, leftovers }: JobContext,
  onGuard: (guard: OutputGuard) => void,
): Promise<ExportSummary> {
  const signal = controller.signal
  const checkCancelled = (): void => {
    if (signal.aborted) throw new ExportFailure(CANCELLED)
  }
  const exportFs: ExportFs = { ...nodeExportFs, ...options.fs }
  const clock: Clock = { ...systemClock, ...options.clock }
  const retry: RetryContext = {
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
    clock,
    gate: new RateGate(clock),
    signal,
    onRetry: options.onRetry,
  }
  const rowCap = maxOffset + pageSize
  const scope = options.scope
  const generatedAt = (options.now ?? (() => new Date()))()

  // The writer's thread loads its libraries while the first page is fetched.
  const sinkOptions = { format: options.format, created: generatedAt }
  const writerWorker = options.writer ? startWriterWorker(options.writer, sinkOptions) : undefined
  leftovers.writer = writerWorker

  let expected = 0
  let rowsWritten = 0
  const progress = (phase: ExportPipelineProgress['phase']): void => {
    try {
      options.onProgress?.({ phase, rowsWritten, total: expected, bytes: leftovers.stream?.bytesWritten })
    } catch {
      // A failing progress listener must not fail the export.
    }
  }

  // The first page comes before any file exists: a refused token or an over-large result leaves nothing.
  progress('fetching')
  const [firstOffset, firstLimit] = scope.kind === 'page' ? [scope.offset, scope.limit] : [0, pageSize]
  const firstResult = await searchWithRetry(options.search, firstOffset, firstLimit, retry)
  if (!firstResult.ok) throw new ExportFailure(firstResult.error)
  const first: FetchedPage = { offset: firstOffset, limit: firstLimit, page: firstResult.data, arrival: 0 }
  if (scope.kind === 'all' && first.page.total > rowCap && options.acceptPartial !== true) {
    throw new ExportFailure(tooManyRowsError(first.page.total, rowCap))
  }
  const expectedRows = (total: number): number =>
    scope.kind === 'all' ? Math.min(total, rowCap) : Math.max(0, Math.min(scope.limit, total - scope.offset))
  expected = expectedRows(first.page.total)
  checkCancelled()

  const temporaryPath = temporaryPathFor(options.filePath)
  leftovers.temporary.add(temporaryPath)
  const stream = exportFs.createWriteStream(temporaryPath)
  leftovers.stream = stream
  const guard = new OutputGuard(stream, signal)
  onGuard(guard)
  const opened = stream
  await guard.race(
    new Promise<void>((resolve) => {
      if (opened.pending) opened.once('ready', () => resolve())
      else resolve()
    }),
  )

  const sink = writerWorker
    ? await writerWorker.attach(stream, guard)
    : createLocalSink(stream, guard, sinkOptions)
  leftovers.writer = sink

  const ledger = createRowLedger({ rowCap: scope.kind === 'all' ? rowCap : Number.POSITIVE_INFINITY })
  const pages =
    scope.kind === 'all'
      ? orderedPages({
          search: options.search,
          retry,
          first,
          pageSize,
          concurrency: options.concurrency ?? DEFAULT_EXPORT_CONCURRENCY,
          rowCap,
        })
      : onePage(first)

  try {
    for await (const fetched of pages) {
      const rows = ledger.accept(fetched)
      await sink.writeRows(rows)
      rowsWritten += rows.length
      expected = Math.max(rowsWritten, expectedRows(fetched.page.total))
      progress('writing')
    }
  } catch (error) {
    sink.abort()
    throw error
  }
  checkCancelled()
  const totals = await sink.totals()

  const stats = ledger.stats()
  const highestTotal = Math.max(stats.totalAtStart, stats.totalAtEnd)
  const partial = scope.kind === 'all' && highestTotal > rowCap
  if (partial && options.acceptPartial !== true) {
    // The total grew past Convoso's reach while the export ran.
    throw new ExportFailure(tooManyRowsError(highestTotal, rowCap))
  }
  const metadata: ExportMetadata = {
    format: options.format,
    generatedAt,
    appVersion: options.appVersion,
    apiBase: options.apiBase,
    filtersDescription: options.filtersDescription ?? describeFilters(options.params),
    params: paramsAsSent(options.params),
    scope,
    totalAtStart: stats.totalAtStart,
    totalAtEnd: stats.totalAtEnd,
    rowsWritten,
    duplicatesRemoved: stats.duplicatesRemoved,
    dataChanged: stats.changes.length > 0,
    changes: stats.changes,
    partial,
    unreachableRows: partial ? highestTotal - rowCap : 0,
    sha256: totals.sha256,
    ...(totals.cellsAlteredByXlsx !== undefined ? { cellsAlteredByXlsx: totals.cellsAlteredByXlsx } : {}),
    ...(totals.formulaCellsNeutralised !== undefined
      ? { formulaCellsNeutralised: totals.formulaCellsNeutralised }
      : {}),
    ...(options.source ? { source: options.source } : {}),
  }

  const finished = await sink.finish(metadata)
  await guard.race(closed(stream))
  checkCancelled()

  // Verified = every row we meant to write is in the file, and the file on disk is what we wrote.
  progress('verifying')
  await syncFile(temporaryPath)
  const fileBytes = (await fs.stat(temporaryPath)).size
  const problems: string[] = []
  if (fileBytes === 0 || fileBytes !== stream.bytesWritten) {
    problems.push(`the file holds ${count(fileBytes)} bytes, not the ${count(stream.bytesWritten)} written`)
  }
  if (rowsWritten !== stats.rowsAccepted || totals.rowsWritten !== rowsWritten) {
    problems.push('the row count does not add up')
  }
  if (options.format === 'xlsx') {
    // Not raced against a cancel: the check must let go of the file before it can be removed
    // (Windows refuses to delete an open file). It takes about a second for a million rows.
    const check = await inspectXlsx(temporaryPath).catch(() => {
      problems.push('the written workbook could not be read back')
      return undefined
    })
    if (check && check.sheetRows !== rowsWritten + 1) {
      problems.push(`the sheet holds ${count(check.sheetRows - 1)} rows, not ${count(rowsWritten)}`)
    }
  }
  if (options.format === 'csv' && (finished.csvBytes !== fileBytes || finished.fileSha256 === undefined))
    problems.push('the CSV size does not match what was written')
  if (problems.length > 0) {
    throw new ExportFailure({
      kind: 'internal',
      message: `The export file failed its final check (${problems.join('; ')}). Nothing was saved; export again.`,
    })
  }
  checkCancelled()

  progress('saving')
  let reportJsonPath: string | undefined
  if (options.format === 'csv') {
    reportJsonPath = reportJsonPathFor(options.filePath)
    const jsonTemporary = temporaryPathFor(reportJsonPath)
    leftovers.temporary.add(jsonTemporary)
    await writeJsonFile(
      jsonTemporary,
      reportJson(metadata, {
        name: basename(options.filePath),
        bytes: fileBytes,
        sha256: finished.fileSha256 ?? '',
      }),
    )
    checkCancelled()
    // The report first, then the data: a CSV under its name always has its report beside it. The old
    // report is copied aside first, so a failure of the CSV's own rename (Excel holding the old CSV open)
    // can put it back: a failed export leaves every file as it was.
    const previous = temporaryPathFor(reportJsonPath)
    const hadReport = await fs.copyFile(reportJsonPath, previous, fsConstants.COPYFILE_EXCL).then(
      () => true,
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw error
      },
    )
    if (hadReport) leftovers.previous.set(reportJsonPath, previous)
    await exportFs.rename(jsonTemporary, reportJsonPath)
    leftovers.temporary.delete(jsonTemporary)
    leftovers.placed.add(reportJsonPath)
  }
  checkCancelled()
  // Until the rename succeeds the target is not ours: a failed rename must not delete the user's old file.
  await exportFs.rename(temporaryPath, options.filePath)
  leftovers.temporary.delete(temporaryPath)
  leftovers.placed.add(options.filePath)
  // A cancel that landed while the rename ran still wins: the caller is told "cancelled", so no file may stay.
  checkCancelled()
  leftovers.placed.clear()
  await leftovers.dropPrevious()

  return {
    filePath: options.filePath,
    ...(reportJsonPath ? { reportJsonPath } : {}),
    format: options.format,
    scope,
    generatedAt: generatedAt.toISOString(),
    rowsWritten,
    fileBytes,
    sha256: metadata.sha256,
    ...(finished.fileSha256 !== undefined ? { fileSha256: finished.fileSha256 } : {}),
    partial,
    unreachableRows: metadata.unreachableRows,
    duplicatesRemoved: stats.duplicatesRemoved,
    totalAtStart: stats.totalAtStart,
    totalAtEnd: stats.totalAtEnd,
    dataChanged: metadata.dataChanged,
    changes: stats.changes,
    ...(metadata.cellsAlteredByXlsx !== undefined ? { cellsAlteredByXlsx: metadata.cellsAlteredByXlsx } : {}),
    ...(metadata.formulaCellsNeutralised !== undefined
      ? { formulaCellsNeutralised: metadata.formulaCellsNeutralised }
      : {}),
  }
}
