import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { startFakeConvoso } from '../test/support/convoso-server/fake-convoso'
import { buildWorkers } from '../test/support/build-workers'
import { bundleNodeEntries } from '../test/support/bundle-node-entries'
import { TEST_WORKERS } from '../test/support/workers'
import type { CaseRequest, CaseResult } from './export-case'
import { runCase } from './run-case'

/**
 * The export pipeline against the fake Convoso with 50 ms per request, next to
 * its floors:
 * - exceljs's writer alone on the same rows, twice: bare (its best measured
 *   feeding, no styles: the strict floor) and formatted (the report's own
 *   writer fed from memory: exactly the sheet the export writes);
 * - the network floor (pages × latency ÷ concurrency), and the same pages
 *   fetched and dropped.
 * Each case runs bundled in its own plain-Node process, so its peak RSS is its
 * own; the server runs in this one. 100,000 rows always; 1,000,000 rows only
 * with OPT_OUT_DESK_BENCH_1M=1 (several minutes).
 */

const LATENCY_MS = 50
const TOKEN = 'bench-export-token-000000'
const SEED = 20240422

function runExportCase(script: string, request: CaseRequest): Promise<CaseResult> {
  return runCase<CaseResult>(script, request, `${request.kind} ${request.format}`)
}

export async function run(): Promise<Record<string, number>> {
  const sizes = process.env.OPT_OUT_DESK_BENCH_1M === '1' ? [100_000, 1_000_000] : [100_000]
  const results: Record<string, number> = { 'export.latencyMs': LATENCY_MS }
  const outDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-export-'))
  const built = await bundleNodeEntries({ 'export-case': join(__dirname, 'export-case.ts') }, 'bench')
  await buildWorkers()
  const run = (request: CaseRequest): Promise<CaseResult> => runExportCase(built['export-case'], request)
  try {
    for (const rows of sizes) {
      const server = await startFakeConvoso({
        records: generateDemoRecords(rows, SEED),
        tokens: [TOKEN],
        latencyMs: LATENCY_MS,
      })
      const base = {
        rows,
        seed: SEED,
        apiBase: server.apiBase,
        token: TOKEN,
        outDir,
      }
      const label = rows >= 1_000_000 ? '1M' : `${rows / 1000}k`
      const pages = Math.ceil(rows / 1000)
      try {
        const bare = await run({ ...base, kind: 'exceljs-bare', format: 'xlsx', concurrency: 0 })
        const formatted = await run({ ...base, kind: 'exceljs-formatted', format: 'xlsx', concurrency: 0 })
        const csvBare = await run({ ...base, kind: 'csv-bare', format: 'csv', concurrency: 0 })
        results[`${label}.exceljsBare.wallMs`] = bare.wallMs
        results[`${label}.exceljsBare.maxRssMb`] = bare.maxRssMb
        results[`${label}.exceljsBare.rssBeforeMb`] = bare.rssBeforeMb
        results[`${label}.exceljsFormatted.wallMs`] = formatted.wallMs
        results[`${label}.exceljsFormatted.maxRssMb`] = formatted.maxRssMb
        results[`${label}.exceljsFormatted.load1`] = formatted.load1
        results[`${label}.csvBare.wallMs`] = csvBare.wallMs
        for (const concurrency of [2, 6]) {
          const networkFloor = Math.round((pages * LATENCY_MS) / concurrency)
          const fetchOnly = await run({ ...base, kind: 'fetch-only', format: 'csv', concurrency })
          // As the app runs it: the writer in its worker thread, the fetching on main's.
          const writer = TEST_WORKERS.exportWriter
          const xlsx = await run({ ...base, kind: 'pipeline', format: 'xlsx', concurrency, writer })
          const csv = await run({ ...base, kind: 'pipeline', format: 'csv', concurrency, writer })
          const p = `${label}.c${concurrency}`
          results[`${p}.networkFloorMs`] = networkFloor
          results[`${p}.fetchOnly.wallMs`] = fetchOnly.wallMs
          results[`${p}.xlsx.wallMs`] = xlsx.wallMs
          // The goal: against the larger of the network floor and exceljs alone (bare, the strict one).
          results[`${p}.xlsx.ratioToBareFloor`] =
            Math.round((xlsx.wallMs / Math.max(networkFloor, bare.wallMs)) * 100) / 100
          results[`${p}.xlsx.ratioToFormattedFloor`] =
            Math.round((xlsx.wallMs / Math.max(networkFloor, formatted.wallMs)) * 100) / 100
          // Issue 11's goal (≤ 1.15): fetching and writing overlap, so the export costs the larger of the two.
          results[`${p}.xlsx.ratioToMaxOfFetchOnlyAndFormatted`] =
            Math.round((xlsx.wallMs / Math.max(fetchOnly.wallMs, formatted.wallMs)) * 100) / 100
          results[`${p}.xlsx.maxRssMb`] = xlsx.maxRssMb
          results[`${p}.xlsx.load1`] = xlsx.load1
          results[`${p}.fetchOnly.load1`] = fetchOnly.load1
          results[`${p}.xlsx.rssFirstHalfMb`] = xlsx.rssFirstHalfMb
          results[`${p}.xlsx.rssSecondHalfMb`] = xlsx.rssSecondHalfMb
          results[`${p}.xlsx.fileMb`] = Math.round(xlsx.fileBytes / 1024 / 102.4) / 10
          results[`${p}.csv.wallMs`] = csv.wallMs
          results[`${p}.csv.ratioToFloor`] =
            Math.round((csv.wallMs / Math.max(networkFloor, csvBare.wallMs)) * 100) / 100
          results[`${p}.csv.maxRssMb`] = csv.maxRssMb
          results[`${p}.csv.rssFirstHalfMb`] = csv.rssFirstHalfMb
          results[`${p}.csv.rssSecondHalfMb`] = csv.rssSecondHalfMb
        }
      } finally {
        await server.close()
      }
    }
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
  return results
}
