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
      const output = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          // A copy in its own buffer: a chunk may be a view into a shared pool, which must not move.
          const copy = new Uint8Array(chunk)
          unwritten += copy.byteLength
          emit({ type: 'bytes', chunk: copy }, [copy.buffer])
          if (unwritten <= MAX_BYTES_UNWRITTEN) callback()
          else resume = () => callback()
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
