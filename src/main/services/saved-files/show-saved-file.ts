import { fail, ok, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem } from '../../lib/report-path'
import type { ShellActions } from '../export-jobs/export-jobs'

/**
 * "Show in folder" for a file the app saved since it started (a scrub's outputs,
 * an exported comparison). The window sends a path, so main shows only a path it
 * wrote itself (`track` records them as the saves answer), and that path passes
 * the same check as every report path (absolute, local, a regular .xlsx or .csv
 * file, also after links) before the system's file manager sees it. Only ever
 * shows, never opens.
 */
export interface SavedFiles {
  /** Records the files a save wrote and passes its answer on unchanged. */
  track<T extends { files: readonly { path: string }[] } | null>(result: Result<T>): Result<T>
  showInFolder(path: string): Promise<Result<null>>
}

/** Paths remembered at most; the oldest are forgotten first (a session saves a handful). */
const MAX_TRACKED = 1000

export function createSavedFiles({ shell, log }: { shell: ShellActions; log: Log }): SavedFiles {
  const saved = new Set<string>()
  return {
    track(result) {
      if (result.ok && result.data) {
        for (const { path } of result.data.files) {
          saved.delete(path)
          saved.add(path)
          if (saved.size > MAX_TRACKED) saved.delete(saved.values().next().value as string)
        }
      }
      return result
    },
    async showInFolder(path) {
      if (!saved.has(path)) {
        log(`saved files: refused to show ${path}: not a file saved since the app started`)
        return fail({
          kind: 'not-found',
          message:
            'Opt-Out Desk shows only files it saved since it started. Open that folder in your file manager.',
        })
      }
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
