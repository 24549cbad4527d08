import type { SearchPage } from '../../../shared/records'
import type { AppError } from '../../../shared/result'
import { searchWithRetry, type RetryContext, type SearchFn } from './retry'

/**
 * Fetches the pages of a full export with bounded concurrency and hands them
 * over strictly in offset order, whatever order they arrive in. The pull is
 * lazy: at most `lookahead` pages beyond the one being written are fetched or
 * held, so a slow disk slows the fetching instead of filling memory.
 */

/** A failure that ends the export; thrown inside the pipeline, turned back into a Result at its edge. */
export class ExportFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message)
    this.name = 'ExportFailure'
  }
}

export interface FetchedPage {
  /** The offset and limit that were asked for. */
  offset: number
  limit: number
  page: SearchPage
  /** 0 for the first page to arrive, then 1, 2, … in arrival order (not offset order). */
  arrival: number
}

export interface OrderedPagesOptions {
  search: SearchFn
  retry: RetryContext
  /** The page at offset 0, fetched before the export file was created. */
  first: FetchedPage
  pageSize: number
  concurrency: number
  /** Rows a filter can reach at all: the highest allowed offset plus one page. */
  rowCap: number
  /** Pages fetched or held beyond the one being written. Default: twice the concurrency. */
  lookahead?: number
}

/**
 * Yields `first`, then every following page in offset order. Where the export
 * ends follows the total of the page that arrived last (capped at `rowCap`), so
 * rows inserted meanwhile are still reached and rows deleted meanwhile do not
 * leave it asking for pages past the end. Offsets only grow and the cap bounds
 * them, so it always ends. Throws `ExportFailure` when a page fails for good.
 */
export async function* orderedPages(options: OrderedPagesOptions): AsyncGenerator<FetchedPage, void, void> {
  const { search, retry, first, pageSize, concurrency, rowCap } = options
  const lookahead = Math.max(concurrency, options.lookahead ?? concurrency * 2)
  const signal = retry.signal

  let latestTotal = first.page.total
  let arrivals = first.arrival + 1
  let nextToFetch = first.offset + pageSize
  let nextToYield = first.offset + pageSize
  let inFlight = 0
  let failure: AppError | undefined
  /** Set once the consumer is gone: a late completion must not start new requests. */
  let stopped = false
  const ready = new Map<number, FetchedPage>()
  let wake: (() => void) | undefined
  const notify = (): void => {
    const resume = wake
    wake = undefined
    resume?.()
  }
  const onAbort = (): void => notify()
  signal.addEventListener('abort', onAbort)

  const end = (): number => Math.min(rowCap, latestTotal)

  function launch(offset: number): void {
    inFlight += 1
    void searchWithRetry(search, offset, pageSize, retry).then((result) => {
      inFlight -= 1
      if (result.ok) {
        latestTotal = result.data.total
        ready.set(offset, { offset, limit: pageSize, page: result.data, arrival: arrivals })
        arrivals += 1
      } else {
        failure ??= result.error
      }
      // Refill at once rather than when the writer next asks: while it writes a page (tens of
      // milliseconds) the freed slot would otherwise sit idle and the export become fetch + write.
      fill()
      notify()
    })
  }

  function fill(): void {
    while (
      !stopped &&
      failure === undefined &&
      !signal.aborted &&
      inFlight < concurrency &&
      nextToFetch < end() &&
      nextToFetch < nextToYield + lookahead * pageSize
    ) {
      launch(nextToFetch)
      nextToFetch += pageSize
    }
  }

  try {
    yield first
    for (;;) {
      fill()
      if (signal.aborted) throw new ExportFailure({ kind: 'cancelled', message: 'The export was cancelled.' })
      if (failure) throw new ExportFailure(failure)
      const page = ready.get(nextToYield)
      if (page) {
        ready.delete(nextToYield)
        nextToYield += pageSize
        yield page
        continue
      }
      // Nothing for this offset was asked for: every page up to the end has been handed over.
      if (nextToYield >= nextToFetch) return
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  } finally {
    stopped = true
    signal.removeEventListener('abort', onAbort)
  }
}
