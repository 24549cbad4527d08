import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, dirname } from 'node:path'
import type {
  PreviewNormalisedResponse,
  SendListColumns,
  SendListFormat,
  SendListPreview,
} from '../../../shared/scrub'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { Log } from '../../lib/log'
import { reportFileProblem } from '../../lib/report-path'
import { ReportFileFailure } from '../offline/report-errors'
import { previewNormalisedRows } from './preview-normalised'
import type { SendListPreviewData } from './read-send-list'

/**
 * The send lists the window has previewed, by handle (`listId`): the open
 * dialog or a drop gives a path, a worker reads its first rows, and main keeps
 * the file's path, size and modification time so the scrub reads the same file
 * the user looked at (a file changed since is refused, not silently re-read).
 */

export interface OpenSendListDialog {
  /** The open dialog for a .csv or .xlsx send list; null when it was closed. */
  chooseSendList(folder: string | undefined): Promise<string | null>
}

/** Reads a file's preview off main's thread (a worker in the app; tests may read in-process). */
export type PreviewFile = (path: string) => Promise<SendListPreviewData>

export interface SendListHandle {
  listId: string
  filePath: string
  fileName: string
  format: SendListFormat
  fileBytes: number
  fileMtimeMs: number
  header: string[]
  hasHeaderRow: boolean
  sample: string[][]
}

export interface SendLists {
  pick(): Promise<Result<SendListPreview | null>>
  previewAtPath(path: string): Promise<Result<SendListPreview>>
  previewNormalised(request: { listId: string } & SendListColumns): Promise<Result<PreviewNormalisedResponse>>
  /** For the scrub: the list as previewed; `not-found` when unknown, `report-file` when the file changed since. */
  resolve(listId: string): Promise<Result<SendListHandle>>
}

export interface SendListsDeps {
  dialog: OpenSendListDialog
  previewFile: PreviewFile
  log: Log
}

/** Previews kept: the window shows one, and a user may go back to the one before. */
const KEPT_LISTS = 5

export const CANNOT_READ_LIST_MESSAGE =
  'This file cannot be used as a send list. Opt-Out Desk reads only Excel (.xlsx) and CSV (.csv) files saved on ' +
  'this computer; choose one with "Choose a list…".'

export function createSendLists({ dialog, previewFile, log }: SendListsDeps): SendLists {
  const lists = new Map<string, SendListHandle>()
  let lastFolder: string | undefined

  function keep(handle: SendListHandle): void {
    lists.set(handle.listId, handle)
    while (lists.size > KEPT_LISTS) {
      const oldest = lists.keys().next().value
      if (oldest === undefined) break
      lists.delete(oldest)
    }
  }

  async function preview(path: string): Promise<Result<SendListPreview>> {
    const problem = await reportFileProblem(path)
    if (problem) {
      log(`send list: refused ${String(path)}: ${problem.reason}`)
      return fail(
        problem.kind === 'missing'
          ? {
              kind: 'not-found',
              message: `${basename(path)} could not be found. It may have been moved, renamed or deleted; choose the file again.`,
            }
          : { kind: 'report-file', message: CANNOT_READ_LIST_MESSAGE },
      )
    }
    try {
      const { fileMtimeMs, ...data } = await previewFile(path)
      const listId = randomUUID()
      keep({
        listId,
        filePath: data.filePath,
        fileName: data.fileName,
        format: data.format,
        fileBytes: data.fileBytes,
        fileMtimeMs,
        header: data.header,
        hasHeaderRow: data.hasHeaderRow,
        sample: data.sample,
      })
      lastFolder = dirname(path)
      return ok({ listId, ...data })
    } catch (error) {
      return fail(failureOf(error, basename(path), log))
    }
  }

  return {
    async pick() {
      const path = await dialog.chooseSendList(lastFolder)
      if (path === null) return ok(null)
      return preview(path)
    },
    previewAtPath: preview,
    async previewNormalised({ listId, ...columns }) {
      const list = lists.get(listId)
      if (!list) return fail(unknownList())
      return previewNormalisedRows(list, columns)
    },
    async resolve(listId) {
      const list = lists.get(listId)
      if (!list) return fail(unknownList())
      const now = await fs.stat(list.filePath).catch(() => undefined)
      if (!now) {
        return fail({
          kind: 'not-found',
          message: `${list.fileName} is no longer where it was. Choose the list again.`,
        })
      }
      if (now.size !== list.fileBytes || now.mtimeMs !== list.fileMtimeMs) {
        return fail({
          kind: 'report-file',
          message: `${list.fileName} changed after it was previewed. Choose it again so the scrub reads what you see.`,
        })
      }
      return ok(list)
    },
  }
}

function unknownList(): AppError {
  return {
    kind: 'not-found',
    message: 'That send list is no longer open in Opt-Out Desk. Choose the list again.',
  }
}

function failureOf(error: unknown, fileName: string, log: Log): AppError {
  if (error instanceof ReportFileFailure) {
    if (error.detail) log(`send list: ${fileName}: ${error.detail}`)
    return error.error
  }
  log(`send list: ${fileName} could not be read: ${error instanceof Error ? error.message : String(error)}`)
  return {
    kind: 'internal',
    message: `${fileName} could not be read because of an unexpected error. Try again; if it keeps failing, save it again as .csv and choose that.`,
  }
}
