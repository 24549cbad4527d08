/** The export pipeline's public face: main's IPC handler needs only these. */
export {
  runExport,
  reportJsonPathFor,
  type ExportProgress,
  type ExportSummary,
  type RunExportOptions,
} from './export-job'
export { CANONICAL_FORM_DESCRIPTION, CANONICAL_FORM_ID, canonicalRowLine, hashRows } from './canonical-hash'
export { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MIN_CONCURRENCY } from './page-fetcher'
export type { ExportFormat, ExportScope, ExportSource } from './report'
export type { SearchFn } from './retry'
