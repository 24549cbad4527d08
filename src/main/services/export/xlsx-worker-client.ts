import type { Writable } from 'node:stream'
import { Worker } from 'node:worker_threads'
import type { OptOutRecord } from '../../../shared/records'
import type { AppError } from '../../../shared/result'
import type { WriteGuard } from './output-file'
import { ExportFailure } from './page-fetcher'
import type { ExportMetadata } from './report'
import { prepareRows } from './xlsx-cells'
import type { XlsxWriter } from './xlsx-writer'
import type { FromXlsxWorker, ToXlsxWorker, XlsxWorkerData } from './xlsx-worker-protocol'

/**
 * The XLSX writer hosted in a worker thread (xlsx-writer-worker.ts), behind the
 * same `XlsxWriter` interface as the in-thread one. Cells are decided here
 * (xlsx-cells.ts) and only exceljs's work runs in the worker. `writeRows`
 * returns once the rows are queued, so the next pages are fetched and parsed while these are
 * written; at most `maxQueuedBatches` batches wait, which bounds memory when
 * the writer is the slower side.
 */

export interface WorkerXlsxWriterOptions {
  created: Date
  /** The built worker script (out/main/xlsx-writer-worker.js in the app). */
  workerScript: string
  /** Batches handed over but not yet written. Default 2. */
  maxQueuedBatches?: number
}

const DEFAULT_MAX_QUEUED_BATCHES = 2

function writerStopped(detail: string): ExportFailure {
  return new ExportFailure({
    kind: 'internal',
    message: `The spreadsheet writer stopped unexpectedly (${detail}). Nothing was saved; export again, or export as CSV.`,
  })
}

export function createWorkerXlsxWriter(
  output: Writable,
  guard: WriteGuard,
  options: WorkerXlsxWriterOptions,
): XlsxWriter {
  const maxQueued = options.maxQueuedBatches ?? DEFAULT_MAX_QUEUED_BATCHES
  const workerData: XlsxWorkerData = { created: options.created }
  const worker = new Worker(options.workerScript, { workerData })
  const send = (message: ToXlsxWorker): void => worker.postMessage(message)

  let queued = 0
  let rowsWritten = 0
  let cellsAltered = 0
  let done = false
  /** Wakes whoever waits for the queue to shrink or for the end. */
  let wake: (() => void) | undefined
  let finished: (() => void) | undefined
  const notify = (): void => {
    const resume = wake
    wake = undefined
    resume?.()
  }
  const nextChange = (): Promise<void> =>
    guard.race(
      new Promise<void>((resolve) => {
        wake = resolve
      }),
    )

  const stop = (failure: ExportFailure): void => {
    guard.fail(failure)
    void worker.terminate()
  }

  worker.on('message', (message: FromXlsxWorker) => {
    switch (message.kind) {
      case 'bytes':
        // Taken only when the file stream has room: a slow disk pauses the writer, not memory.
        if (output.write(message.bytes)) send({ kind: 'bytes-taken' })
        else output.once('drain', () => send({ kind: 'bytes-taken' }))
        return
      case 'rows-written':
        queued -= 1
        rowsWritten = message.rowsWritten
        cellsAltered = message.cellsAltered
        notify()
        return
      case 'finished':
        rowsWritten = message.rowsWritten
        cellsAltered = message.cellsAltered
        done = true
        finished?.()
        return
      case 'failed':
        stop(new ExportFailure(message.error satisfies AppError))
        return
    }
  })
  worker.on('error', (error) => stop(writerStopped(error.message)))
  worker.on('exit', (code) => {
    if (!done) stop(writerStopped(`exit code ${code}`))
  })

  return {
    get rowsWritten() {
      return rowsWritten
    },
    get cellsAlteredByXlsx() {
      return cellsAltered
    },

    async writeRows(rows: readonly OptOutRecord[]) {
      guard.check()
      queued += 1
      const prepared = prepareRows(rows)
      worker.postMessage({ kind: 'rows', prepared } satisfies ToXlsxWorker, [prepared.styles.buffer])
      while (queued > maxQueued) await nextChange()
    },

    async flush() {
      while (queued > 0) await nextChange()
    },

    async finish(metadata: ExportMetadata) {
      await this.flush()
      const complete = new Promise<void>((resolve) => {
        finished = resolve
      })
      send({ kind: 'finish', metadata })
      await guard.race(complete)
      // The worker ended its own output; main's file stream is ended here, after the last bytes.
      await guard.race(new Promise<void>((resolve) => output.end(() => resolve())))
    },

    abort() {
      done = true
      void worker.terminate()
    },
  }
}
