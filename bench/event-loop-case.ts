import { monitorEventLoopDelay } from 'node:perf_hooks'
import { loadavg } from 'node:os'
import { createConvosoClient } from '../src/main/services/convoso/client'
import { runExport } from '../src/main/services/export/export-job'
import { openReportFile } from '../src/main/services/offline'
import type { WorkerEntries } from '../src/main/workers/entries'
import { EMPTY_FILTERS } from '../src/shared/filters'
import { startBenchCore } from './bench-core'
import { median } from './stats'

/**
 * One case of bench/event-loop.ts in its own process (bundled, plain Node), so
 * its event loop, CPU and peak RSS (worker threads included: one process) are
 * its own; the fake Convoso servers run in the parent. Prints one JSON line.
 * - export: a whole-list XLSX export (runExport as the app runs it) against the
 *   export server, the file kept for the open case;
 * - open: openReportFile on that file.
 * With `workers` the writing or reading runs in the app's worker threads; without, on this thread (as
 * before the worker threads). While it runs, main's event-loop delay is sampled (10 ms resolution) and a search
 * goes through the app's handler path (createCore(...).handlers.search against the search server)
 * every 100 ms; the same search is timed idle first.
 */

export interface LoopCaseRequest {
  kind: 'export' | 'open'
  /** Run the work in the worker threads (the app's way), or on main's thread. */
  inWorker: boolean
  workers: WorkerEntries
  exportApiBase: string
  searchApiBase: string
  token: string
  concurrency: number
  path: string
}

export interface LoopCaseResult {
  wallMs: number
  rows: number
  loopP50Ms: number
  loopP99Ms: number
  loopMaxMs: number
  searchIdleMs: number
  searchBusyMs: number
  searchesBusy: number
  maxRssMb: number
  load1Start: number
  load1End: number
}

const IDLE_SEARCHES = 30
const SEARCH_EVERY_MS = 100
const round = (value: number): number => Math.round(value * 10) / 10
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as LoopCaseRequest
  const load1Start = loadavg()[0] ?? 0
  const { core, dispose } = await startBenchCore(request.searchApiBase, request.workers)
  const connected = await core.handlers.verifyAndSaveToken({ token: request.token })
  if (!connected.ok) throw new Error(`could not connect: ${connected.error.message}`)
  let searchCount = 0
  const search = async (): Promise<number> => {
    searchCount += 1
    const started = performance.now()
    const result = await core.handlers.search({
      requestId: `bench-${searchCount}`,
      filters: EMPTY_FILTERS,
      offset: (searchCount * 7919) % 20_000,
      limit: 100,
    })
    if (!result.ok) throw new Error(`search failed: ${result.error.message}`)
    return performance.now() - started
  }
  const idle: number[] = []
  for (let i = 0; i < IDLE_SEARCHES; i += 1) {
    idle.push(await search())
    await sleep(20)
  }

  const busy: number[] = []
  let running = true
  const searching = (async () => {
    while (running) {
      busy.push(await search())
      await sleep(SEARCH_EVERY_MS)
    }
  })()
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const started = performance.now()
  let rows = 0
  if (request.kind === 'export') {
    const client = createConvosoClient()
    const result = await runExport({
      search: (offset, limit, signal) =>
        client.search({
          apiBase: request.exportApiBase,
          token: request.token,
          tokenOrigin: new URL(request.exportApiBase).origin,
          params: {},
          offset,
          limit,
          signal,
        }),
      params: {},
      scope: { kind: 'all' },
      format: 'xlsx',
      filePath: request.path,
      concurrency: request.concurrency,
      appVersion: 'bench',
      apiBase: request.exportApiBase,
      ...(request.inWorker ? { writer: request.workers.exportWriter } : {}),
    })
    if (!result.ok) throw new Error(result.error.message)
    rows = result.data.rowsWritten
  } else {
    const result = await openReportFile(
      request.path,
      request.inWorker ? { reader: request.workers.reportReader } : {},
    )
    if (!result.ok) throw new Error(result.error.message)
    if (result.data.info.integrity !== 'intact')
      throw new Error(`the report opened as ${result.data.info.integrity}`)
    rows = result.data.info.rowsRead
  }
  const wallMs = performance.now() - started
  delay.disable()
  running = false
  await searching
  await dispose()
  const output: LoopCaseResult = {
    wallMs: Math.round(wallMs),
    rows,
    loopP50Ms: round(delay.percentile(50) / 1e6),
    loopP99Ms: round(delay.percentile(99) / 1e6),
    loopMaxMs: round(delay.max / 1e6),
    searchIdleMs: round(median(idle)),
    searchBusyMs: round(median(busy)),
    searchesBusy: busy.length,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    load1Start: round(load1Start),
    load1End: round(loadavg()[0] ?? 0),
  }
  process.stdout.write(`${JSON.stringify(output)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
