import { basename } from 'node:path'
import type { ReportSource } from '../../../shared/compare'
import { fail, ok, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { CANNOT_OPEN_MESSAGE, reportFileProblem } from '../../lib/report-path'
import type { OpenedReport } from '../offline/types'
import type { ReportHistory } from '../reports/report-history'

/**
 * Which report a scrub checks against: the one open in the viewer (its rows are already in memory),
 * or a file (a line of the Reports list, or chosen), which the scrub worker reads. A file passes the
 * same path check as every report the app opens (lib/report-path.ts).
 */
export type ResolvedSnapshot = { kind: 'opened'; report: OpenedReport } | { kind: 'file'; path: string }

export interface SnapshotSourceDeps {
  openedReport: () => OpenedReport | undefined
  history: Pick<ReportHistory, 'list'>
  log: Log
}

export async function resolveSnapshot(
  source: ReportSource,
  { openedReport, history, log }: SnapshotSourceDeps,
): Promise<Result<ResolvedSnapshot>> {
  if (source.kind === 'opened') {
    const report = openedReport()
    if (!report?.store) {
      return fail({
        kind: 'not-found',
        message:
          'No report is open now. Open a report of all opt-outs, or choose one from the Reports list or a file.',
      })
    }
    return ok({ kind: 'opened', report })
  }
  let path: string
  if (source.kind === 'history') {
    const entry = (await history.list()).find((report) => report.id === source.reportId)
    if (!entry)
      return fail({ kind: 'not-found', message: 'That report is not in the Reports list any more.' })
    path = entry.filePath
  } else path = source.path
  const problem = await reportFileProblem(path)
  if (problem?.kind === 'missing') {
    return fail({
      kind: 'not-found',
      message: `"${basename(path)}" is no longer where it was (${path}). If it was moved, choose it again.`,
    })
  }
  if (problem) {
    log(`scrub: refused the snapshot ${path}: ${problem.reason}`)
    return fail({ kind: 'report-file', message: CANNOT_OPEN_MESSAGE })
  }
  return ok({ kind: 'file', path })
}
