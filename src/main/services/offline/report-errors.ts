import type { AppError } from '../../../shared/result'

/**
 * How opening a report fails: every reader throws a `ReportFileFailure`
 * carrying the message the user sees, and `openReportFile` turns it into a
 * Result. Anything else thrown (a library's own error) is wrapped by the
 * caller with what it was doing, so no raw stack text reaches the user.
 */

export class ReportFileFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message)
  }
}

export function reportFileFailure(message: string): ReportFileFailure {
  return new ReportFileFailure({ kind: 'report-file', message })
}

export const OPEN_CANCELLED: AppError = {
  kind: 'cancelled',
  message: 'Opening the report was cancelled.',
}

export function cancelled(): ReportFileFailure {
  return new ReportFileFailure(OPEN_CANCELLED)
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled()
}

/** The short reason a library gave, for the end of a message; never a stack. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const firstLine = text.split('\n')[0] ?? ''
  return firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine
}

export const EXPORT_AGAIN = 'Open the original file, or export the report again from Opt-Out Desk.'

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

/** A file the system would not let us read, in words. */
export function unreadable(fileName: string, error: unknown): ReportFileFailure {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return reportFileFailure(
        `${fileName} could not be found. It may have been moved, renamed or deleted; choose the file again.`,
      )
    case 'EACCES':
    case 'EPERM':
      return reportFileFailure(
        `Opt-Out Desk is not allowed to read ${fileName}. Check the file's permissions, or copy it to a folder ` +
          'you can read, and open it again.',
      )
    default:
      return reportFileFailure(
        `${fileName} could not be read (${reasonOf(error)}). Check the file and open it again.`,
      )
  }
}
