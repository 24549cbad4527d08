import { createHash } from 'node:crypto'
import { dirname } from 'node:path'
import type { RequestOf, Responses } from '../../../shared/contract'
import type { ReportFormat } from '../../../shared/exports'
import type { LookupOutcome } from '../../../shared/lookup/verdicts'
import { fail, ok, type Result } from '../../../shared/result'
import { writeFileAtomic } from '../../lib/atomic-write'
import type { Log } from '../../lib/log'
import { writeError } from '../export/output-file'
import type { SaveDialog } from '../export-jobs/export-jobs'
import type { LookupJobs } from '../lookup/lookup-jobs'
import { lookupCsv } from './lookup-csv'
import { lookupMetadata } from './lookup-metadata'
import { lookupWorkbook } from './lookup-xlsx'
import { verdictRows } from './verdict-table'

export interface LookupReports {
  save(request: RequestOf<'exportLookupReport'>): Promise<Result<Responses['exportLookupReport']>>
}

export interface LookupReportsDeps {
  lookups: Pick<LookupJobs, 'outcome'>
  dialog: Pick<SaveDialog, 'chooseReportPath'>
  /** Folder of the newest export, offered when no lookup report was saved yet. */
  lastExportFolder: () => Promise<string | undefined>
  appVersion: string
  log: Log
  now?: () => Date
  /** Writes the whole file or nothing; tests pass a failing one. */
  writeFile?: (path: string, data: Uint8Array) => Promise<void>
}

const pad = (value: number): string => String(value).padStart(2, '0')

/** `phone-lookup_3-numbers_2026-11-30_0712` (`_cancelled` before the time when it was), local time. */
export function suggestedLookupReportName(outcome: LookupOutcome, at: Date): string {
  const entries = outcome.verdicts.length
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}_${pad(at.getHours())}${pad(at.getMinutes())}`
  const cancelled = outcome.completion === 'cancelled' ? '_cancelled' : ''
  return `phone-lookup_${entries}-${entries === 1 ? 'number' : 'numbers'}${cancelled}_${stamp}`
}

async function fileBytes(
  outcome: LookupOutcome,
  format: ReportFormat,
  context: { generatedAt: Date; appVersion: string },
): Promise<{ bytes: Uint8Array; rows: number }> {
  const rows = verdictRows(outcome)
  const facts = { ...context, rows: rows.length }
  if (format === 'xlsx') {
    return {
      bytes: await lookupWorkbook(rows, lookupMetadata(outcome, facts), context.generatedAt),
      rows: rows.length,
    }
  }
  const csv = lookupCsv(rows, (neutralised) => [
    ...lookupMetadata(outcome, facts),
    [
      'Formula-like cells',
      `${neutralised.toLocaleString('en-US')} cells starting with = + - @ (or a tab or carriage return) were prefixed with ' so spreadsheets show them as text.`,
    ],
  ])
  return { bytes: Buffer.from(csv.text, 'utf8'), rows: rows.length }
}

/**
 * Saves a lookup's verdicts as a report: the save dialog (a closed dialog
 * writes nothing and answers null), then the whole file written atomically.
 * A lookup report is not put in the Reports list: that list, its viewer and
 * its hash check are about opt-out exports.
 */
export function createLookupReports({
  lookups,
  dialog,
  lastExportFolder,
  appVersion,
  log,
  now = () => new Date(),
  writeFile = writeFileAtomic,
}: LookupReportsDeps): LookupReports {
  let lastFolder: string | undefined

  return {
    async save({ jobId, format }) {
      const outcome = lookups.outcome(jobId)
      if (!outcome.ok) return outcome
      const at = now()
      const filePath = await dialog.chooseReportPath(
        `${suggestedLookupReportName(outcome.data, at)}.${format}`,
        lastFolder ?? (await lastExportFolder()),
        format,
      )
      if (filePath === null) return ok(null)
      lastFolder = dirname(filePath)
      const { bytes, rows } = await fileBytes(outcome.data, format, { generatedAt: now(), appVersion })
      try {
        await writeFile(filePath, bytes)
      } catch (error) {
        log(
          `lookup report: could not write ${filePath}: ${error instanceof Error ? error.message : String(error)}`,
        )
        return fail({ ...writeError(error, 'the lookup report'), kind: 'file-system' })
      }
      return ok({
        filePath,
        format,
        rows,
        entries: outcome.data.verdicts.length,
        completion: outcome.data.completion,
        fileSizeBytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      })
    },
  }
}
