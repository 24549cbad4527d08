import { serveWorker, Transferring } from '../lib/worker-server'
import { ScrubCancelled } from '../services/scrub/scrub-engine'
import { scrubFailureData, type ScrubWorkerProtocol } from '../services/scrub/scrub-runner'
import { tableTransferables } from '../services/scrub/scrub-table'
import { createScrubWork } from '../services/scrub/scrub-work'

/**
 * Worker thread entry: scrubs send lists and writes their outputs (services/scrub/scrub-runner.ts is
 * main's side). It lives as long as main keeps it, holding the last snapshot's index between scrubs.
 * Cancels come as notices naming the scrub, each scrub with its own signal (the server's shared one
 * would stay aborted for every later scrub).
 */
const work = createScrubWork()
let running: { scrubId: string; controller: AbortController } | undefined
/** Cancelled before they started (a cancel can overtake a queued request). */
const cancelledEarly = new Set<string>()

serveWorker<ScrubWorkerProtocol>(
  {
    async scrub(request, { emit }) {
      if (cancelledEarly.delete(request.scrubId)) throw new ScrubCancelled()
      const controller = new AbortController()
      running = { scrubId: request.scrubId, controller }
      try {
        const result = await work.scrub(request, {
          signal: controller.signal,
          onProgress: (progress) => emit({ type: 'progress', scrubId: request.scrubId, progress }),
          log: (line) => emit({ type: 'log', line }),
        })
        return new Transferring(result, tableTransferables(result.table))
      } finally {
        running = undefined
      }
    },
    save: (request) => work.save(request, { signal: new AbortController().signal }),
  },
  {
    cancel({ scrubId }) {
      if (running?.scrubId === scrubId) running.controller.abort()
      else cancelledEarly.add(scrubId)
    },
  },
  scrubFailureData,
)
