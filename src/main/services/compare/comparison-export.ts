import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import { COMPARE_LISTS, type ComparisonExport, type ComparisonFile } from '../../../shared/compare'
import type { ReportFormat } from '../../../shared/exports'
import { fail, ok, type Result } from '../../../shared/result'
import { writeFileAtomic } from '../../lib/atomic-write'
import type { Log } from '../../lib/log'
import { reportJsonPathFor } from '../export/export-job'
import {
  closed,
  nodeExportFs,
  OutputGuard,
  removeQuietly,
  syncFile,
  temporaryPathFor,
  writeError,
  type ExportFs,
} from '../export/output-file'
import { ExportFailure } from '../export/page-fetcher'
import type { SaveDialog } from '../export-jobs/export-jobs'
import { writeComparisonCsv } from './comparison-csv'
import { comparisonReportJson, type ListWritten } from './comparison-metadata'
import { writeComparisonWorkbook } from './comparison-xlsx'
import type { Comparison } from './kept-comparisons'

/**
 * Saves a comparison as a report of its own: one save dialog, then an XLSX
 * workbook (a sheet per list and "Report") or a CSV file per list, named
 * `<chosen name> - removed.csv` and so on, each with its `.report.json`. Every
 * file is written under a temporary name, flushed and renamed into place, so a
 * failure leaves nothing half written.
 */

export interface ComparisonExportDeps {
  dialog: Pick<SaveDialog, 'chooseReportPath' | 'confirmReplace'>
  appVersion: string
  log: Log
  now?: () => Date
  files?: ExportFs
}

const pad = (value: number): string => String(value).padStart(2, '0')

/** `opt-out-comparison_2026-03-01_to_2026-06-01_2026-11-30_0712`, the last part local time. */
export function suggestedComparisonName(comparison: Comparison, at: Date): string {
  const day = (iso: string | null): string => iso?.slice(0, 10) ?? 'undated'
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}_${pad(at.getHours())}${pad(at.getMinutes())}`
  const { older, newer } = comparison.outcome
  return `opt-out-comparison_${day(older.generatedAt)}_to_${day(newer.generatedAt)}_${stamp}`
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Writes one file through `write` under a temporary name, then moves it into place. */
async function writeInPlace<T>(
  path: string,
  files: ExportFs,
  write: (output: Writable, guard: OutputGuard) => Promise<T>,
): Promise<T> {
  const temporary = temporaryPathFor(path)
  const output = files.createWriteStream(temporary)
  const guard = new OutputGuard(output, new AbortController().signal)
  try {
    const result = await write(output, guard)
    await closed(output)
    guard.check()
    await syncFile(temporary)
    await files.rename(temporary, path)
    return result
  } catch (error) {
    output.destroy()
    await closed(output)
    await removeQuietly(temporary)
    throw error
  } finally {
    guard.dispose()
  }
}

/** `<base> - removed.csv`, … for the CSV chosen as `<base>.csv`. */
export function csvListPaths(chosen: string): Record<(typeof COMPARE_LISTS)[number], string> {
  const name = basename(chosen)
  const stem = name.toLowerCase().endsWith('.csv') ? name.slice(0, -4) : name
  return Object.fromEntries(
    COMPARE_LISTS.map((list) => [list, join(dirname(chosen), `${stem} - ${list}.csv`)]),
  ) as Record<(typeof COMPARE_LISTS)[number], string>
}

const exists = (path: string): Promise<boolean> =>
  fs.stat(path).then(
    () => true,
    () => false,
  )

export async function exportComparison(
  comparison: Comparison,
  format: ReportFormat,
  deps: ComparisonExportDeps,
  chosenPath: string,
): Promise<Result<ComparisonExport | null>> {
  const { log, appVersion, now = () => new Date(), files = nodeExportFs } = deps
  const facts = { outcome: comparison.outcome, generatedAt: now(), appVersion }
  try {
    if (format === 'xlsx') {
      const lists = await writeInPlace(chosenPath, files, (output, guard) =>
        writeComparisonWorkbook(output, guard, comparison, facts),
      )
      return ok({ files: [await describeFile(chosenPath, lists)] })
    }
    const paths = csvListPaths(chosenPath)
    const taken = []
    for (const list of COMPARE_LISTS) {
      if (await exists(paths[list])) taken.push(basename(paths[list]))
      if (await exists(reportJsonPathFor(paths[list]))) taken.push(basename(reportJsonPathFor(paths[list])))
    }
    if (taken.length > 0 && !(await deps.dialog.confirmReplace(taken.join(', ')))) return ok(null)
    const written: ComparisonFile[] = []
    for (const list of COMPARE_LISTS) {
      const path = paths[list]
      const csv = await writeInPlace(path, files, (output, guard) =>
        writeComparisonCsv(output, guard, comparison, list),
      )
      const json = comparisonReportJson({ ...facts, lists: [csv] }, csv, {
        name: basename(path),
        bytes: csv.bytes,
        sha256: csv.fileSha256,
        formulaCellsNeutralised: csv.formulaCellsNeutralised,
      })
      await writeFileAtomic(reportJsonPathFor(path), `${JSON.stringify(json, null, 2)}\n`)
      written.push({ path, sha256: csv.fileSha256, rows: csv.rows, lists: [listHash(csv)] })
    }
    return ok({ files: written })
  } catch (error) {
    if (error instanceof ExportFailure) return fail({ ...error.error, kind: 'file-system' })
    log(
      `comparison report: could not write ${chosenPath}: ${error instanceof Error ? error.message : String(error)}`,
    )
    return fail({ ...writeError(error, 'the comparison report'), kind: 'file-system' })
  }
}

const listHash = ({ list, rows, sha256 }: ListWritten): ListWritten => ({ list, rows, sha256 })

async function describeFile(path: string, lists: ListWritten[]): Promise<ComparisonFile> {
  return {
    path,
    sha256: await fileSha256(path),
    rows: lists.reduce((sum, one) => sum + one.rows, 0),
    lists: lists.map(listHash),
  }
}
