import { vi, type Mock } from 'vitest'
import type { ApiMethod, OptOutDeskApi, SearchResponse, SessionStatus } from '../../src/shared/contract'
import type { SearchParams } from '../../src/shared/filters'
import type { OptOutRecord } from '../../src/shared/records'
import type { AppError, Result } from '../../src/shared/result'
import { setApi } from '../../src/renderer/src/api'

/** Every `window.api` method as a vitest mock with its exact contract signature. */
export type FakeApi = { [M in ApiMethod]: Mock<OptOutDeskApi[M]> }

export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (reason: unknown) => void
}

/** A promise the test settles when it chooses, to hold a call "in flight". */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = <T>(error: AppError): Result<T> => ({ ok: false, error })

export const LIVE: SessionStatus = { mode: 'live', tokenLast4: 'abcd', apiBase: 'https://api.convoso.com/v1' }
export const DEMO: SessionStatus = { mode: 'demo', apiBase: 'http://127.0.0.1:4010/v1', recordCount: 25_000 }
export const DISCONNECTED: SessionStatus = { mode: 'disconnected' }

export function makeRecord(index: number, overrides: Partial<OptOutRecord> = {}): OptOutRecord {
  return {
    id: String(2_778_557 + index),
    phone_number: String(8_181_233_567 + index),
    phone_code: '1',
    reason: `Reason ${index}`,
    purpose: 'TELEMKT',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: index % 2 === 0 ? '0' : '1042',
    campaign_name: index % 2 === 0 ? '' : 'Spring Renewal',
    ...overrides,
  }
}

/** One page of a result of `total` rows, as main would answer it. */
export function searchPage(
  requestId: string,
  total: number,
  offset: number,
  limit: number,
  params: SearchParams = {},
): Result<SearchResponse> {
  const count = Math.max(0, Math.min(limit, total - offset))
  const records = Array.from({ length: count }, (_, i) => makeRecord(offset + i))
  return ok({ requestId, page: { offset, limit, total, records }, params })
}

export interface FakeApiOptions {
  status?: SessionStatus
  /** Total rows every search reports (default 12,345). */
  total?: number
}

/**
 * A typed fake `window.api`: sensible answers by default, every method a mock
 * the test can inspect or re-implement (e.g. with `deferred()` to control timing).
 */
export function createFakeApi({ status = LIVE, total = 12_345 }: FakeApiOptions = {}): FakeApi {
  let current = status
  return {
    getAppInfo: vi.fn<OptOutDeskApi['getAppInfo']>(async () =>
      ok({ name: 'Opt-Out Desk', version: '0.1.0' }),
    ),
    getSessionStatus: vi.fn<OptOutDeskApi['getSessionStatus']>(async () => ok(current)),
    verifyAndSaveToken: vi.fn<OptOutDeskApi['verifyAndSaveToken']>(async ({ token }) => {
      current = { mode: 'live', tokenLast4: token.slice(-4), apiBase: 'https://api.convoso.com/v1' }
      return ok(current)
    }),
    forgetToken: vi.fn<OptOutDeskApi['forgetToken']>(async () => ok((current = DISCONNECTED))),
    startDemo: vi.fn<OptOutDeskApi['startDemo']>(async () => ok((current = DEMO))),
    stopDemo: vi.fn<OptOutDeskApi['stopDemo']>(async () => ok((current = DISCONNECTED))),
    getSettings: vi.fn<OptOutDeskApi['getSettings']>(async () =>
      ok({ apiBase: 'https://api.convoso.com/v1' }),
    ),
    saveSettings: vi.fn<OptOutDeskApi['saveSettings']>(async ({ apiBase }) => ok({ apiBase })),
    search: vi.fn<OptOutDeskApi['search']>(async ({ requestId, offset, limit }) =>
      searchPage(requestId, total, offset, limit),
    ),
    cancelSearch: vi.fn<OptOutDeskApi['cancelSearch']>(async () => ok(true)),
  }
}

/** Creates a fake and makes it the renderer's bridge. */
export function installFakeApi(options?: FakeApiOptions): FakeApi {
  const api = createFakeApi(options)
  setApi(api)
  return api
}

type SearchRequest = Parameters<OptOutDeskApi['search']>[0]

/** The request of the `index`-th search call (negative counts from the end). */
export function searchRequest(api: FakeApi, index: number): SearchRequest {
  const call = api.search.mock.calls.at(index)
  if (!call) throw new Error(`No search call at ${index}; there were ${api.search.mock.calls.length}.`)
  return call[0]
}

export const lastSearchRequest = (api: FakeApi): SearchRequest => searchRequest(api, -1)

/** Like `array.find`, but a test failure instead of `undefined`. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}`)
  return value
}
