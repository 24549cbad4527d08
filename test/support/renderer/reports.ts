import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { vi } from 'vitest'
import { basename, join } from 'node:path'
import { generateDemoRecords } from '../../../src/main/services/demo-convoso/dataset'
import { runExport } from '../../../src/main/services/export/export-job'
import type { StoredReport } from '../../../src/main/services/reports/report-history'
import type { SearchParams } from '../../../src/shared/filters'
import type { JobKind, JobStatus } from '../../../src/shared/jobs'
import { MAX_OFFSET } from '../../../src/shared/paging'
import type { ReportInfo } from '../../../src/shared/offline'
import { RECORD_FIELDS, type OptOutRecord } from '../../../src/shared/records'
import { settledJob } from '../jobs'
import { expectOk, type Fault, type RendererApp } from './api'

/** A report main recorded, for writing into reports.json; its file is `filePath` (made or not by the test). */
export function storedReport(
  id: string,
  filePath: string,
  overrides: Partial<StoredReport> = {},
): StoredReport {
  return {
    id,
    createdAt: '2024-05-01T09:00:00.000Z',
    filePath,
    format: filePath.endsWith('.csv') ? 'csv' : 'xlsx',
    scope: 'all',
    filtersDescription: 'all records',
    params: {},
    rowsWritten: 120,
    sha256: 'a3f1c9e07b2d4c58e91f0a6b7c3d2e1f00112233445566778899aabbccddeeff',
    partial: false,
    ...overrides,
  }
}

/** The report history a profile has from earlier exports, written as main keeps it (reports.json). */
export async function writeReportHistory(app: RendererApp, reports: StoredReport[]): Promise<void> {
  await writeFile(join(app.userDataDir, 'reports.json'), JSON.stringify({ version: 1, reports }))
}

/** Where the test's report of this name is saved (the profile's Reports folder). */
export const reportPath = async (app: RendererApp, fileName: string): Promise<string> =>
  join(await reportsFolder(app), fileName)

/** Makes a report file (its content does not matter to the Reports list) and answers its path. */
export async function makeReportFile(app: RendererApp, fileName: string): Promise<string> {
  const path = await reportPath(app, fileName)
  await writeFile(path, 'report')
  return path
}

/** The user moved or deleted the report file. */
export const deleteReportFile = (path: string): Promise<void> => rm(path, { force: true })

/** A folder of the profile where the test's reports are saved. */
export async function reportsFolder(app: RendererApp): Promise<string> {
  const folder = join(app.userDataDir, 'Reports')
  await mkdir(folder, { recursive: true })
  return folder
}

/** More rows than any app may reach (past Convoso's 1,000,000 offset): the given rows repeated. */
export const beyondTheCap = (records: OptOutRecord[]): OptOutRecord[] =>
  Array.from({ length: MAX_OFFSET + 5_000 }, (_, i) => records[i % records.length] as OptOutRecord)

export type { StoredReport }

/**
 * A report of `records` written by the app's own export pipeline straight from Node (as if exported
 * earlier), into the profile's Reports folder; answers its path.
 */
export async function writeReport(
  app: RendererApp,
  fileName: string,
  records: OptOutRecord[],
  params: SearchParams = {},
): Promise<string> {
  const filePath = await reportPath(app, fileName)
  const result = await runExport({
    search: async (offset, limit) => ({
      ok: true,
      data: { offset, limit, total: records.length, records: records.slice(offset, offset + limit) },
    }),
    params,
    scope: { kind: 'all' },
    format: fileName.endsWith('.csv') ? 'csv' : 'xlsx',
    filePath,
    appVersion: 'renderer-test',
    apiBase: app.server.apiBase,
  })
  if (!result.ok) throw new Error(`writing ${fileName} failed: ${result.error.message}`)
  return filePath
}

/** A CSV of `records` someone made by hand (a header of field names, no .report.json); answers its path. */
export async function writeForeignCsv(
  app: RendererApp,
  fileName: string,
  records: OptOutRecord[],
): Promise<string> {
  const filePath = await reportPath(app, fileName)
  const lines = records.map((record) => RECORD_FIELDS.map((field) => record[field]).join(','))
  await writeFile(filePath, [RECORD_FIELDS.join(','), ...lines].join('\r\n') + '\r\n')
  return filePath
}

