import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createJobRegistry } from '../src/main/jobs/job-registry'
import { createReportSearch } from '../src/main/services/offline/offline-search'
import { createRowStoreBuilder, type RowStore } from '../src/main/services/offline/row-store'
import type { OpenedReport } from '../src/main/services/offline/types'
import { createScrubJobs, type ScrubJobs } from '../src/main/services/scrub/scrub-jobs'
import { workerScrubRunner } from '../src/main/services/scrub/scrub-runner'
import { buildSnapshotIndex } from '../src/main/services/scrub/snapshot-index'
import { recordKey } from '../src/main/services/send-list/normalise'
import type { OptOutRecord } from '../src/shared/records'
import { buildWorkers } from '../test/support/build-workers'
import { ScriptedDialogs } from '../test/support/desktop-doubles'
import { settledJob } from '../test/support/jobs'
import { TEST_WORKERS } from '../test/support/workers'
import { usWritten } from './us-numbers'

/**
 * Scrubbing a send list against a 1,000,000-row snapshot already open in the viewer (issue 14:
 * 50,000 numbers ≤ 5 s, 1,000,000 numbers ≤ 30 s), from startScrub to the outcome, through the app's
 * scrub service and its worker thread, with the process's peak RSS (main's opened report, the worker
 * and its copy of the snapshot). The first scrub against the snapshot copies its rows to the worker
 * and indexes them; the next one finds them held. Also the index alone: sorted typed arrays against a
 * Map of a million keys (time and heap).
 */

const SNAPSHOT_ROWS = Number(process.env['OPT_OUT_DESK_BENCH_SCRUB_SNAPSHOT'] ?? 1_000_000)
const LIST_ROWS = (process.env['OPT_OUT_DESK_BENCH_SCRUB_LISTS'] ?? '50000,1000000').split(',').map(Number)

const REASONS = ['STOP', 'Customer replied STOP to a promotional text', '', 'unsubscribe', 'Do not text']
const PURPOSES = ['', '', '', 'TELEMKT', 'INFORM']

/** The snapshot's i-th US number (10 digits, area codes 200–899). */
const snapshotNumber = (index: number): string =>
  `${200 + (index % 700)}${String(2_000_000 + ((index * 7919) % 7_000_000)).padStart(7, '0')}`

function snapshotStore(): RowStore {
  const builder = createRowStoreBuilder(SNAPSHOT_ROWS)
  for (let index = 0; index < SNAPSHOT_ROWS; index += 1) {
    const campaign = index % 20 < 12 ? '0' : index % 20 === 19 ? '-1' : String(1 + (index % 50))
    const record: OptOutRecord = {
      id: String(1_000_000 + index),
      phone_code: '1',
      phone_number: snapshotNumber(index),
      reason: REASONS[index % REASONS.length] as string,
      purpose: PURPOSES[index % PURPOSES.length] as string,
      insert_date: `2024-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')} 17:01:31`,
      campaign_id: campaign,
      campaign_name: campaign === '0' || campaign === '-1' ? '' : `Campaign ${campaign}`,
    }
    builder.append(record)
  }
  return builder.finish()
}

/** A list: one number in ten on the snapshot, one in a hundred junk, one in fifty repeated; mixed shapes. */
async function writeListFile(path: string, rows: number): Promise<void> {
  const lines = ['Name,Phone,Note']
  for (let index = 0; index < rows; index += 1) {
    let digits: string
    if (index % 10 === 0) digits = snapshotNumber((index * 37) % SNAPSHOT_ROWS)
    else
      digits = `${200 + (index % 700)}${String(1_000_000 + ((index * 104_729) % 999_999)).padStart(7, '0')}`
    if (index % 50 === 49) digits = snapshotNumber(((index - 1) * 37) % SNAPSHOT_ROWS)
    const cell = index % 100 === 7 ? 'n/a' : usWritten(digits, index)
    lines.push(`Customer ${index},"${cell}",row ${index}`)
  }
  await writeFile(path, lines.join('\r\n') + '\r\n')
}

/**
 * Peak resident memory of this process (main and its worker threads) while `work` runs, in MB, and
 * the longest main's event loop was held (the scrub runs in its worker; main copies the open
 * report's columns for it once).
 */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ value: T; peakMb: number; loopMaxMs: number }> {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { value, peakMb: Math.round(peak / 1_048_576), loopMaxMs: Math.round(loop.max / 1e6) }
  } finally {
    loop.disable()
    clearInterval(timer)
  }
}

const round = (ms: number): number => Math.round(ms)

