import ExcelJS from 'exceljs'
import { createWriteStream } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { createConvosoClient } from '../src/main/services/convoso/client'
import { runExport } from '../src/main/services/export/export-job'
import { OutputGuard } from '../src/main/services/export/output-file'
import { createXlsxWriter, sheetBuffer } from '../src/main/services/export/xlsx-writer'
import type { WorkerEntry } from '../src/main/lib/worker-host'
import { RECORD_FIELDS, type OptOutRecord } from '../src/shared/records'

/**
 * One benchmark case in its own process, so its peak RSS is its own. Bundled
 * by bench/export-pipeline.ts and run in plain Node (as the app's main process
 * runs bundled JavaScript, without a TypeScript loader's thread and heap) as
 * `node export-case.js '<json>'`; prints one JSON line with wall time and memory.
 */

export interface CaseRequest {
  kind: 'pipeline' | 'fetch-only' | 'exceljs-bare' | 'exceljs-formatted' | 'csv-bare'
  format: 'xlsx' | 'csv'
  rows: number
  seed: number
  concurrency: number
  apiBase: string
  token: string
  outDir: string
  /** pipeline: the export-writer worker, as the app runs it. */
  writer?: WorkerEntry
}

export interface CaseResult {
  wallMs: number
  rows: number
  fileBytes: number
  maxRssMb: number
  /** Highest sampled RSS in the first and in the second half of the run: close together = flat. */
  rssFirstHalfMb: number
  rssSecondHalfMb: number
  /** RSS before the measured work started (e.g. with the rows already generated). */
  rssBeforeMb: number
  /** The machine's 1-minute load average when the case started. */
  load1: number
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024)

async function bareExceljs(rows: readonly OptOutRecord[], path: string): Promise<void> {
  // exceljs on its own, fed the way the reference measured its best case: no styles, yield
  // every 100 rows, wait for drain above 1 MB.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  })
  const sheet = workbook.addWorksheet('Opt-outs')
  const buffer = sheetBuffer(sheet)
  sheet.addRow([...RECORD_FIELDS]).commit()
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index] as OptOutRecord
    sheet.addRow(RECORD_FIELDS.map((field) => row[field])).commit()
    if ((index + 1) % 100 === 0) {
      await new Promise((resolve) => setImmediate(resolve))
      while (buffer && buffer.bufferedBytes() > 1024 * 1024 && buffer.drainPending()) {
        await new Promise((resolve) => buffer.events.once('drain', resolve))
      }
    }
  }
  sheet.commit()
  await workbook.commit()
}

/** The report's own XLSX writer (formatting and all) fed from memory: exceljs doing exactly our work, nothing else. */
async function formattedExceljs(rows: readonly OptOutRecord[], path: string): Promise<void> {
  const output = createWriteStream(path)
  const guard = new OutputGuard(output, new AbortController().signal)
  const writer = createXlsxWriter(output, guard, { created: new Date() })
  for (let start = 0; start < rows.length; start += 1000)
    await writer.writeRows(rows.slice(start, start + 1000))
  await writer.finish({
    format: 'xlsx',
    generatedAt: new Date(),
    appVersion: 'bench',
    apiBase: 'http://127.0.0.1/v1',
    filtersDescription: 'All records',
    params: {},
    scope: { kind: 'all' },
    totalAtStart: rows.length,
    totalAtEnd: rows.length,
    rowsWritten: rows.length,
    duplicatesRemoved: 0,
    dataChanged: false,
    changes: [],
    partial: false,
    unreachableRows: 0,
    // Not hashed here: the floor is the writer's work alone.
    sha256: '0'.repeat(64),
  })
  await new Promise<void>((resolve) => output.once('close', () => resolve()))
}

async function bareCsv(rows: readonly OptOutRecord[], path: string): Promise<void> {
  const out = createWriteStream(path)
  const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
  for (let start = 0; start < rows.length; start += 1000) {
    let chunk = ''
    for (const row of rows.slice(start, start + 1000))
      chunk += RECORD_FIELDS.map((field) => quote(row[field])).join(',') + '\r\n'
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as CaseRequest
  const path = join(
    request.outDir,
    `${request.kind}-${request.format}-${request.concurrency}.${request.format}`,
  )
  const rows =
    request.kind === 'exceljs-bare' || request.kind === 'exceljs-formatted' || request.kind === 'csv-bare'
      ? generateDemoRecords(request.rows, request.seed)
      : []
  const client = createConvosoClient()
  const search = (offset: number, limit: number, signal: AbortSignal) =>
    client.search({
      apiBase: request.apiBase,
      token: request.token,
      tokenOrigin: new URL(request.apiBase).origin,
      params: {},
      offset,
      limit,
      signal,
    })

  const load1 = loadavg()[0] ?? 0
  const samples: [number, number][] = []
  const rssBefore = process.memoryUsage.rss()
  const started = performance.now()
  const sampler = setInterval(
    () => samples.push([performance.now() - started, process.memoryUsage.rss()]),
    100,
  )
  let written = 0
  switch (request.kind) {
    case 'pipeline': {
      const result = await runExport({
        search,
        params: {},
        scope: { kind: 'all' },
        format: request.format,
        filePath: path,
        concurrency: request.concurrency,
        appVersion: 'bench',
        apiBase: request.apiBase,
        ...(request.writer ? { writer: request.writer } : {}),
      })
      if (!result.ok) throw new Error(result.error.message)
      written = result.data.rowsWritten
      break
    }
    case 'fetch-only': {
      // The same pages at the same concurrency, parsed and dropped: what the network and JSON cost.
      const first = await search(0, 1000, new AbortController().signal)
      if (!first.ok) throw new Error(first.error.message)
      const pages = Math.ceil(first.data.total / 1000)
      let next = 1
      written = first.data.records.length
      await Promise.all(
        Array.from({ length: request.concurrency }, async () => {
          while (next < pages) {
            const page = await search(next++ * 1000, 1000, new AbortController().signal)
            if (!page.ok) throw new Error(page.error.message)
            written += page.data.records.length
          }
        }),
      )
      break
    }
    case 'exceljs-bare':
      await bareExceljs(rows, path)
      written = rows.length
      break
    case 'exceljs-formatted':
      await formattedExceljs(rows, path)
      written = rows.length
      break
    case 'csv-bare':
      await bareCsv(rows, path)
      written = rows.length
      break
  }
  const wallMs = performance.now() - started
  clearInterval(sampler)
  const half = wallMs / 2
  const maxIn = (from: number, to: number): number =>
    samples.filter(([at]) => at >= from && at < to).reduce((max, [, rss]) => Math.max(max, rss), 0)
  const fileBytes = request.kind === 'fetch-only' ? 0 : (await stat(path)).size
  await rm(path, { force: true })
  const result: CaseResult = {
    wallMs: Math.round(wallMs),
    rows: written,
    fileBytes,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssFirstHalfMb: mb(maxIn(0, half)),
    rssSecondHalfMb: mb(maxIn(half, Infinity)),
    rssBeforeMb: mb(rssBefore),
    load1: Math.round(load1 * 10) / 10,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
