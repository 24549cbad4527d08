import { basename, join } from 'node:path'
import { z } from 'zod'
import type { ReportEntry } from '../../../shared/exports'
import { createSerialQueue } from '../../../shared/serial'
import { createJsonFileStore } from '../../lib/json-file-store'
import type { Log } from '../../lib/log'
import { reportPathProblem } from '../../lib/report-path'
import { isRegularFile } from '../../lib/safe-read'

/**
 * About 1 KB an entry: room for ten thousand exports. A bigger file is not
 * ours (or is a device or a link to one) and is not read.
 */
export const MAX_HISTORY_BYTES = 16 * 1024 * 1024

/** What is stored per export; `exists` is worked out each time the list is shown. */
export type StoredReport = Omit<ReportEntry, 'exists'>

const storedReportSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  filePath: z.string(),
  format: z.enum(['xlsx', 'csv']),
  scope: z.enum(['page', 'all']),
  filtersDescription: z.string(),
  params: z.record(z.string(), z.string()),
  rowsWritten: z.number().int().min(0),
  sha256: z.string(),
  partial: z.boolean(),
}) satisfies z.ZodType<StoredReport>

const historyFileSchema = z.object({ version: z.literal(1), reports: z.array(z.unknown()) })

export interface ReportHistory {
  add(report: StoredReport): Promise<void>
  /** Newest first, each with whether its file is still where it was written. */
  list(): Promise<ReportEntry[]>
  find(id: string): Promise<StoredReport | undefined>
  /** Folder of the newest report, for the next save dialog. */
  lastFolder(): Promise<string | undefined>
}

/**
 * Every export made on this computer, kept by main in `reports.json`. A file
 * that has since moved is listed as missing, never dropped. A damaged history
 * is kept beside as a dated backup and every readable entry survives.
 */
export function createReportHistory({ directory, log }: { directory: string; log: Log }): ReportHistory {
  const file = createJsonFileStore({ directory, fileName: 'reports.json', maxBytes: MAX_HISTORY_BYTES })
  const name = basename(file.path)
  let reports: StoredReport[] | undefined
  const serial = createSerialQueue()

  /** Where the damaged history was kept, in words for the log. */
  async function keepDamaged(): Promise<string> {
    return file.backup('damaged').then(
      (backup) => `kept as ${basename(backup)}`,
      () => 'it could not be copied aside',
    )
  }

  async function load(): Promise<StoredReport[]> {
    if (reports) return reports
    const read = await file.read()
    if (read.kind === 'refused') {
      // A history too large to be ours is kept beside (it is a regular file); a device or a pipe is not
      // copied (it may never end). Either way the list starts empty and the next export replaces it.
      const kept = read.reason === 'too-large' ? `; ${await keepDamaged()}` : ''
      log(
        `reports: ${name} was not read: it ${read.reason === 'too-large' ? 'is larger than 16 MB' : 'is not a regular file'}${kept}`,
      )
      reports = []
      return reports
    }
    if (read.kind !== 'text') {
      if (read.kind === 'unreadable') log(`reports: could not read ${name}: ${read.code ?? 'unknown error'}`)
      reports = []
      return reports
    }
    const text = read.text
    const kept: StoredReport[] = []
    let damaged = false
    try {
      const file = historyFileSchema.parse(JSON.parse(text))
      for (const entry of file.reports) {
        const parsed = storedReportSchema.safeParse(entry)
        // An entry must name a report this app could have written: the path drives "Open" and "Show in folder".
        const pathProblem = parsed.success ? reportPathProblem(parsed.data.filePath) : 'not an entry'
        if (parsed.success && pathProblem === undefined) kept.push(parsed.data)
        else {
          damaged = true
          if (parsed.success) log(`reports: left out the entry for ${parsed.data.filePath}: ${pathProblem}`)
        }
      }
    } catch {
      damaged = true
    }
    if (damaged) {
      log(`reports: the history was damaged; ${await keepDamaged()}, ${kept.length} entries recovered`)
    }
    reports = kept
    return reports
  }

  return {
    add: (report) =>
      serial(async () => {
        const current = await load()
        const next = [...current, report]
        await file.write({ version: 1, reports: next })
        reports = next
      }),
    list: () =>
      serial(async () => {
        const current = await load()
        const entries = await Promise.all(
          current.map(async (report) => ({
            ...report,
            exists: await isRegularFile(report.filePath),
          })),
        )
        return entries.reverse()
      }),
    find: (id) => serial(async () => (await load()).find((report) => report.id === id)),
    lastFolder: () =>
      serial(async () => {
        const newest = (await load()).at(-1)
        return newest ? join(newest.filePath, '..') : undefined
      }),
  }
}
