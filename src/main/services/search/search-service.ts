import type { RequestOf, SearchResponse } from '../../../shared/contract'
import { toSearchParams } from '../../../shared/filters'
import { fail, ok, type Result } from '../../../shared/result'
import { isOffsetRefusal } from '../convoso/offset-limits'
import type { SearchSources } from '../sources/search-source'

export interface SearchService {
  run(request: RequestOf<'search'>): Promise<Result<SearchResponse>>
  cancel(requestId: string): boolean
}

/**
 * Runs one interactive search page against the current source (Convoso, or an
 * opened report). Filters are validated again here with the same rules the
 * form uses, because main never trusts what the renderer sends. Each search
 * can be cancelled by its id.
 */
export function createSearchService({ sources }: { sources: SearchSources }): SearchService {
  const inFlight = new Map<string, AbortController>()

  return {
    async run({ requestId, filters, offset, limit }) {
      const validation = toSearchParams(filters)
      if (!validation.ok) {
        return fail({
          kind: 'validation',
          message: 'Some filters need fixing before the search can run.',
          fieldErrors: validation.fieldErrors,
        })
      }
      // Registered before the first await so a cancel that arrives early still lands.
      inFlight.get(requestId)?.abort()
      const controller = new AbortController()
      inFlight.set(requestId, controller)
      try {
        const source = await sources.current()
        if (!source.ok) return source
        const { params } = validation
        const page = await source.data.search(params, offset, limit, controller.signal)
        const maxOffset = source.data.maxOffset()
        if (page.ok) return ok({ requestId, page: page.data, params, offset, maxOffset })
        // The host refused this offset and has shown its real limit: show the last page it serves
        // instead of an empty screen; the pager then says how far this account reaches.
        if (!isOffsetRefusal(page.error) || offset <= maxOffset) return page
        const reachable = Math.floor(maxOffset / limit) * limit
        const last = await source.data.search(params, reachable, limit, controller.signal)
        if (!last.ok) return last
        return ok({ requestId, page: last.data, params, offset: reachable, maxOffset, refusedOffset: offset })
      } finally {
        if (inFlight.get(requestId) === controller) inFlight.delete(requestId)
      }
    },

    cancel(requestId) {
      const controller = inFlight.get(requestId)
      if (!controller) return false
      controller.abort()
      inFlight.delete(requestId)
      return true
    },
  }
}
