import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundleNodeEntries } from './bundle-node-entries'
import type { OpenCaseRequest, OpenCaseResult } from './open-report-case'

/**
 * Opening an XLSX report (issue 5) next to its floor: exceljs's streaming
 * WorkbookReader alone, reading every row and cell of the same file. The
 * report is written once per size with the app's own writer. Goals: opening
 * within 1.3× the floor, under 500 MB of RSS once open, a filtered search over
 * the whole report under 300 ms. Each case runs bundled in its own plain-Node
 * process with --expose-gc; at 100,000 rows the reads run three times each,
 * alternating, and the median run counts. 1,000,000 rows (once) only with
 * OPT_OUT_DESK_BENCH_1M=1 (a few minutes).
 */

const SEED = 20240422

/** The run with the median wall time. */
function medianRun(runs: OpenCaseResult[]): OpenCaseResult {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as OpenCaseResult
}

function runCase(script: string, request: OpenCaseRequest): Promise<OpenCaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${request.kind} (${request.rows} rows) exited with ${code}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as OpenCaseResult)
    })
  })
}

export async function run(): Promise<Record<string, number>> {
  const sizes = process.env.OPT_OUT_DESK_BENCH_1M === '1' ? [100_000, 1_000_000] : [100_000]
  const results: Record<string, number> = {}
  const dir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-open-'))
  const built = await bundleNodeEntries(
    { 'open-report-case': join(__dirname, 'open-report-case.ts') },
    'bench',
  )
  const run = (request: OpenCaseRequest): Promise<OpenCaseResult> =>
    runCase(built['open-report-case'], request)
  try {
    for (const rows of sizes) {
      const label = rows >= 1_000_000 ? '1M' : `${rows / 1000}k`
      const request = { rows, seed: SEED, path: join(dir, `report-${label}.xlsx`) }
      const written = await run({ ...request, kind: 'write' })
      // Alternated and repeated where it is cheap: on a shared 2-core machine one run swings by ±15%.
      const bares: OpenCaseResult[] = []
      const opens: OpenCaseResult[] = []
      for (let repeat = 0; repeat < (rows >= 1_000_000 ? 1 : 3); repeat += 1) {
        bares.push(await run({ ...request, kind: 'exceljs-bare' }))
        opens.push(await run({ ...request, kind: 'open' }))
      }
      const bare = medianRun(bares)
      const open = medianRun(opens)
      if (open.integrity !== 'intact') throw new Error(`the ${label} report opened as ${open.integrity}`)
      results[`${label}.fileMb`] = Math.round(written.fileBytes / 1024 / 102.4) / 10
      results[`${label}.exceljsBare.wallMs`] = bare.wallMs
      results[`${label}.exceljsBare.cpuMs`] = bare.cpuMs
      results[`${label}.exceljsBare.maxRssMb`] = bare.maxRssMb
      results[`${label}.open.wallMs`] = open.wallMs
      results[`${label}.open.cpuMs`] = open.cpuMs
      results[`${label}.open.ratioToBare`] = Math.round((open.wallMs / bare.wallMs) * 100) / 100
      results[`${label}.open.cpuRatioToBare`] = Math.round((open.cpuMs / bare.cpuMs) * 100) / 100
      results[`${label}.open.maxRssMb`] = open.maxRssMb
      results[`${label}.open.rssOpenMb`] = open.rssOpenMb ?? -1
      results[`${label}.open.rssOpenAfterGcMb`] = open.rssOpenAfterGcMb ?? -1
      results[`${label}.open.heapUsedAfterGcMb`] = open.heapUsedAfterGcMb ?? -1
      for (const [name, ms] of Object.entries(open.searchMs ?? {})) results[`${label}.search.${name}.ms`] = ms
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return results
}

// Run on its own: `npx tsx bench/open-report.ts` (bench/index.ts runs it with the others).
if (require.main === module) {
  run()
    .then((results) => console.table(Object.entries(results).map(([metric, value]) => ({ metric, value }))))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
