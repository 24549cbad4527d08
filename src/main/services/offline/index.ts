/** Opened reports' public face: main's IPC handler needs only these. */
export { openReportFile } from './open-report'
export type {
  OpenedReport,
  OpenProgress,
  OpenReportFile,
  OpenReportOptions,
  ReportInfo,
  ReportIntegrity,
} from './types'
