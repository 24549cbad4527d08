/** What the rest of main uses of report reading: core.ts hands it to the report viewer. */
export { openReportFile } from './open-report'
