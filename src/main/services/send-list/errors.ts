import { ReportFileFailure } from '../offline/report-errors'

/**
 * A send list that cannot be read fails like a report that cannot be opened: a
 * ReportFileFailure carrying the user's message (kind 'report-file': "a file that
 * cannot be opened") and, for the log only, what a library said.
 */
export function sendListFailure(message: string, detail?: string): ReportFileFailure {
  return new ReportFileFailure({ kind: 'report-file', message }, detail)
}

export const SPLIT_OR_SAVE_AGAIN =
  'Save the list again from your spreadsheet app as a .csv or .xlsx file, then choose it again.'
