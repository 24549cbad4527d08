import { run as runCompare } from './compare'
import { run as runEventLoop } from './event-loop'
import { run as runExportPipeline } from './export-pipeline'
import { run as runLookup } from './lookup'
import { run as runNormalise } from './normalise'
import { run as runOpenReport } from './open-report'
import { run as runRenderer } from './renderer-grid'
import { run as runRoundtrip } from './search-roundtrip'

/**
 * `npm run bench`: every benchmark in one run, printed as a table. Numbers are
 * for notes and comparisons, never asserted.
 */
const suites: [string, () => Promise<Record<string, number>>][] = [
  ['normalise a 1000-record response', runNormalise],
  ['search round trip (handler path vs bare fetch)', runRoundtrip],
  ['renderer: 1000-row page in Chromium', runRenderer],
  ['export pipeline (XLSX and CSV) vs its floors', runExportPipeline],
  ['open an exported report offline vs exceljs reader, and search it', runOpenReport],
  ['lookup: parse 10,000 pasted numbers on main, and write the verdict report', runLookup],
  ['compare two reports (1M with OPT_OUT_DESK_BENCH_1M=1)', runCompare],
  [
    "main's event loop and a search during an export and an open (worker threads vs main thread)",
    runEventLoop,
  ],
]

async function main(): Promise<void> {
  const only = process.argv.slice(2)
  for (const [name, run] of suites) {
    if (only.length > 0 && !only.some((word) => name.includes(word))) continue
    console.log(`\n## ${name}`)
    try {
      const results = await run()
      console.table(Object.entries(results).map(([metric, value]) => ({ metric, value })))
    } catch (error) {
      console.log(`failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    }
  }
}

void main()
