import { fail, ok, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem } from '../../lib/report-path'
import type { ShellActions } from '../export-jobs/export-jobs'

/**
 * "Show in folder" for a file the window was told the app saved (a scrub's
 * outputs): the path passes the same check as every report path (absolute,
 * local, a regular .xlsx or .csv file, also after links) before the system's
 * file manager sees it. Only ever shows, never opens.
 */
export interface SavedFiles {
  showInFolder(path: string): Promise<Result<null>>
}

export function createSavedFiles({ shell, log }: { shell: ShellActions; log: Log }): SavedFiles {
  return {
    async showInFolder(path) {
      const problem = await reportFileProblem(path)
      if (problem?.kind === 'missing') {
        return fail({ kind: 'not-found', message: `${path} has been moved or deleted.` })
      }
      if (problem) {
        log(`saved files: refused to show ${path}: ${problem.reason}`)
        return fail({ kind: 'report-file', message: CANNOT_OPEN_MESSAGE })
      }
      shell.showInFolder(path)
      return ok(null)
    },
  }
}
