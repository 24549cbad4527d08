import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildWorkers } from '../test/support/build-workers'
import { bundleNodeEntries } from '../test/support/bundle-node-entries'
import { TEST_WORKERS } from '../test/support/workers'
import type { CompareCaseRequest, CompareCaseResult } from './compare-case'
import { runCase } from './run-case'

/**
 * Comparing two reports, start to outcome: two generated XLSX reports written
 * by the app's export pipeline (the newer with 6 records deleted, 2 edited and
 * 1,000 added), compared by the compare service
 * reading in the app's report-reader workers, both files at once and one after
 * the other. Each run in its own plain-Node process, so its peak RSS (worker
 * threads included) is its own. Goal: 1,000,000 against 1,000,000 rows in
 * ≤ 30 s and ≤ 600 MB. 100,000 rows by default; 1,000,000 too with
 * OPT_OUT_DESK_BENCH_1M=1 (a few minutes).
 */

const SEED = 20240422
/** The newer report stays within the 1,001,000 rows an export can hold (and the reader reads). */
const CHANGES = { removed: 6, changed: 2, added: 1000 }

export async function run(): Promise<Record<string, number>> {
  const sizes = process.env.OPT_OUT_DESK_BENCH_1M === '1' ? [100_000, 1_000_000] : [100_000]
  const results: Record<string, number> = { cores: availableParallelism() }
  const dir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-compare-'))
  await buildWorkers()
  const built = await bundleNodeEntries({ 'compare-case': join(__dirname, 'compare-case.ts') }, 'bench')
  const runOne = (request: CompareCaseRequest, name: string): Promise<CompareCaseResult> =>
    runCase<CompareCaseResult>(built['compare-case'], request, name)
  try {
    for (const rows of sizes) {
      const label = rows >= 1_000_000 ? '1M' : `${rows / 1000}k`
      const older = join(dir, `older-${label}.xlsx`)
      const newer = join(dir, `newer-${label}.xlsx`)
      await runOne({ kind: 'write', rows, seed: SEED, older, newer, ...CHANGES }, `write ${label}`)
      for (const oneAtATime of [false, true]) {
        const how = oneAtATime ? 'oneAtATime' : 'bothAtOnce'
        const result = await runOne(
          { kind: 'compare', older, newer, workers: TEST_WORKERS, oneAtATime },
          `compare ${label}`,
        )
        const counts = result.counts
        if (
          counts?.removed !== CHANGES.removed ||
          counts.changed !== CHANGES.changed ||
          counts.added !== CHANGES.added
        ) {
          throw new Error(`the ${label} comparison counted ${JSON.stringify(counts)}`)
        }
        results[`${label}.${how}.wallMs`] = result.wallMs
        results[`${label}.${how}.cpuMs`] = result.cpuMs
        results[`${label}.${how}.maxRssMb`] = result.maxRssMb
        results[`${label}.${how}.loadavg1`] = result.loadavg1 ?? -1
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return results
}

// Run on its own: `npx tsx bench/compare.ts` (bench/index.ts runs it with the others).
if (require.main === module) {
  run()
    .then((results) => console.table(Object.entries(results).map(([metric, value]) => ({ metric, value }))))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
