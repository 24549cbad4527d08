import { loadavg } from 'node:os'
import { createJobRegistry } from '../src/main/jobs/job-registry'
import { createCompareService } from '../src/main/services/compare/compare-service'
import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { runExport } from '../src/main/services/export/export-job'
import type { WorkerEntries } from '../src/main/workers/entries'
import type { CompareCounts } from '../src/shared/compare'
import type { JobStatus } from '../src/shared/jobs'
import type { OptOutRecord } from '../src/shared/records'
import { ok } from '../src/shared/result'

/**
 * One case of bench/compare.ts in its own process (bundled, plain Node), so its
 * peak RSS (threads included) is its own: `node compare-case.js '<json>'`
 * prints one JSON line.
 * - write: the older and the newer report, with the app's own export pipeline: the
 *   newer has `removed` records deleted, `changed` records edited and `added` new ones;
 * - compare: the compare service on both, reading in the app's report-reader
 *   workers, from start to outcome.
 */

export type CompareCaseRequest =
  | {
      kind: 'write'
      rows: number
      seed: number
      older: string
      newer: string
      removed: number
      changed: number
      added: number
    }
  | { kind: 'compare'; older: string; newer: string; workers: WorkerEntries; oneAtATime: boolean }

export interface CompareCaseResult {
  wallMs: number
  cpuMs: number
  maxRssMb: number
  counts?: CompareCounts
  loadavg1?: number
}

/** A whole-list export through the app's own pipeline (paging, hashing, verifying, renaming), from memory. */
async function writeReport(records: readonly OptOutRecord[], path: string, generatedAt: Date): Promise<void> {
  const result = await runExport({
    search: async (offset, limit) =>
      ok({ offset, limit, total: records.length, records: records.slice(offset, offset + limit) }),
    params: {},
    scope: { kind: 'all' },
    format: 'xlsx',
    filePath: path,
    appVersion: 'bench',
    apiBase: 'http://127.0.0.1/v1',
    now: () => generatedAt,
  })
  if (!result.ok) throw new Error(result.error.message)
}

/** The newer list: every `step`-th record deleted or edited, and new records at the end. */
function newerRecords(
  older: OptOutRecord[],
  removed: number,
  changed: number,
  added: number,
): OptOutRecord[] {
  const step = Math.floor(older.length / (removed + changed + 1))
  const newer: OptOutRecord[] = []
  older.forEach((row, at) => {
    const touched = at > 0 && at % step === 0 ? at / step : 0
    if (touched >= 1 && touched <= removed) return
    newer.push(
      touched > removed && touched <= removed + changed ? { ...row, reason: `${row.reason} (edited)` } : row,
    )
  })
  const lastId = Math.max(...older.slice(-1000).map((row) => Number(row.id)))
  // Inserted after the older report was made, as new opt-outs are (not back-dated).
  const extra = generateDemoRecords(added, 7).map((row, at) => ({
    ...row,
    id: String(lastId + 1 + at),
    insert_date: '2026-04-15 10:00:00',
  }))
  return [...newer, ...extra]
}

async function compare(request: Extract<CompareCaseRequest, { kind: 'compare' }>): Promise<CompareCounts> {
  const jobs = createJobRegistry({ log: () => undefined })
  const service = createCompareService({
    dialog: {
      chooseReportToOpen: async () => null,
      chooseReportPath: async () => null,
      confirmReplace: async () => false,
    },
    history: { list: async () => [], lastFolder: async () => undefined },
    openedReport: () => null,
    jobs,
    reader: request.workers.reportReader,
    oneAtATime: request.oneAtATime,
    appVersion: 'bench',
    log: (line) => process.stderr.write(`${line}\n`),
  })
  const started = await service.start({
    a: { kind: 'path', path: request.older },
    b: { kind: 'path', path: request.newer },
  })
  if (!started.ok) throw new Error(started.error.message)
  const status = await new Promise<JobStatus>((resolve) => {
    jobs.onChange((changed) => {
      if (changed.jobId === started.data.jobId && changed.state !== 'running') resolve(changed)
    })
  })
  if (status.state === 'failed') throw new Error(`comparison failed: ${status.error.message}`)
  if (status.state !== 'done' || status.kind !== 'compare') throw new Error(`comparison ${status.state}`)
  return status.outcome.counts
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as CompareCaseRequest
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  let counts: CompareCounts | undefined
  if (request.kind === 'write') {
    const older = generateDemoRecords(request.rows, request.seed)
    await writeReport(older, request.older, new Date(Date.UTC(2026, 2, 1)))
    const newer = newerRecords(older, request.removed, request.changed, request.added)
    older.length = 0
    await writeReport(newer, request.newer, new Date(Date.UTC(2026, 5, 1)))
  } else {
    counts = await compare(request)
  }
  const used = process.cpuUsage(cpuStarted)
  const result: CompareCaseResult = {
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((used.user + used.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadavg1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    ...(counts ? { counts } : {}),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
