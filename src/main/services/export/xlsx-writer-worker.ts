import { parentPort, workerData } from 'node:worker_threads'
import { Writable } from 'node:stream'
import { OutputGuard } from './output-file'
import { ExportFailure } from './page-fetcher'
import { createXlsxWriter } from './xlsx-writer'
import type { FromXlsxWorker, ToXlsxWorker, XlsxWorkerData } from './xlsx-worker-protocol'

/**
 * Worker-thread entry: runs the exceljs writer (xlsx-writer.ts, unchanged) on
 * its own core, so rendering sheet XML no longer competes with fetching and
 * parsing Convoso's pages on the main thread. The file itself stays with main:
 * the zip bytes come back in order, and each piece is acknowledged once main's
 * file stream took it, so a slow disk still holds the writer back.
 */

const port = parentPort
if (!port) throw new Error('xlsx-writer-worker must run as a worker thread')

const post = (message: FromXlsxWorker, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer)

/** Callbacks of bytes sent but not yet taken by main, oldest first. */
const unacknowledged: ((error?: Error | null) => void)[] = []

const output = new Writable({
  // Enough for a few deflate chunks in flight; beyond it, archiver's pipe waits.
  highWaterMark: 256 * 1024,
  write(chunk: Buffer, _encoding, callback) {
    // A copy, because zlib's chunks may share one pooled ArrayBuffer; the copy moves without cloning.
    const bytes = new Uint8Array(chunk.byteLength)
    bytes.set(chunk)
    unacknowledged.push(callback)
    post({ kind: 'bytes', bytes }, [bytes.buffer])
  },
})

const abort = new AbortController()
const guard = new OutputGuard(output, abort.signal)
const data = workerData as XlsxWorkerData
const writer = createXlsxWriter(output, guard, { created: data.created })

let stopped = false

function failed(error: unknown): void {
  if (stopped) return
  stopped = true
  const failure = error instanceof ExportFailure ? error : undefined
  post({
    kind: 'failed',
    error: failure?.error ?? {
      kind: 'internal',
      message: `The spreadsheet writer failed (${error instanceof Error ? error.message : String(error)}). Nothing was saved; export again, or export as CSV.`,
    },
  })
  writer.abort()
  abort.abort()
}

let queue = Promise.resolve()

async function handle(message: ToXlsxWorker): Promise<void> {
  if (stopped) return
  switch (message.kind) {
    case 'rows':
      await writer.writePrepared(message.prepared)
      post({ kind: 'rows-written', rowsWritten: writer.rowsWritten, cellsAltered: writer.cellsAlteredByXlsx })
      return
    case 'finish':
      await writer.finish(message.metadata)
      post({ kind: 'finished', rowsWritten: writer.rowsWritten, cellsAltered: writer.cellsAlteredByXlsx })
      port?.close()
      return
    case 'bytes-taken':
      return
  }
}

port.on('message', (message: ToXlsxWorker) => {
  // Acknowledgements jump the queue: the row being written may be waiting for exactly this one.
  if (message.kind === 'bytes-taken') {
    unacknowledged.shift()?.()
    return
  }
  queue = queue.then(() => handle(message)).catch(failed)
})
