import type { WriteStream } from 'node:fs'
import type { OptOutRecord } from '../../../shared/records'
import type { AppError } from '../../../shared/result'
import { fromWorkerFailure, startWorker, type WorkerEntry, type WorkerHost } from '../../lib/worker-host'
import { writeError, type OutputGuard } from './output-file'
import { ExportFailure } from './page-fetcher'
import type { ExportMetadata } from './report'
import type { RowSink, SinkFinish, SinkOptions, SinkTotals } from './row-sink'

/**
 * The export's writer in a worker thread (src/main/workers/export-writer.ts),
 * seen from main as a RowSink. Main keeps the file: it creates the temporary
 * file, writes the bytes the worker sends back, and removes the file on any
 * failure, so a worker that dies or is stopped mid-page leaves nothing open and
 * nothing behind. The worker formats, compresses and hashes.
 * Backpressure both ways: main has at most MAX_PAGES_IN_FLIGHT pages sent and
 * not yet written; the worker has at most MAX_BYTES_UNWRITTEN bytes sent and
 * not yet handed to the disk, so memory stays bounded when either side is slow.
 */

export const MAX_PAGES_IN_FLIGHT = 2
export const MAX_BYTES_UNWRITTEN = 4 * 1024 * 1024

export interface ExportWriterProtocol {
  requests: {
    start: [SinkOptions, null]
    rows: [{ rows: readonly OptOutRecord[] }, null]
    totals: [null, SinkTotals]
    finish: [{ metadata: ExportMetadata }, SinkFinish]
  }
  notices: {
    /** Bytes main has handed to the file since the last notice. */
    written: { bytes: number }
  }
  event: { type: 'bytes'; chunk: Uint8Array }
}

const isAppError = (value: unknown): value is AppError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { kind?: unknown }).kind === 'string' &&
  typeof (value as { message?: unknown }).message === 'string'

/** What ended the worker's part, as the export's failure. */
export function writerFailure(error: unknown): unknown {
  return fromWorkerFailure(error, {
    remote: (remote) =>
      new ExportFailure(isAppError(remote.data) ? remote.data : writeError({ code: remote.code })),
    // Terminated is main's own doing (a cancel or a failure elsewhere), which already has its outcome.
    gone: (how, failure) =>
      failure.reason === 'terminated'
        ? failure
        : new ExportFailure({
            kind: 'internal',
            message: `The part of Opt-Out Desk that writes the file ${how}. Nothing was saved; export again.`,
          }),
  })
}

/** A writer worker started ahead of the file (its libraries take a moment to load), then attached to it. */
export interface WriterWorker {
  attach(stream: WriteStream, guard: OutputGuard): Promise<RowSink>
  abort(): void
}

export function startWriterWorker(entry: WorkerEntry, options: SinkOptions): WriterWorker {
  let output: WriteStream | undefined
  // The worker starts before the file exists and writes the workbook's first parts at once: bytes
  // that arrive before attach wait here, in order, and go to the file first. Dropping them cut the
  // head off the workbook whenever the first page was slower than the worker (a retried page).
  let early: Buffer[] = []
  let host: WorkerHost<ExportWriterProtocol> | undefined = undefined
  // Acknowledged once the file stream has handed the chunk to the disk, not when it is queued.
  const toFile = (stream: WriteStream, chunk: Buffer): void => {
    if (!stream.destroyed) stream.write(chunk, () => host?.notify('written', { bytes: chunk.byteLength }))
  }
  host = startWorker<ExportWriterProtocol>(entry, {
    onEvent: (event) => {
      const chunk = Buffer.from(event.chunk.buffer, event.chunk.byteOffset, event.chunk.byteLength)
      if (output) toFile(output, chunk)
      else early.push(chunk)
    },
  })
  const worker = host
  const started = worker.request('start', options)
  // Awaited by attach; a failure before then is the export's failure, not an unhandled rejection.
  started.catch(() => undefined)
  return {
    abort: () => void worker.terminate(),
    async attach(stream, guard) {
      for (const chunk of early) toFile(stream, chunk)
      early = []
      output = stream
      const settle = async <T>(promise: Promise<T>): Promise<T> => {
        try {
          return await guard.race(Promise.race([promise, worker.ended]))
        } catch (error) {
          throw writerFailure(error)
        }
      }
      const inFlight = new Set<Promise<void>>()
      let pageFailure: unknown
      const drainTo = async (limit: number): Promise<void> => {
        while (inFlight.size > limit) await settle(Promise.race(inFlight))
        if (pageFailure !== undefined) throw writerFailure(pageFailure)
      }
      await settle(started)
      return {
        async writeRows(rows) {
          await drainTo(MAX_PAGES_IN_FLIGHT - 1)
          const page: Promise<void> = worker.request('rows', { rows }).then(
            () => {
              inFlight.delete(page)
            },
            (error: unknown) => {
              pageFailure ??= error
              inFlight.delete(page)
            },
          )
          inFlight.add(page)
        },
        async totals() {
          await drainTo(0)
          return settle(worker.request('totals', null))
        },
        async finish(metadata) {
          const finished = await settle(worker.request('finish', { metadata }))
          // Every byte event came before this reply (one port keeps order): the file has all of it.
          await guard.race(
            new Promise<void>((resolve) => {
              stream.end(() => resolve())
            }),
          )
          void worker.terminate()
          return finished
        },
        abort: () => void worker.terminate(),
      }
    },
  }
}
