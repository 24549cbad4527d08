import { serveWorker } from '../lib/worker-server'
import { ReportFileFailure } from '../services/offline/report-errors'
import type { ReadFailureData } from '../services/offline/worker-read'
import { previewSendList } from '../services/send-list/read-send-list'
import type { SendListReaderProtocol } from '../services/send-list/worker-preview'

/** Worker thread entry: reads the first rows of a send list for the preview (services/send-list/worker-preview.ts is main's side). */
serveWorker<SendListReaderProtocol>(
  {
    preview: ({ path }, { signal }) => previewSendList(path, { signal }),
  },
  {},
  (error): ReadFailureData | undefined =>
    error instanceof ReportFileFailure
      ? { error: error.error, ...(error.detail ? { detail: error.detail } : {}) }
      : undefined,
)