/** Opens a report in main (as a dropped file would be) and waits for it to be read; answers what main opened. */
export async function openInMain(app: RendererApp, filePath: string): Promise<ReportInfo> {
  const { jobId } = expectOk(await app.call('viewReportAtPath', { path: filePath }), 'viewReportAtPath')
  const end = await settledJob(app.core.jobs, jobId, 'open-report')
  if (end.state !== 'done') throw new Error(`opening ${filePath} ended ${end.state}`)
  expectOk(await app.call('acknowledgeJob', { jobId }), 'acknowledgeJob')
  return end.outcome
}

/** How long a test waits for a job to end: a user waits for an export, and a loaded machine is slow. */
const JOB_END_WAIT = { timeout: 60_000, interval: 50 }

/**
 * How a job ended, from the events main sent the window (the window acknowledges an ended job,
 * after which main's registry no longer holds it).
 */
export async function jobEnd<K extends JobKind>(
  app: RendererApp,
  jobId: string,
  kind: K,
): Promise<JobStatus<K>> {
  const ended = (): JobStatus | undefined =>
    app.events
      .map(({ event, payload }) => (event === 'jobChanged' ? (payload as JobStatus) : undefined))
      .find((status) => status?.jobId === jobId && status.state !== 'running')
  await vi.waitFor(() => {
    if (!ended()) throw new Error(`job ${jobId} has not ended yet`)
  }, JOB_END_WAIT)
  const end = ended() as JobStatus
  if (end.kind !== kind) throw new Error(`job ${jobId} is a ${end.kind} job, not ${kind}`)
  return end as JobStatus<K>
}

/** Someone deleted `count` data rows from a CSV report after it was written (the first ones after the header). */
export async function deleteCsvRows(path: string, count: number): Promise<void> {
  const lines = (await readFile(path, 'utf8')).split('\r\n')
  await writeFile(path, [lines[0], ...lines.slice(1 + count)].join('\r\n'))
}

/** The file is cut short after `bytes`, as a copy that did not finish. */
export const cutShort = (path: string, bytes: number): Promise<void> => truncate(path, bytes)

/** A foreign CSV of `count` generated records: large enough that main takes a while to read it. */
export const writeDemoCsv = (app: RendererApp, fileName: string, count: number): Promise<string> =>
  writeForeignCsv(app, fileName, generateDemoRecords(count, 11))

/** The save dialog will answer with this file in the profile's Reports folder; answers its path. */
export async function saveAs(app: RendererApp, fileName: string): Promise<string> {
  const path = await reportPath(app, fileName)
  app.dialogs.nextReportPath = path
  return path
}

/** From the job's first page on, every page request meets `fault` (the plan's count is answered normally). */
export function faultAfterPlan(app: RendererApp, fault: Fault): void {
  app.api.startExport.mockImplementationOnce(async (request) => {
    app.server.injectFault(fault, Infinity)
    return app.call('startExport', request)
  })
}

/** Pages that take a minute: the job is surely still running when the test acts (cancelling ends it). */
export const STALL: Fault = { kind: 'latency', ms: 60_000 }

/** A running status of a job, as main sends one mid-way (for tests that play one while main's are held). */
export function runningJob<K extends JobKind>(
  kind: K,
  jobId: string,
  filePath: string,
  rowsDone: number,
  rowsExpected: number | null,
  more: Partial<Pick<JobStatus, 'phase' | 'rowsPerSecond' | 'bytesDone' | 'bytesTotal'>> = {},
): JobStatus<K> {
  return {
    jobId,
    kind,
    name: basename(filePath),
    filePath,
    startedAt: new Date().toISOString(),
    state: 'running',
    phase: 'writing',
    rowsDone,
    rowsExpected,
    bytesDone: 0,
    bytesTotal: 0,
    rowsPerSecond: null,
    ...more,
  } as JobStatus<K>
}
