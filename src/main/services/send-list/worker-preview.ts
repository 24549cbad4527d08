import { basename } from 'node:path'
import { fromWorkerFailure, startWorker, type WorkerEntry } from '../../lib/worker-host'
import { ReportFileFailure } from '../offline/report-errors'
import type { ReadFailureData } from '../offline/worker-read'
import { sendListFailure } from './errors'
import type { SendListPreviewData } from './read-send-list'

/**
 * Previewing a send list in a worker thread (src/main/workers/send-list-reader.ts), seen from
 * main: an XLSX list's shared text can be tens of megabytes, which main's thread must not parse.
 * One short-lived worker per preview.
 */

export interface SendListReaderProtocol {
  requests: {
    preview: [{ path: string }, SendListPreviewData]
  }
  notices: Record<string, never>
  event: never
}

const isReadFailure = (value: unknown): value is ReadFailureData =>
  typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'object'

export async function previewInWorker(entry: WorkerEntry, path: string): Promise<SendListPreviewData> {
  const host = startWorker<SendListReaderProtocol>(entry)
  try {
    return await Promise.race([host.request('preview', { path }), host.ended])
  } catch (error) {
    throw fromWorkerFailure(error, {
      remote: (remote, failure) =>
        isReadFailure(remote.data) ? new ReportFileFailure(remote.data.error, remote.data.detail) : failure,
      gone: (how, failure) =>
        sendListFailure(
          `${basename(path)} could not be read: the part of Opt-Out Desk that reads lists ${how}. Try again, or save the list as .csv and choose that.`,
          failure.message,
        ),
    })
  } finally {
    await host.close()
  }
}
