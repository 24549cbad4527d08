import ExcelJS from 'exceljs'
import { createWriteStream } from 'node:fs'
import { SaxesParser } from 'saxes'
import { StringDecoder } from 'node:string_decoder'
import { openZip, partChunks } from '../src/main/services/offline/xlsx-zip'
import { XmlScanner, xmlText, type XmlHandler } from '../src/main/services/offline/xml-scanner'
import { stat } from 'node:fs/promises'
import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { createRowHasher } from '../src/main/services/export/canonical-hash'
import { OutputGuard } from '../src/main/services/export/output-file'
import { createXlsxWriter } from '../src/main/services/export/xlsx-writer'
import { openReportFile } from '../src/main/services/offline'
import type { OpenedReport } from '../src/main/services/offline/types'
import { BLANK, type SearchParams } from '../src/shared/filters'

/**
 * One case of bench/open-report.ts in its own process (bundled, plain Node,
 * started with --expose-gc), so its memory is its own: `node
 * open-report-case.js '<json>'` prints one JSON line.
 * - write: the report, once, with the app's own XLSX writer and a real row hash;
 * - exceljs-bare: exceljs's streaming WorkbookReader alone, every row and cell;
 * - open: openReportFile on the same file, its memory once open, and searches;
 * - scan-sheet / saxes-sheet: the data sheet's XML alone, through the app's
 *   scanner or through saxes 6, each collecting every cell's text: which
 *   tokenizer the reader should use.
 */

export interface OpenCaseRequest {
  kind: 'write' | 'exceljs-bare' | 'open' | 'scan-sheet' | 'saxes-sheet'
  rows: number
  seed: number
  path: string
}

export interface OpenCaseResult {
  wallMs: number
  /** User + system CPU time: steadier than wall time on a machine busy with other work. */
  cpuMs: number
  rows: number
  fileBytes: number
  maxRssMb: number
  rssBeforeMb: number
  /** open: RSS with the report open, before and after a forced GC; the JS heap after it. */
  rssOpenMb?: number
  rssOpenAfterGcMb?: number
  heapUsedAfterGcMb?: number
  integrity?: string
  /** open: median milliseconds of one search, by name. */
  searchMs?: Record<string, number>
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024)

function forceGc(): void {
  const gc: unknown = (globalThis as { gc?: unknown }).gc
  if (typeof gc !== 'function') throw new Error('run with --expose-gc')
  gc()
  gc()
}

async function writeReport(rows: number, seed: number, path: string): Promise<number> {
  const records = generateDemoRecords(rows, seed)
  const output = createWriteStream(path)
  const guard = new OutputGuard(output, new AbortController().signal)
  const writer = createXlsxWriter(output, guard, { created: new Date() })
  const hasher = createRowHasher()
  for (let start = 0; start < records.length; start += 1000) {
    const page = records.slice(start, start + 1000)
    hasher.update(page)
    await writer.writeRows(page)
  }
  await writer.finish({
    format: 'xlsx',
    generatedAt: new Date(),
    appVersion: 'bench',
    apiBase: 'http://127.0.0.1/v1',
    filtersDescription: 'all records',
    params: {},
    scope: { kind: 'all' },
    totalAtStart: rows,
    totalAtEnd: rows,
    rowsWritten: rows,
    duplicatesRemoved: 0,
    dataChanged: false,
    changes: [],
    partial: false,
    unreachableRows: 0,
    sha256: hasher.digest(),
    cellsAlteredByXlsx: writer.cellsAlteredByXlsx,
  })
  await new Promise<void>((resolve) => output.once('close', () => resolve()))
  return rows
}

/** exceljs's reader the way its documentation shows it, touching every cell's value. */
async function bareRead(path: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
  })
  let rows = 0
  let cells = 0
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows += 1
      row.eachCell((cell) => {
        if (cell.value !== undefined) cells += 1
      })
    }
  }
  return cells > 0 ? rows : 0
}

/** The data sheet's bytes as they inflate, from the app's own zip reader. */
async function sheetBytes(
  path: string,
  use: (chunks: AsyncIterable<Buffer>) => Promise<number>,
): Promise<number> {
  const zip = await openZip(path)
  try {
    const entry = zip.entries.get('xl/worksheets/sheet1.xml')
    if (!entry) throw new Error('no xl/worksheets/sheet1.xml')
    return await use(partChunks(await zip.openStream(entry)))
  } finally {
    zip.close()
  }
}

/** The same bytes decoded to text for a parser of strings (saxes), characters cut by a chunk kept whole. */
async function* decoded(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  for await (const chunk of chunks) yield decoder.write(chunk)
  yield decoder.end()
}

