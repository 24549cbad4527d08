/** What the rest of main uses of the export pipeline: the export job runner and the report sources. */
export { runExport } from './export-job'
export type { ExportSource } from './report'
