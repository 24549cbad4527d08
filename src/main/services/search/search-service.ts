import type { RequestOf, SearchResponse } from '../../../shared/contract'
import { toSearchParams } from '../../../shared/filters'
import { fail, ok, type Result } from '../../../shared/result'
import type { ConvosoClient } from '../convoso/client'
import type { Session } from '../session/session'

export interface SearchService {
  run(request: RequestOf<'search'>): Promise<Result<SearchResponse>>
  cancel(requestId: string): boolean
}

/**
 * Runs one interactive search page. Filters are validated again here with the
 * same rules the form uses, because main never trusts what the renderer sends.
 * Each search can be cancelled by its id.
 */
export function createSearchService({
  session,
  convoso,
}: {
  session: Session
  convoso: ConvosoClient
}): SearchService {
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
        const credentials = await session.credentials()
        if (!credentials.ok) return credentials
        const page = await convoso.search({
          ...credentials.data,
          params: validation.params,
          offset,
          limit,
          signal: controller.signal,
        })
        if (!page.ok) return page
        return ok({ requestId, page: page.data, params: validation.params })
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
