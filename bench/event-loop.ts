import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { startFakeConvoso } from '../test/support/convoso-server/fake-convoso'
import { buildWorkers } from '../test/support/build-workers'
import { bundleNodeEntries } from '../test/support/bundle-node-entries'
import { TEST_WORKERS } from '../test/support/workers'
import type { LoopCaseRequest, LoopCaseResult } from './event-loop-case'
import { runCase } from './run-case'

/**
 * Main's event loop while a whole-list XLSX export runs and while its report
 * is opened (goals set when the work moved to worker threads: p99 ≤ 50 ms, max ≤ 200 ms; a search through the
 * handler path within 2× its idle time), with the work in the app's worker
 * threads and, side by side, on main's thread as before. Each case runs in its
 * own plain-Node process (bench/event-loop-case.ts); the fake Convoso servers
 * (the export's with 50 ms per request, and a small one for the searches) run in
 * this one, so their CPU is not the app's. 100,000 rows; 1,000,000 with
 * OPT_OUT_DESK_BENCH_1M=1. Each number comes with the machine's 1-minute load.
 */

const LATENCY_MS = 50
const TOKEN = 'bench-loop-token-00000000'
const SEED = 20240422
const CONCURRENCY = 2

function runLoopCase(script: string, request: LoopCaseRequest): Promise<LoopCaseResult> {
  return runCase<LoopCaseResult>(script, request, `${request.kind} (worker: ${request.inWorker})`)
}

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100

export async function run(): Promise<Record<string, number>> {
  const rows = process.env.OPT_OUT_DESK_BENCH_1M === '1' ? 1_000_000 : 100_000
  const label = rows >= 1_000_000 ? '1M' : `${rows / 1000}k`
  await buildWorkers()
  const built = await bundleNodeEntries({ 'event-loop-case': join(__dirname, 'event-loop-case.ts') }, 'bench')
  const dir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-loop-'))
  const exportServer = await startFakeConvoso({
    records: generateDemoRecords(rows, SEED),
    tokens: [TOKEN],
    latencyMs: LATENCY_MS,
  })
  const searchServer = await startFakeConvoso({ records: generateDemoRecords(25_000, SEED), tokens: [TOKEN] })
  const results: Record<string, number> = { 'loop.rows': rows, 'loop.exportLatencyMs': LATENCY_MS }
  try {
    for (const inWorker of [true, false]) {
      const where = inWorker ? 'worker' : 'mainThread'
      const path = join(dir, `report-${where}.xlsx`)
      for (const kind of ['export', 'open'] as const) {
        const result = await runLoopCase(built['event-loop-case'], {
          kind,
          inWorker,
          workers: TEST_WORKERS,
          exportApiBase: exportServer.apiBase,
          searchApiBase: searchServer.apiBase,
          token: TOKEN,
          concurrency: CONCURRENCY,
          path,
        })
        if (result.rows !== rows) throw new Error(`${kind} handled ${result.rows} rows, not ${rows}`)
        const p = `${label}.${kind}.${where}`
        results[`${p}.wallMs`] = result.wallMs
        results[`${p}.loopP50Ms`] = result.loopP50Ms
        results[`${p}.loopP99Ms`] = result.loopP99Ms
        results[`${p}.loopMaxMs`] = result.loopMaxMs
        results[`${p}.searchIdleMs`] = result.searchIdleMs
        results[`${p}.searchBusyMs`] = result.searchBusyMs
        results[`${p}.searchRatioToIdle`] = ratio(result.searchBusyMs, result.searchIdleMs)
        results[`${p}.searches`] = result.searchesBusy
        results[`${p}.maxRssMb`] = result.maxRssMb
        results[`${p}.load1AtStart`] = result.load1Start
        results[`${p}.load1AtEnd`] = result.load1End
      }
    }
    for (const kind of ['export', 'open']) {
      const p = `${label}.${kind}`
      results[`${p}.loopP99.workerToMainThread`] = ratio(
        results[`${p}.worker.loopP99Ms`] ?? 0,
        results[`${p}.mainThread.loopP99Ms`] ?? 1,
      )
      results[`${p}.wall.workerToMainThread`] = ratio(
        results[`${p}.worker.wallMs`] ?? 0,
        results[`${p}.mainThread.wallMs`] ?? 1,
      )
    }
  } finally {
    await exportServer.close()
    await searchServer.close()
    await rm(dir, { recursive: true, force: true })
  }
  return results
}
