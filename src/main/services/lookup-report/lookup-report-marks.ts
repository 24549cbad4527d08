import { DATA_SHEET_NAME } from '../export/report'

/**
 * How a lookup report names itself. The report viewer reads opt-out reports
 * only; it looks for these marks so a lookup report handed to it gets "open it
 * in Excel" instead of "no opt-out columns".
 */

/** The workbook's sheets: the verdicts, and what the lookup was. */
export const VERDICTS_SHEET_NAME = 'Verdicts'
export const LOOKUP_SHEET_NAME = 'Lookup'

/** The first metadata value (the Lookup sheet's first row, the CSV's first line). */
export const LOOKUP_REPORT_TITLE = 'Opt-Out Desk: phone number lookup'

/** A workbook with the lookup report's two sheets and no opt-out sheet. */
export function isLookupWorkbook(sheetNames: readonly string[]): boolean {
  return (
    sheetNames.includes(VERDICTS_SHEET_NAME) &&
    sheetNames.includes(LOOKUP_SHEET_NAME) &&
    !sheetNames.some((name) => name.toLowerCase() === DATA_SHEET_NAME.toLowerCase())
  )
}

/** The CSV's first line: the metadata's title line. */
export function isLookupCsvFirstLine(fields: readonly string[]): boolean {
  return fields[1] === LOOKUP_REPORT_TITLE
}

/** What the viewer says when it is handed a lookup report. */
export function lookupReportMessage(fileName: string): string {
  return (
    `${fileName} is a lookup report (a verdict for each number looked up), not a list of opt-outs, ` +
    'so Opt-Out Desk cannot search it. Open it in Excel or another spreadsheet app.'
  )
}
