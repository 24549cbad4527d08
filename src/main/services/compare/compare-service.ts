import { basename, dirname } from 'node:path'
import type { RequestOf, Responses } from '../../../shared/contract'
import { toSearchParams } from '../../../shared/filters'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { JobRegistry } from '../../jobs/job-registry'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportPathProblem } from '../../lib/report-path'
import type { WorkerEntry } from '../../lib/worker-host'
import type { SaveDialog } from '../export-jobs/export-jobs'
import type { OpenReportDialog } from '../report-viewer/report-viewer'
import type { ReportHistory } from '../reports/report-history'
import { runComparison } from './compare-job'
import { createComparisonSearch } from './compare-search'
import { exportComparison, suggestedComparisonName } from './comparison-export'
import { createKeptComparisons, type Comparison } from './kept-comparisons'
import type { ReportSourceDeps } from './report-source'

/**
 * Comparing two exported reports: what the window's compare entries call.
 * A comparison runs as a job ('compare'); the finished ones are kept (the last
 * three) so their lists can be searched and exported after the window has
 * shown the outcome, until closed.
 */
export interface CompareService {
  pickReportFile(): Promise<Result<Responses['pickReportFile']>>
  start(request: RequestOf<'startCompare'>): Promise<Result<Responses['startCompare']>>
  search(request: RequestOf<'searchComparison'>): Result<Responses['searchComparison']>
  export(request: RequestOf<'exportComparison'>): Promise<Result<Responses['exportComparison']>>
  close(request: RequestOf<'closeComparison'>): Result<Responses['closeComparison']>
}

export interface CompareServiceDeps {
  dialog: OpenReportDialog & Pick<SaveDialog, 'chooseReportPath' | 'confirmReplace'>
  history: Pick<ReportHistory, 'lastFolder' | 'list'>
  openedReport: ReportSourceDeps['openedReport']
  jobs: JobRegistry
  /** The built report-reader worker; without it reports are read on main's thread (tests). */
  reader?: WorkerEntry
  /** Read the two reports one after the other rather than both at once. */
  oneAtATime?: boolean
  appVersion: string
  log: Log
  now?: () => Date
}

function unknownComparison(): AppError {
  return {
    kind: 'not-found',
    message:
      'That comparison is no longer kept (it was closed, or three newer ones replaced it). Compare the two reports again.',
  }
}

export function createCompareService(deps: CompareServiceDeps): CompareService {
  const { dialog, history, jobs, log } = deps
  const kept = createKeptComparisons()
  const search = createComparisonSearch()
  let lastOpenFolder: string | undefined
  let lastSaveFolder: string | undefined

  function comparison(compareId: string): Result<Comparison> {
    const found = kept.get(compareId)
    return found ? ok(found) : fail(unknownComparison())
  }

  return {
    async pickReportFile() {
      const path = await dialog.chooseReportToOpen(lastOpenFolder ?? (await history.lastFolder()))
      if (path === null) return ok(null)
      const problem = reportPathProblem(path)
      if (problem !== undefined) {
        log(`compare: refused the chosen file ${path}: ${problem}`)
        return fail({ kind: 'report-file', message: CANNOT_OPEN_MESSAGE })
      }
      lastOpenFolder = dirname(path)
      return ok({ path, fileName: basename(path) })
    },

    async start(request) {
      // Two million-row comparisons at once would hold four reports in memory: one at a time.
      if (jobs.isRunning('compare')) {
        return fail({
          kind: 'busy',
          message:
            'A comparison is already running. Wait for it to finish, or cancel it, then compare again.',
        })
      }
      let compareId = ''
      const status = jobs.start({
        kind: 'compare',
        name: 'Comparing two reports',
        filePath: '',
        phase: 'reading',
        unexpectedMessage:
          'The comparison stopped because of an unexpected error. Try again; if it keeps failing, open each report on its own to check it.',
        run: async (context) => {
          const result = await runComparison(compareId, request, deps, context)
          if (!result.ok) return result
          kept.keep(result.data)
          return ok(result.data.outcome)
        },
      })
      // The run starts on a later turn, so it sees the id.
      compareId = status.jobId
      return ok({ jobId: status.jobId })
    },

    search({ compareId, list, filters, offset, limit }) {
      const validation = toSearchParams(filters)
      if (!validation.ok) {
        return fail({
          kind: 'validation',
          message: 'Some filters need fixing before the search can run.',
          fieldErrors: validation.fieldErrors,
        })
      }
      const found = comparison(compareId)
      if (!found.ok) return found
      return ok(search.page(found.data, list, validation.params, offset, limit))
    },

    async export({ compareId, format }) {
      const found = comparison(compareId)
      if (!found.ok) return found
      const now = deps.now ?? (() => new Date())
      const path = await dialog.chooseReportPath(
        `${suggestedComparisonName(found.data, now())}.${format}`,
        lastSaveFolder ?? (await history.lastFolder()),
        format,
      )
      if (path === null) return ok(null)
      lastSaveFolder = dirname(path)
      return exportComparison(found.data, format, { dialog, appVersion: deps.appVersion, log, now }, path)
    },

    close({ compareId }) {
      return ok(kept.drop(compareId))
    },
  }
}
