import { SEARCH_PARAM_FIELDS, type SearchParams } from '../../../shared/filters'
import { tokenDestination } from './api-base'
import { MAX_LIMIT, MAX_OFFSET } from '../../../shared/paging'
import type { SearchPage } from '../../../shared/records'
import type { AppError, Result } from '../../../shared/result'
import { errorFromFetchFailure, interpretHttpAnswer, redactError } from './errors'
import { normaliseSearchResponse } from './normalise'

/**
 * The one way main talks to Convoso's SMS opt-out search. Every outcome is a
 * `Result`; it never throws and never retries (the UI decides whether to).
 * The token travels only in the form body, and no error message contains it.
 */

export interface ConvosoClientOptions {
  fetch?: typeof fetch
  /** Per request, covering the whole exchange including the body. Default 30000. */
  timeoutMs?: number
}

export interface ConvosoSearchRequest {
  /** e.g. `https://api.convoso.com/v1`; a trailing slash is tolerated. */
  apiBase: string
  token: string
  /**
   * The origin the token was verified against (the API base's own origin when
   * verifying it). Nothing is sent when `apiBase` is on any other origin.
   */
  tokenOrigin: string
  params: SearchParams
  offset: number
  limit: number
  signal?: AbortSignal
}

export interface ConvosoClient {
  search(request: ConvosoSearchRequest): Promise<Result<SearchPage>>
}

export const DEFAULT_TIMEOUT_MS = 30_000
export const SEARCH_PATH = '/sms-opt-out/search'

/** The exact form body sent to Convoso. */
export function encodeSearchForm(
  token: string,
  params: SearchParams,
  offset: number,
  limit: number,
): URLSearchParams {
  const form = new URLSearchParams()
  form.set('auth_token', token)
  // Only these fields are ever forwarded, whatever else `params` carries.
  for (const field of SEARCH_PARAM_FIELDS) {
    const value = params[field]
    if (typeof value === 'string' && value.trim() !== '') form.set(field, value)
  }
  form.set('offset', String(offset))
  form.set('limit', String(limit))
  return form
}

/**
 * The search endpoint for a token, or why it may not be sent there: the rule
 * lives in api-base.ts (https, or http to this computer only, and only to the
 * origin the token was verified against) and is checked right before sending.
 */
export function searchEndpoint(
  apiBase: string,
  tokenOrigin: string,
): { url: URL } | { error: string; kind: 'apiBase' | 'origin' } {
  const destination = tokenDestination(apiBase, tokenOrigin)
  if (!destination.ok) return { error: destination.message, kind: destination.kind }
  return { url: new URL(`${destination.apiBase}${SEARCH_PATH}`) }
}

function validation(field: string, message: string): AppError {
  return { kind: 'validation', message, fieldErrors: { [field]: message } }
}

function checkPaging(offset: number, limit: number): AppError | undefined {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    return validation(
      'offset',
      `The row offset must be a whole number from 0 to ${MAX_OFFSET.toLocaleString('en-US')}.`,
    )
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return validation('limit', `The page size must be a whole number from 1 to ${MAX_LIMIT}.`)
  }
  return undefined
}

function describeTimeout(timeoutMs: number): string {
  return timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} seconds`
}

async function runSearch(
  fetchImpl: typeof fetch,
  timeoutMs: number,
  request: ConvosoSearchRequest,
): Promise<Result<SearchPage>> {
  const endpoint = searchEndpoint(request.apiBase, request.tokenOrigin)
  if ('error' in endpoint) {
    return {
      ok: false,
      error:
        endpoint.kind === 'origin'
          ? { kind: 'token-missing', message: endpoint.error }
          : validation('apiBase', endpoint.error),
    }
  }
  if (request.token.trim() === '') {
    return {
      ok: false,
      error: {
        kind: 'token-missing',
        message: 'No Convoso API token is saved. Paste your API token to connect.',
      },
    }
  }
  const pagingError = checkPaging(request.offset, request.limit)
  if (pagingError) return { ok: false, error: pagingError }

  const cancelled: AppError = { kind: 'cancelled', message: 'The search was cancelled.' }
  if (request.signal?.aborted) return { ok: false, error: cancelled }

  const host = endpoint.url.host
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout
  // Which signal fired decides the kind: the caller's wins a tie, since the user acted.
  const failure = (error: unknown): AppError => {
    if (request.signal?.aborted) return cancelled
    if (timeout.aborted) {
      return {
        kind: 'timeout',
        message: `Convoso at ${host} did not answer within ${describeTimeout(timeoutMs)}. Try again, or narrow the search.`,
      }
    }
    return errorFromFetchFailure(error, host)
  }

  let status: number
  let headers: Headers
  let body: string
  try {
    const response = await fetchImpl(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
        accept: 'application/json',
      },
      body: encodeSearchForm(request.token, request.params, request.offset, request.limit).toString(),
      signal,
      // The token is in the body: never replay it to wherever a redirect points.
      redirect: 'manual',
    })
    status = response.status
    headers = response.headers
    body = await response.text()
  } catch (error) {
    return { ok: false, error: failure(error) }
  }

  const answer = interpretHttpAnswer({ status, headers, body }, { host, token: request.token })
  if (!answer.ok) return answer
  return normaliseSearchResponse(answer.data, request.token)
}

export function createConvosoClient(options: ConvosoClientOptions = {}): ConvosoClient {
  const fetchImpl = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  // A wiring mistake, caught at start-up rather than turned into a failed search later.
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new RangeError(`timeoutMs must be a positive whole number of milliseconds, not ${timeoutMs}.`)
  }
  return {
    async search(request) {
      try {
        const result = await runSearch(fetchImpl, timeoutMs, request)
        return result.ok ? result : { ok: false, error: redactError(result.error, request.token) }
      } catch {
        // Only a bug (or a very odd injected fetch) gets here; still an answer, never a throw.
        // The message is fixed text, so it cannot carry the token.
        return {
          ok: false,
          error: {
            kind: 'internal',
            message: 'The search failed unexpectedly. Try again; if it keeps failing, restart the app.',
          },
        }
      }
    },
  }
}
