import type { AppError } from '../../../shared/result'
import type { ScrubOutputFile } from '../../../shared/scrub-result'
import { fromWorkerFailure, startWorker, type WorkerEntry, type WorkerHost } from '../../lib/worker-host'
import { ReportFileFailure } from '../offline/report-errors'
import { transferablesOf } from '../offline/row-store'
import { ScrubCancelled } from './scrub-engine'
import {
  createScrubWork,
  SnapshotNotHeld,
  type SaveWorkRequest,
  type ScrubWork,
  type ScrubWorkRequest,
  type ScrubWorkResult,
  type WorkProgress,
} from './scrub-work'

/**
 * Where the scrub's heavy half runs, seen from main. In the app: one scrub worker
 * (src/main/workers/scrub.ts), started on the first scrub and kept, because it holds the last
 * snapshot's index so the next scrub against the same report starts matching at once. One request at
 * a time (the worker queues them). A cancel is a message to the worker, which stops at its next
 * slice of rows; if it has not answered within CANCEL_GRACE_MS it is stopped outright (losing only the
 * held snapshot). A worker that dies fails the request with a clear message; the next scrub starts a
 * new one. In tests the same work runs on the test's thread (localScrubRunner).
 */

export interface ScrubRunOptions {
  signal: AbortSignal
  onProgress: (progress: WorkProgress) => void
  log: (line: string) => void
}

export interface ScrubRunner {
  /** Throws ScrubCancelled, SnapshotNotHeld, a ReportFileFailure (the user's message) or anything else (a bug). */
  scrub(request: ScrubWorkRequest, options: ScrubRunOptions): Promise<ScrubWorkResult>
  save(request: SaveWorkRequest): Promise<ScrubOutputFile[]>
  /** Starts the worker now if it is not running, so it loads while main prepares the request. */
  warm(): void
  dispose(): Promise<void>
}

export const CANCEL_GRACE_MS = 3000

export interface ScrubWorkerProtocol {
  requests: {
    scrub: [ScrubWorkRequest, ScrubWorkResult]
    save: [SaveWorkRequest, ScrubOutputFile[]]
  }
  notices: { cancel: { scrubId: string } }
  event: { type: 'progress'; scrubId: string; progress: WorkProgress } | { type: 'log'; line: string }
}

/** A failure in the worker as plain data, so main can rebuild it. */
export type ScrubFailureData =
  | { kind: 'report-file'; error: AppError; detail?: string }
  | { kind: 'cancelled' }
  | { kind: 'snapshot-not-held' }

export function scrubFailureData(error: unknown): ScrubFailureData | undefined {
  if (error instanceof ReportFileFailure) {
    return { kind: 'report-file', error: error.error, ...(error.detail ? { detail: error.detail } : {}) }
  }
  if (error instanceof ScrubCancelled) return { kind: 'cancelled' }
  if (error instanceof SnapshotNotHeld) return { kind: 'snapshot-not-held' }
  return undefined
}

function rebuilt(error: unknown): unknown {
  return fromWorkerFailure(error, {
    remote: (remote, failure) => {
      const data = remote.data as ScrubFailureData | undefined
      if (data?.kind === 'report-file') return new ReportFileFailure(data.error, data.detail)
      if (data?.kind === 'cancelled') return new ScrubCancelled()
      if (data?.kind === 'snapshot-not-held') return new SnapshotNotHeld()
      return failure
    },
    gone: (how, failure) =>
      new ReportFileFailure(
        {
          kind: 'internal',
          message: `The scrub stopped: the part of Opt-Out Desk that matches lists ${how}. Try again; if it happens again, split the list into smaller files.`,
        },
        failure.message,
      ),
  })
}

export function localScrubRunner(work: ScrubWork = createScrubWork()): ScrubRunner {
  return {
    scrub: (request, options) => work.scrub(request, options),
    save: (request) => work.save(request, { signal: new AbortController().signal }),
    warm: () => undefined,
    dispose: async () => undefined,
  }
}

export function workerScrubRunner(entry: WorkerEntry, log: (line: string) => void): ScrubRunner {
  let host: WorkerHost<ScrubWorkerProtocol> | undefined
  const listeners = new Map<string, ScrubRunOptions>()

  const worker = (): WorkerHost<ScrubWorkerProtocol> => {
    if (host) return host
    const started = startWorker<ScrubWorkerProtocol>(entry, {
      onEvent: (event) => {
        try {
          if (event.type === 'log') log(event.line)
          else listeners.get(event.scrubId)?.onProgress(event.progress)
        } catch {
          // A failing listener must not fail the scrub.
        }
      },
    })
    started.ended.catch(() => {
      if (host === started) host = undefined
    })
    host = started
    return started
  }

  async function ask<T>(run: (host: WorkerHost<ScrubWorkerProtocol>) => Promise<T>): Promise<T> {
    const current = worker()
    try {
      return await Promise.race([run(current), current.ended])
    } catch (error) {
      throw rebuilt(error)
    }
  }

  return {
    async scrub(request, options) {
      const { signal } = options
      if (signal.aborted) throw new ScrubCancelled()
      listeners.set(request.scrubId, options)
      let stopTimer: NodeJS.Timeout | undefined
      const onAbort = (): void => {
        const current = host
        current?.notify('cancel', { scrubId: request.scrubId })
        stopTimer = setTimeout(() => {
          if (current && host === current) {
            log(`scrub ${request.scrubId}: the worker did not stop within ${CANCEL_GRACE_MS} ms; stopped it`)
            host = undefined
            void current.terminate()
          }
        }, CANCEL_GRACE_MS)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      try {
        // The opened report's columns are moved, not copied (scrub-jobs.ts gives the worker its own).
        const transfer =
          request.snapshot.kind === 'opened' && request.snapshot.columns
            ? transferablesOf(request.snapshot.columns)
            : []
        return await ask((current) => current.request('scrub', request, transfer))
      } catch (error) {
        if (signal.aborted) throw new ScrubCancelled()
        throw error
      } finally {
        signal.removeEventListener('abort', onAbort)
        clearTimeout(stopTimer)
        listeners.delete(request.scrubId)
      }
    },
    save: (request) => ask((current) => current.request('save', request)),
    warm() {
      worker()
    },
    async dispose() {
      const current = host
      host = undefined
      await current?.terminate()
    },
  }
}