function indexComparison(store: RowStore): Record<string, number> {
  const keys = new Float64Array(store.length)
  const view = store.view()
  let start = performance.now()
  for (let row = 0; row < store.length; row += 1) {
    view.at = row
    keys[row] = recordKey(view.phone_code, view.phone_number)
  }
  const keyMs = performance.now() - start
  global.gc?.()
  const heap = process.memoryUsage().heapUsed
  start = performance.now()
  const index = buildSnapshotIndex(keys)
  const tableMs = performance.now() - start
  const tableBytes = index.heads.byteLength + index.next.byteLength
  start = performance.now()
  const sorted = keys.filter((key) => key === key).sort()
  let found = 0
  for (let row = 0; row < keys.length; row += 1) if (keyPosition(sorted, keys[row] as number) >= 0) found += 1
  const sortedMs = performance.now() - start
  start = performance.now()
  const map = new Map<number, number | number[]>()
  for (let row = 0; row < keys.length; row += 1) {
    const key = keys[row] as number
    const seen = map.get(key)
    if (seen === undefined) map.set(key, row)
    else if (typeof seen === 'number') map.set(key, [seen, row])
    else seen.push(row)
  }
  const mapMs = performance.now() - start
  global.gc?.()
  const mapHeapMb = (process.memoryUsage().heapUsed - heap) / 1_048_576
  return {
    'snapshot keys (recordKey over every record), ms': round(keyMs),
    'index: typed-array hash table (used), build ms': round(tableMs),
    'index: typed-array hash table, MB (+ the keys, 8 MB)': Math.round(tableBytes / 1_048_576),
    'index: sorted keys + a binary search per row, ms': round(sortedMs),
    'index: Map<number, row(s)>, build ms': round(mapMs),
    'index: Map<number, row(s)>, heap MB (exact with --expose-gc)': Math.round(mapHeapMb),
    'distinct keys (table / Map / sorted found)': index.distinct,
    'distinct keys in the Map': map.size,
    'rows found by binary search': found,
  }
}

/** Position of `key` in the sorted `keys`, or -1 (the alternative measured above). */
function keyPosition(keys: Float64Array, key: number): number {
  let low = 0
  let high = keys.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const value = keys[middle] as number
    if (value < key) low = middle + 1
    else if (value > key) high = middle - 1
    else return middle
  }
  return -1
}

export async function run(): Promise<Record<string, number>> {
  await buildWorkers()
  const dir = await mkdtemp(join(tmpdir(), 'opt-out-desk-bench-scrub-'))
  const results: Record<string, number> = { 'snapshot rows': SNAPSHOT_ROWS }
  try {
    const start = performance.now()
    const store = snapshotStore()
    results['build the open snapshot in memory (setup, not timed as a scrub), ms'] = round(
      performance.now() - start,
    )
    Object.assign(results, indexComparison(store))
    const report: OpenedReport = {
      info: {
        fileName: 'all-opt-outs.xlsx',
        filePath: join(dir, 'all-opt-outs.xlsx'),
        format: 'xlsx',
        fileBytes: 0,
        madeByApp: true,
        generatedAt: new Date().toISOString(),
        filtersDescription: 'All opt-outs',
        paramsAsSent: {},
        rowsRead: store.length,
        actualSha256: '0'.repeat(64),
        recordedSha256: '0'.repeat(64),
        integrity: 'intact',
        integrityDetail: 'bench',
        partial: false,
      },
      search: createReportSearch(store),
      store,
    }
    const lists = new Map<string, string>()
    for (const rows of LIST_ROWS) {
      const path = join(dir, `list-${rows}.csv`)
      await writeListFile(path, rows)
      lists.set(String(rows), path)
    }
    const registry = createJobRegistry({ log: () => undefined })
    const runner = workerScrubRunner(TEST_WORKERS.scrub, () => undefined)
    const log: string[] = []
    const scrub: ScrubJobs = createScrubJobs({
      jobs: registry,
      sendLists: {
        async resolve(listId) {
          const filePath = lists.get(listId) as string
          return {
            ok: true,
            data: {
              listId,
              filePath,
              fileName: `list-${listId}.csv`,
              format: 'csv',
              fileBytes: 0,
              fileMtimeMs: 0,
              header: ['Name', 'Phone', 'Note'],
              hasHeaderRow: true,
              sample: [],
            },
          }
        },
      },
      openedReport: () => report,
      history: { list: async () => [], lastFolder: async () => undefined },
      settings: { get: async () => ({ snapshotMaxAgeHours: 24 }) },
      dialog: new ScriptedDialogs(),
      runner,
      appVersion: 'bench',
      log: (line) => log.push(line),
    })
    const scrubOnce = async (rows: number): Promise<number> => {
      const startedAt = performance.now()
      const started = await scrub.start({
        listId: String(rows),
        phoneColumn: 1,
        codeColumn: null,
        defaultCountry: 'US',
        snapshot: { kind: 'opened' },
        campaignId: '7',
        purposeScoped: 'hold',
      })
      if (!started.ok) throw new Error(started.error.message)
      const status = await settledJob(registry, started.data.jobId, 'scrub')
      if (status.state !== 'done') {
        throw new Error(`scrub ${status.state}: ${status.state === 'failed' ? status.error.message : ''}`)
      }
      registry.acknowledge(started.data.jobId)
      return performance.now() - startedAt
    }
    const timings = (): string => log.at(-1)?.replace(/^.*\(/, '(') ?? ''
    try {
      for (const rows of LIST_ROWS) {
        const first = await withPeakRss(() => scrubOnce(rows))
        console.log(`  ${rows.toLocaleString('en-US')} numbers, first: ${timings()}`)
        const again = await withPeakRss(() => scrubOnce(rows))
        console.log(`  ${rows.toLocaleString('en-US')} numbers, again: ${timings()}`)
        const label = rows.toLocaleString('en-US')
        results[`${label} numbers, first scrub against the open snapshot, start to outcome, ms`] = round(
          first.value,
        )
        results[`${label} numbers, again (snapshot held by the worker), ms`] = round(again.value)
        results[`${label} numbers, peak RSS of the app process, MB`] = Math.max(first.peakMb, again.peakMb)
        results[`${label} numbers, main's event loop held at most, first scrub, ms`] = first.loopMaxMs
        results[`${label} numbers, main's event loop held at most, again, ms`] = again.loopMaxMs
      }
    } finally {
      await runner.dispose()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return results
}
