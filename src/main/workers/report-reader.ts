import { serveWorker, Transferring } from '../lib/worker-server'
import { readReport } from '../services/offline/open-report'
import { ReportFileFailure } from '../services/offline/report-errors'
import { transferablesOf } from '../services/offline/row-store'
import type { ReadFailureData, ReportReaderProtocol } from '../services/offline/worker-read'

/**
 * Worker thread entry: reads one report for opening (services/offline/worker-read.ts
 * is main's side) and hands back its facts and its row store's columns.
 */
serveWorker<ReportReaderProtocol>(
  {
    async read({ path }, { signal, emit }) {
      const { info, store } = await readReport(path, {
        signal,
        onProgress: (progress) => emit({ type: 'progress', progress }),
        log: (line) => emit({ type: 'log', line }),
      })
      const columns = store.columns()
      return new Transferring({ info, columns }, transferablesOf(columns))
    },
  },
  {},
  (error): ReadFailureData | undefined =>
    error instanceof ReportFileFailure
      ? { error: error.error, ...(error.detail ? { detail: error.detail } : {}) }
      : undefined,
)
