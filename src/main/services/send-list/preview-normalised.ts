import { fail, type Result } from '../../../shared/result'
import type { PreviewNormalisedResponse, SendListColumns } from '../../../shared/scrub'

/** What each sample row's number becomes. (Contract step: implemented with the normalisation.) */
export function previewNormalisedRows(
  list: { header: string[]; sample: string[][] },
  columns: SendListColumns,
): Result<PreviewNormalisedResponse> {
  void list
  void columns
  return fail({ kind: 'internal', message: 'Previewing numbers is not built yet.' })
}
