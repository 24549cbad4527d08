import { Writable } from 'node:stream'
import { serveWorker } from '../lib/worker-server'
import { OutputGuard } from '../services/export/output-file'
import { ExportFailure } from '../services/export/page-fetcher'
import { createLocalSink, type RowSink } from '../services/export/row-sink'
import { MAX_BYTES_UNWRITTEN, type ExportWriterProtocol } from '../services/export/worker-sink'

/**
 * Worker thread entry: an export's XLSX/CSV writer and row hash
 * (services/export/worker-sink.ts is main's side). The file's bytes go back to
 * main, which owns the file; a chunk is held here while more than
 * MAX_BYTES_UNWRITTEN bytes wait for main's disk.
 */

/** Bytes gathered before they are posted without waiting for the next turn. */
const POST_AT_BYTES = 256 * 1024

let sink: RowSink | undefined
let unwritten = 0
let resume: (() => void) | undefined

const needSink = (): RowSink => {
  if (!sink) throw new Error('the writer was not started')
  return sink
}

serveWorker<ExportWriterProtocol>(
  {
    async start(options, { signal, emit }) {
      // The zip writer sends many tiny writes (headers of a few bytes) between its 16 KB deflate
      // chunks: they are gathered and posted together once per turn of the event loop, each in a
      // buffer of its own (a chunk may be a view into a shared pool, which must not move).
      let gathered: Buffer[] = []
      let gatheredBytes = 0
      let posting: NodeJS.Immediate | undefined
      const post = (): void => {
        posting = undefined
        if (gatheredBytes === 0) return
        const copy = new Uint8Array(gatheredBytes)
        let at = 0
        for (const piece of gathered) {
          copy.set(piece, at)
          at += piece.length
        }
        gathered = []
        gatheredBytes = 0
        emit({ type: 'bytes', chunk: copy }, [copy.buffer])
      }
      const output = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          gathered.push(chunk)
          gatheredBytes += chunk.length
          unwritten += chunk.length
          if (gatheredBytes >= POST_AT_BYTES) post()
          else posting ??= setImmediate(post)
          if (unwritten <= MAX_BYTES_UNWRITTEN) callback()
          else resume = () => callback()
        },
        final(callback) {
          if (posting) clearImmediate(posting)
          post()
          callback()
        },
      })
      sink = createLocalSink(output, new OutputGuard(output, signal), options)
      return null
    },
    async rows({ rows }) {
      await needSink().writeRows(rows)
      return null
    },
    async totals() {
      return needSink().totals()
    },
    async finish({ metadata }) {
      return needSink().finish(metadata)
    },
  },
  {
    written({ bytes }) {
      unwritten -= bytes
      if (unwritten <= MAX_BYTES_UNWRITTEN && resume) {
        const next = resume
        resume = undefined
        next()
      }
    },
  },
  (error) => (error instanceof ExportFailure ? error.error : undefined),
)
