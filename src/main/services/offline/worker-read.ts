import { basename } from 'node:path'
import { fromWorkerFailure, startWorker, type WorkerEntry, type WorkerHost } from '../../lib/worker-host'
import type { ReadReport } from './open-report'
import { cancelled, EXPORT_AGAIN, ReportFileFailure, throwIfAborted } from './report-errors'
import { rowStoreFromColumns, type RowStoreColumns } from './row-store'
import type { OpenProgress, OpenReportOptions, ReportInfo } from './types'
import type { AppError } from '../../../shared/result'

/**
 * Reading a report in a worker thread (src/main/workers/report-reader.ts), seen
 * from main: the worker reads, hashes and checks the file and hands back the
 * report's facts and its row store's columns (typed arrays moved, not copied);
 * main rebuilds the searchable store. A cancel asks the worker to stop (it
 * closes the file at its next row) and stops it outright if it has not within
 * CANCEL_GRACE_MS; a worker that dies is a failed open with a clear message.
 */

export const CANCEL_GRACE_MS = 2000

export interface ReportReaderProtocol {
  requests: {
    read: [{ path: string }, { info: ReportInfo; columns: RowStoreColumns }]
  }
  notices: Record<string, never>
  event: { type: 'progress'; progress: OpenProgress } | { type: 'log'; line: string }
}

/** A reader's failure as plain data: the user's message and the detail for the log. */
export interface ReadFailureData {
  error: AppError
  detail?: string
}

const isReadFailure = (value: unknown): value is ReadFailureData =>
  typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'object'

function failureOf(error: unknown, fileName: string): unknown {
  return fromWorkerFailure(error, {
    remote: (remote, failure) =>
      isReadFailure(remote.data) ? new ReportFileFailure(remote.data.error, remote.data.detail) : failure,
    gone: (how, failure) =>
      new ReportFileFailure(
        {
          kind: 'report-file',
          message: `${fileName} could not be opened: the part of Opt-Out Desk that reads reports ${how}. Try again; if it happens again, ${EXPORT_AGAIN.charAt(0).toLowerCase()}${EXPORT_AGAIN.slice(1)}`,
        },
        failure.message,
      ),
  })
}

export async function readInWorker(
  entry: WorkerEntry,
  path: string,
  options: OpenReportOptions,
): Promise<ReadReport> {
  const { signal, onProgress, log } = options
  throwIfAborted(signal)
  const host: WorkerHost<ReportReaderProtocol> = startWorker<ReportReaderProtocol>(entry, {
    onEvent: (event) => {
      try {
        if (event.type === 'progress') onProgress?.(event.progress)
        else log?.(event.line)
      } catch {
        // A failing listener must not fail the open.
      }
    },
  })
  let stopTimer: NodeJS.Timeout | undefined
  const onAbort = (): void => {
    host.cancel()
    stopTimer = setTimeout(() => void host.terminate(), CANCEL_GRACE_MS)
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const { info, columns } = await Promise.race([host.request('read', { path }), host.ended])
    // The worker's heap (the rows as it read them) goes before main builds its own copy: the peak is one copy.
    await host.close()
    throwIfAborted(signal)
    return { info, store: await rowStoreFromColumns(columns) }
  } catch (error) {
    if (signal?.aborted) throw cancelled()
    throw failureOf(error, typeof path === 'string' ? basename(path) : 'The file')
  } finally {
    signal?.removeEventListener('abort', onAbort)
    clearTimeout(stopTimer)
    // Not terminated: a read that stopped may still be closing its file, which a terminated worker never does.
    await host.close()
  }
}
