import { ok } from '../../../shared/result'
import type { ConvosoClient } from '../convoso/client'
import { runExport } from '../export'
import type { ExportRunner } from './export-jobs'

/** Runs the export pipeline against Convoso with the session's credentials bound in. */
export function createPipelineRunner({
  convoso,
  appVersion,
}: {
  convoso: ConvosoClient
  appVersion: string
}): ExportRunner {
  return async (request) => {
    const { credentials, params } = request
    const result = await runExport({
      search: (offset, limit, signal) => convoso.search({ ...credentials, params, offset, limit, signal }),
      params,
      filtersDescription: request.filtersDescription,
      scope: request.scope,
      format: request.format,
      targetPath: request.targetPath,
      acceptPartial: request.acceptPartial,
      concurrency: request.concurrency,
      appVersion,
      apiBase: credentials.apiBase,
      signal: request.signal,
      onProgress: ({ rowsWritten, total }) => request.onProgress({ rowsWritten, total }),
    })
    if (!result.ok) return result
    const summary = result.data
    return ok({
      filePath: summary.targetPath,
      fileSizeBytes: summary.fileBytes,
      rowsWritten: summary.rowsWritten,
      partial: summary.partial,
      sha256: summary.rowsSha256,
      duplicatesRemoved: summary.duplicatesRemoved,
      dataChanged: summary.dataChanged,
    })
  }
}
