import { exportRowCap } from '../../../shared/exports'
import { MAX_LIMIT } from '../../../shared/paging'
import { ok } from '../../../shared/result'
import type { WorkerEntry } from '../../lib/worker-host'
import { runExport } from '../export'
import type { ExportRunner } from './export-jobs'

/**
 * Runs the export pipeline over the request's source (Convoso or an opened report) with its filters
 * bound in; `writer` is the export-writer worker that formats and hashes off main's thread.
 */
export function createPipelineRunner({
  appVersion,
  writer,
}: {
  appVersion: string
  writer?: WorkerEntry
}): ExportRunner {
  return async (request) => {
    const { source, params } = request
    const result = await runExport({
      search: (offset, limit, signal) => source.search(params, offset, limit, signal),
      params,
      filtersDescription: request.filtersDescription,
      scope: request.scope,
      format: request.format,
      filePath: request.filePath,
      acceptPartial: request.acceptPartial,
      concurrency: request.concurrency,
      // The pipeline pages 1000 rows at a time: its last page must start at an offset the host serves.
      limits: { maxOffset: exportRowCap(source.maxOffset()) - MAX_LIMIT },
      appVersion,
      apiBase: source.apiBase,
      ...(source.exportSource ? { source: source.exportSource } : {}),
      signal: request.signal,
      ...(writer ? { writer } : {}),
      onProgress: ({ phase, rowsWritten, total, bytes }) =>
        request.onProgress({ phase, rowsWritten, total, ...(bytes !== undefined ? { bytes } : {}) }),
    })
    if (!result.ok) return result
    const summary = result.data
    return ok({
      filePath: summary.filePath,
      fileSizeBytes: summary.fileBytes,
      rowsWritten: summary.rowsWritten,
      partial: summary.partial,
      sha256: summary.sha256,
      duplicatesRemoved: summary.duplicatesRemoved,
      dataChanged: summary.dataChanged,
    })
  }
}
