import { basename, dirname } from 'node:path'
import type { RequestOf, Responses } from '../../../shared/contract'
import { fail, ok, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportPathProblem } from '../../lib/report-path'
import type { OpenReportDialog } from '../report-viewer/report-viewer'
import type { ReportHistory } from '../reports/report-history'

/**
 * Comparing two exported reports: what the window's compare entries call.
 * The work itself lives beside it (reading both, matching, searching, export).
 */
export interface CompareService {
  pickReportFile(): Promise<Result<Responses['pickReportFile']>>
  start(request: RequestOf<'startCompare'>): Promise<Result<Responses['startCompare']>>
  search(request: RequestOf<'searchComparison'>): Result<Responses['searchComparison']>
  export(request: RequestOf<'exportComparison'>): Promise<Result<Responses['exportComparison']>>
  close(request: RequestOf<'closeComparison'>): Result<Responses['closeComparison']>
}

export interface CompareServiceDeps {
  dialog: OpenReportDialog
  history: Pick<ReportHistory, 'lastFolder'>
  log: Log
}

const NOT_BUILT = { kind: 'internal', message: 'Comparing reports is not built yet.' } as const

export function createCompareService({ dialog, history, log }: CompareServiceDeps): CompareService {
  let lastFolder: string | undefined
  return {
    async pickReportFile() {
      const path = await dialog.chooseReportToOpen(lastFolder ?? (await history.lastFolder()))
      if (path === null) return ok(null)
      const problem = reportPathProblem(path)
      if (problem !== undefined) {
        log(`compare: refused the chosen file ${path}: ${problem}`)
        return fail({ kind: 'report-file', message: CANNOT_OPEN_MESSAGE })
      }
      lastFolder = dirname(path)
      return ok({ path, fileName: basename(path) })
    },
    start: async () => fail(NOT_BUILT),
    search: () => fail(NOT_BUILT),
    export: async () => fail(NOT_BUILT),
    close: () => fail(NOT_BUILT),
  }
}
