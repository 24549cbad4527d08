import type { SendListPreview } from '../../../shared/scrub'
import { sendListFailure } from './errors'
import type { ReadSendListOptions, SendListRead } from './types'

/** Reads a whole send list (CSV or XLSX), in a worker. (Contract step: implemented in a later commit.) */
export async function readSendList(path: string, options: ReadSendListOptions = {}): Promise<SendListRead> {
  void path
  void options
  throw sendListFailure('Reading send lists is not built yet.')
}

/** The preview's facts about a file, without the handle main adds (listId). */
export type SendListPreviewData = Omit<SendListPreview, 'listId'> & { fileMtimeMs: number }

/** Reads the first rows of a send list for the preview. (Contract step: implemented in a later commit.) */
export async function previewSendList(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<SendListPreviewData> {
  void path
  void options
  throw sendListFailure('Previewing send lists is not built yet.')
}
