import { promises as fs } from 'node:fs'
import { extname, isAbsolute } from 'node:path'
import { REPORT_FILE_EXTENSIONS } from '../../shared/offline'

/**
 * The one check every way of opening a report passes — a drop, the open
 * dialog, the Reports list, "Open in spreadsheet" and "Show in folder" — so
 * that no path reaches the reader or the system shell (`shell.openPath`,
 * which would run a program or a `.desktop` file) unless it names a report:
 * an absolute, local path to a regular `.xlsx` or `.csv` file. The reason is
 * for the log; the user gets one message (`CANNOT_OPEN_MESSAGE`).
 */

export const CANNOT_OPEN_MESSAGE =
  'This file cannot be opened. Opt-Out Desk opens only Excel (.xlsx) and CSV (.csv) reports saved on this computer; ' +
  'choose one with "Open a report…".'

/**
 * `\\host\share`, `//host/share`, `\\?\UNC\host\share` and every other path that
 * starts with two separators: on Windows, touching one sends the user's
 * credentials to that host. Device paths (`\\.\`, `\\?\`) go with them.
 */
function isNetworkOrDevicePath(path: string): boolean {
  return /^[\\/]{2}/.test(path)
}

const hasReportExtension = (path: string): boolean =>
  (REPORT_FILE_EXTENSIONS as readonly string[]).includes(extname(path).slice(1).toLowerCase())

/** What is wrong with the path itself, without touching the disk; undefined when nothing is. */
export function reportPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.trim() === '') return 'no path'
  if (path.includes('\0')) return 'the path holds a NUL character'
  if (isNetworkOrDevicePath(path)) return 'a network or device path'
  // Windows' and POSIX's rules both: a drive path is absolute only on Windows, but it is not a network one.
  if (!isAbsolute(path) && !/^[A-Za-z]:[\\/]/.test(path)) return 'not an absolute path'
  if (!hasReportExtension(path)) return `not an .xlsx or .csv file (${extname(path) || 'no extension'})`
  return undefined
}

/**
 * The path check, then the disk: it must be a regular file (after links), and
 * the file a link leads to must be a report too, so `report.csv → /usr/bin/id`
 * is refused. `missing` tells a moved file apart from a refused one.
 */
export async function reportFileProblem(
  path: unknown,
): Promise<{ kind: 'refused' | 'missing'; reason: string } | undefined> {
  const problem = reportPathProblem(path)
  if (problem) return { kind: 'refused', reason: problem }
  const file = path as string
  let real: string
  try {
    real = await fs.realpath(file)
    const stat = await fs.stat(real)
    if (!stat.isFile()) return { kind: 'refused', reason: 'not a regular file' }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', reason: 'not found' }
    return { kind: 'refused', reason: `cannot be examined (${code ?? 'unknown error'})` }
  }
  if (real !== file) {
    const target = reportPathProblem(real)
    if (target) return { kind: 'refused', reason: `it leads to ${real}: ${target}` }
  }
  return undefined
}
