import type { AppError } from '../../../shared/result'

/**
 * How opening a report fails: every reader throws a `ReportFileFailure`
 * carrying the message the user sees, and `openReportFile` turns it into a
 * Result. A library's own error never reaches that message: it is kept as the
 * failure's `detail`, which goes to the log only.
 */

export class ReportFileFailure extends Error {
  constructor(
    readonly error: AppError,
    /** What the library or the system said, for the log; never shown. */
    readonly detail?: string,
  ) {
    super(error.message)
  }
}

export function reportFileFailure(message: string, cause?: unknown): ReportFileFailure {
  return new ReportFileFailure(
    { kind: 'report-file', message },
    cause === undefined ? undefined : detailOf(cause),
  )
}

/**
 * A reason in plain words that this app wrote itself (not a library's text), so
 * it may end a user's message, e.g. "the sheet ends before its closing tag".
 */
export class PlainReason extends Error {}

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

/** The first line of what a library said, for the log only; never a stack. */
export function detailOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const firstLine = text.split('\n')[0] ?? ''
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine
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
        error,
      )
    case 'EACCES':
    case 'EPERM':
      return reportFileFailure(
        `Opt-Out Desk is not allowed to read ${fileName}. Check the file's permissions, or copy it to a folder ` +
          'you can read, and open it again.',
        error,
      )
    default:
      return reportFileFailure(
        `${fileName} could not be read from the disk. Check that the file is still there and that its disk ` +
          'or network drive is available, then open it again.',
        error,
      )
  }
}