/** Rows whose cells had text; every `<v>` and `<t>` text is decoded, as a reader keeps it. */
async function scanSheet(path: string): Promise<number> {
  return sheetBytes(path, async (chunks) => {
    let rows = 0
    let inValue = false
    let kept = 0
    const handler: XmlHandler = {
      open(name, _xml, _start, _end, selfClosing) {
        if (name === 'v' || name === 't') inValue = !selfClosing
        return -1
      },
      close(name) {
        if (name === 'row') rows += 1
        else if (name === 'v' || name === 't') inValue = false
      },
      text(xml, start, end) {
        if (inValue) kept += xmlText(xml, start, end).length
      },
      cdata: () => undefined,
    }
    const scanner = new XmlScanner(handler, 'sheet')
    for await (const chunk of chunks) scanner.write(chunk)
    scanner.end()
    return kept > 0 ? rows : 0
  })
}

async function saxesSheet(path: string): Promise<number> {
  return sheetBytes(path, async (chunks) => {
    let rows = 0
    let inValue = false
    let kept = 0
    const parser = new SaxesParser()
    parser.on('opentag', (tag) => {
      if (tag.name === 'v' || tag.name === 't') inValue = !tag.isSelfClosing
    })
    parser.on('closetag', (tag) => {
      if (tag.name === 'row') rows += 1
      else if (tag.name === 'v' || tag.name === 't') inValue = false
    })
    parser.on('text', (value) => {
      if (inValue) kept += value.length
    })
    for await (const text of decoded(chunks)) parser.write(text)
    parser.close()
    return kept > 0 ? rows : 0
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10
}

const RUNS = 7
const EVICT: SearchParams = { purpose: 'bench: a filter nothing matches' }

/** Each timed search is the first of its filter (the last filter's matches are cached), then one page of it again. */
function timeSearches(report: OpenedReport): Record<string, number> {
  const middle = report.search({}, Math.floor(report.info.rowsRead / 2), 1).records[0]
  const filters: Record<string, SearchParams> = {
    reasonBlank: { reason: BLANK },
    exactPhone: { phone_number: middle?.phone_number ?? '' },
    globalBlankReason: { campaign_id: '0', reason: BLANK },
    insertDay: { insert_date: middle?.insert_date.slice(0, 10) ?? '' },
  }
  const results: Record<string, number> = {}
  for (const [name, params] of Object.entries(filters)) {
    const first: number[] = []
    const paged: number[] = []
    for (let run = 0; run < RUNS; run += 1) {
      report.search(EVICT, 0, 1)
      let started = performance.now()
      report.search(params, 0, 100)
      first.push(performance.now() - started)
      started = performance.now()
      report.search(params, 500, 100)
      paged.push(performance.now() - started)
    }
    results[name] = median(first)
    results[`${name}.nextPage`] = median(paged)
  }
  return results
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as OpenCaseRequest
  const rssBefore = process.memoryUsage.rss()
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const cpuMs = (): number => {
    const used = process.cpuUsage(cpuStarted)
    return Math.round((used.user + used.system) / 1000)
  }
  const result: Partial<OpenCaseResult> = {}
  let rows = 0
  switch (request.kind) {
    case 'write':
      rows = await writeReport(request.rows, request.seed, request.path)
      break
    case 'exceljs-bare':
      rows = await bareRead(request.path)
      break
    case 'scan-sheet':
      rows = await scanSheet(request.path)
      break
    case 'saxes-sheet':
      rows = await saxesSheet(request.path)
      break
    case 'open': {
      const opened = await openReportFile(request.path)
      if (!opened.ok) throw new Error(opened.error.message)
      const wallMs = performance.now() - started
      result.cpuMs = cpuMs()
      result.rssOpenMb = mb(process.memoryUsage.rss())
      forceGc()
      result.rssOpenAfterGcMb = mb(process.memoryUsage.rss())
      result.heapUsedAfterGcMb = mb(process.memoryUsage().heapUsed)
      result.integrity = opened.data.info.integrity
      rows = opened.data.info.rowsRead
      result.searchMs = timeSearches(opened.data)
      result.wallMs = Math.round(wallMs)
      break
    }
  }
  const output: OpenCaseResult = {
    wallMs: Math.round(performance.now() - started),
    cpuMs: cpuMs(),
    rows,
    fileBytes: (await stat(request.path)).size,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeMb: mb(rssBefore),
    ...result,
  }
  process.stdout.write(`${JSON.stringify(output)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
