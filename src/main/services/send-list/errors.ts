import { TooLarge } from '../offline/read-limits'
import { detailOf, EXPORT_AGAIN, ReportFileFailure } from '../offline/report-errors'

/**
 * A send list that cannot be read fails like a report that cannot be opened: a
 * ReportFileFailure carrying the user's message (kind 'report-file': "a file that
 * cannot be opened") and, for the log only, what a library or the system said.
 */
export function sendListFailure(message: string, detail?: string): ReportFileFailure {
  return new ReportFileFailure({ kind: 'report-file', message }, detail)
}

export const SPLIT_OR_SAVE_AGAIN =
  'Save the list again from your spreadsheet app as an Excel workbook (.xlsx) or a CSV file, then choose it again.'

/**
 * A failure from the report reader's pieces (zip, workbook parts, sheet rows), reworded for a
 * list: their advice is to export the report again, which a send list cannot be.
 */
export function asListFailure(error: unknown, fileName = 'The file'): ReportFileFailure {
  if (error instanceof ReportFileFailure) {
    if (error.error.kind !== 'report-file') return error
    const message = error.error.message
      .replace(EXPORT_AGAIN, SPLIT_OR_SAVE_AGAIN)
      .replace(
        'is larger than any report Opt-Out Desk writes',
        'is larger than a send list Opt-Out Desk reads',
      )
      .replace('so it was not opened and nothing was kept', 'so it was not read')
      .replace('Open an .xlsx or .csv report exported by Opt-Out Desk.', SPLIT_OR_SAVE_AGAIN)
    return sendListFailure(message, error.detail)
  }
  if (error instanceof TooLarge) {
    return sendListFailure(
      `${fileName} is larger than a send list Opt-Out Desk reads (${error.what}). Split it into smaller files.`,
    )
  }
  return sendListFailure(
    `${fileName} could not be read: it is damaged or not laid out as a list. ${SPLIT_OR_SAVE_AGAIN}`,
    detailOf(error),
  )
}
