import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoredReport } from '../../../src/main/services/reports/report-history'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import type { JobStatus } from '../../../src/shared/jobs'
import { MAX_OFFSET } from '../../../src/shared/paging'
import type { OptOutRecord } from '../../../src/shared/records'
import { settledJob } from '../jobs'
import { expectOk, type RendererApp } from './api'

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

/** Exports through main (plan, save dialog answered with `fileName`, job run to its end), as the window would. */
export async function exportThroughMain(
  app: RendererApp,
  fileName: string,
  scope: 'page' | 'all' = 'all',
): Promise<JobStatus<'export'>> {
  app.dialogs.nextReportPath = join(await reportsFolder(app), fileName)
  const format = fileName.endsWith('.csv') ? 'csv' : 'xlsx'
  const request = { filters: EMPTY_FILTERS, offset: 0, limit: 100, scope }
  const plan = expectOk(await app.call('planExport', request), 'planExport')
  const started = expectOk(
    await app.call('startExport', { ...request, format, acceptPartial: false, planId: plan.planId }),
    'startExport',
  )
  if (!started) throw new Error('the save dialog was closed')
  return settledJob(app.core.jobs, started.jobId, 'export')
}

/** More rows than any app may reach (past Convoso's 1,000,000 offset): the given rows repeated. */
export const beyondTheCap = (records: OptOutRecord[]): OptOutRecord[] =>
  Array.from({ length: MAX_OFFSET + 5_000 }, (_, i) => records[i % records.length] as OptOutRecord)

export type { StoredReport }
