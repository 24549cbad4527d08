/** The export pipeline's public face: main's IPC handler needs only these. */
export {
  runExport,
  reportJsonPathFor,
  type ExportPipelineProgress,
  type ExportSummary,
  type RunExportOptions,
} from './export-job'
export { CANONICAL_FORM_DESCRIPTION, CANONICAL_FORM_ID, canonicalRowLine, hashRows } from './canonical-hash'
export type { ExportRange, ExportSource } from './report'
export type { SearchFn } from './retry'
