import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createJobRegistry, type JobRegistry } from '../../../../src/main/jobs/job-registry'
import {
  createCompareService,
  type CompareService,
  type CompareServiceDeps,
} from '../../../../src/main/services/compare/compare-service'
import { runExport } from '../../../../src/main/services/export/export-job'
import type { CompareOutcome, ReportSource } from '../../../../src/shared/compare'
import type { ReportEntry } from '../../../../src/shared/exports'
import type { SearchParams } from '../../../../src/shared/filters'
import type { JobStatus } from '../../../../src/shared/jobs'
import type { OptOutRecord } from '../../../../src/shared/records'
import { ScriptedDialogs } from '../../../support/desktop-doubles'
import { listSearch, record, virtualClock } from '../export/helpers'

export { tempDir } from '../export/helpers'

export const MARCH = new Date(Date.UTC(2026, 2, 1, 9, 0, 0))
export const JUNE = new Date(Date.UTC(2026, 5, 1, 9, 0, 0))

/** An export written by the app's own pipeline: `name` in `dir`, made at `at`, with the params it recorded. */
export async function writeReport(
  dir: string,
  name: string,
  rows: readonly OptOutRecord[],
  at: Date,
  params: SearchParams = {},
): Promise<string> {
  const filePath = join(dir, name)
  const result = await runExport({
    search: listSearch(() => rows),
    params,
    scope: { kind: 'all' },
    format: name.endsWith('.csv') ? 'csv' : 'xlsx',
    filePath,
    appVersion: '9.8.7',
    apiBase: 'http://127.0.0.1:9/v1',
    now: () => at,
    clock: virtualClock().clock,
  })
  if (!result.ok) throw new Error(`fixture export failed: ${result.error.message}`)
  return filePath
}

/** A CSV with the opt-out columns and no `.report.json`: readable, not made by the app. */
export async function writeForeignCsv(dir: string, name: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(
    path,
    'id,phone_number,phone_code,reason,purpose,insert_date,campaign_id,campaign_name\r\n1,8181233567,1,STOP,,2024-01-01 00:00:00,0,\r\n',
  )
  return path
}

/** March: records 1–20. June: 3 deleted (one re-entered under a new id), 7 edited, 10 added. */
export function marchAndJune(): { march: OptOutRecord[]; june: OptOutRecord[] } {
  const march = Array.from({ length: 20 }, (_, at) => record(at + 1))
  const june = march
    .filter((row) => row.id !== '3' && row.id !== '4')
    .map((row) => (row.id === '7' ? { ...row, reason: 'Edited in Convoso' } : row))
  const added = Array.from({ length: 10 }, (_, at) =>
    record(100 + at, { insert_date: '2026-05-20 10:00:00' }),
  )
  // Record 4's number and scope, under a new id; and one inserted, by its date, in January.
  added[0] = { ...record(4), id: '100', insert_date: '2026-05-20 10:00:00' }
  added[1] = record(101, { insert_date: '2026-01-15 08:00:00' })
  return { march, june: [...june, ...added] }
}

export interface Harness {
  service: CompareService
  jobs: JobRegistry
  dialogs: ScriptedDialogs
  history: ReportEntry[]
  opened: { filePath: string } | null
  logs: string[]
  /** Starts a comparison and waits for its job to end. */
  compare(a: ReportSource, b: ReportSource): Promise<JobStatus<'compare'>>
  outcome(a: ReportSource, b: ReportSource): Promise<CompareOutcome>
}

export function harness(overrides: Partial<CompareServiceDeps> = {}): Harness {
  const jobs = createJobRegistry({ log: () => undefined })
  const dialogs = new ScriptedDialogs()
  const logs: string[] = []
  const state: Harness = {
    jobs,
    dialogs,
    history: [],
    opened: null,
    logs,
    service: undefined as unknown as CompareService,
    async compare(a, b) {
      const started = await state.service.start({ a, b })
      if (!started.ok) throw new Error(started.error.message)
      return finished(jobs, started.data.jobId)
    },
    async outcome(a, b) {
      const status = await state.compare(a, b)
      if (status.state !== 'done') throw new Error(`comparison ${status.state}: ${JSON.stringify(status)}`)
      return status.outcome
    },
  }
  state.service = createCompareService({
    dialog: dialogs,
    history: { list: async () => state.history, lastFolder: async () => undefined },
    openedReport: () => state.opened,
    jobs,
    appVersion: '1.2.3',
    log: (line) => logs.push(line),
    now: () => new Date(Date.UTC(2026, 10, 30, 10, 0, 0)),
    ...overrides,
  })
  return state
}

export function finished(jobs: JobRegistry, jobId: string): Promise<JobStatus<'compare'>> {
  return new Promise((resolve) => {
    const check = (status: JobStatus | undefined): boolean => {
      if (!status || status.jobId !== jobId || status.state === 'running') return false
      resolve(status as JobStatus<'compare'>)
      return true
    }
    if (check(jobs.get(jobId))) return
    const stop = jobs.onChange((status) => {
      if (check(status)) stop()
    })
  })
}

export const path = (p: string): ReportSource => ({ kind: 'path', path: p })
