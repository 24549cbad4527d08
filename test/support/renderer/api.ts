import { vi, type Mock } from 'vitest'
import { APP_HOST } from '../../../src/main/app/renderer-assets'
import { generateDemoRecords } from '../../../src/main/services/demo-convoso/dataset'
import { startFakeConvoso, type Fault, type FakeConvosoServer } from '../convoso-server/fake-convoso'
import { setApi } from '../../../src/renderer/src/api'
import {
  API_METHODS,
  EVENT_NAMES,
  type ApiMethod,
  type EventName,
  type Events,
  type OptOutDeskApi,
  type OptOutDeskRequests,
  type Subscribe,
} from '../../../src/shared/contract'
import type { OptOutRecord } from '../../../src/shared/records'
import type { Result } from '../../../src/shared/result'
import { createAppUnderTest, createProfile, removeProfile, type AppUnderTest } from '../app-under-test'
import type { MemoryKeychain } from '../memory-keychain'
import { TEST_WORKERS } from '../workers'

/** The token the local Convoso server accepts; a "live" window was connected with it. */
export const RENDERER_TOKEN = 'Zq7-c41e9b0d2a6f'
/** A second token the server accepts, for replacing the one saved. */
export const SECOND_TOKEN = 'Wv2-8d5f3a91c07e'

/** Where the renderer is served from in the app, so the dispatcher's sender check passes as it does there. */
const APP_PAGE = `app://${APP_HOST}/index.html`

/**
 * `window.api` on the real main process: every request is a vitest mock whose implementation
 * structured-clones the payload (as IPC does), calls the real dispatcher (sender check, zod
 * validation, handler, token sweep) and clones the answer back. A timing test wraps a call with
 * `mockImplementationOnce` around `app.call` instead of re-implementing it.
 */
export type RealApi = { [M in ApiMethod]: Mock<OptOutDeskRequests[M]> } & {
  on: Mock<Subscribe>
  /** Listeners subscribed now, by event. */
  listeners(event: EventName): number
}

export interface RendererApp extends AppUnderTest {
  api: RealApi
  /** The local Convoso server this window's settings point at. */
  server: FakeConvosoServer
  records: OptOutRecord[]
  /** The real request, bypassing the mock (for wrapping it with a deferred). */
  call<M extends ApiMethod>(
    method: M,
    request: Parameters<OptOutDeskRequests[M]>[0],
  ): ReturnType<OptOutDeskRequests[M]>
  /** Every event main pushed to the window, in order. */
  events: { event: EventName; payload: unknown }[]
  /** How many requests the server had logged when the window opened (connecting makes one). */
  serverRequestsAtStart: number
  /**
   * Holds main's events back until the returned function is called (then they arrive in order), for
   * tests about what the window does when an answer and an event cross.
   */
  holdEvents(): () => void
  /** Delivers an event to the window's listeners as main's window channel would (e.g. a stale one). */
  deliver<E extends EventName>(event: E, payload: Events[E]): void
  /** Resolves once every event main has pushed so far has reached the listeners. */
  eventsDelivered(): Promise<void>
}

export interface RendererAppOptions {
  /** 'live' (default): connected through verifyAndSaveToken; 'demo': startDemo; 'disconnected': nothing saved. */
  connect?: 'live' | 'demo' | 'disconnected'
  /** How many records the local Convoso server holds (generated demo data, seeded; default 120). */
  recordCount?: number
  /** The records themselves, instead of generated ones. */
  records?: OptOutRecord[]
  /** The keychain main starts with (e.g. another window's, holding a token saved for another server). */
  keychain?: MemoryKeychain
}

const recordCache = new Map<number, OptOutRecord[]>()
function demoRecords(count: number): OptOutRecord[] {
  let records = recordCache.get(count)
  if (!records) {
    records = generateDemoRecords(count, 7)
    recordCache.set(count, records)
  }
  return records
}

const running: { dispose(): Promise<void> }[] = []

/** Builds the real main process for one test, starts its Convoso server and makes it the renderer's bridge. */
export async function installRealApi(options: RendererAppOptions = {}): Promise<RendererApp> {
  const records = options.records ?? demoRecords(options.recordCount ?? 120)
  const server = await startFakeConvoso({ records, tokens: [RENDERER_TOKEN, SECOND_TOKEN] })
  const userDataDir = await createProfile(server.apiBase, 'opt-out-desk-renderer-')
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const events: RendererApp['events'] = []
  // Main's events reach the window after the call that caused them, in the order sent, as IPC delivers them.
  let delivery = Promise.resolve()
  let held: Promise<void> = Promise.resolve()
  const app = createAppUnderTest({
    userDataDir,
    version: 'renderer-test',
    trustedOrigins: [APP_PAGE],
    workers: TEST_WORKERS,
    keychain: options.keychain,
    events: (event, payload) => {
      const copy = structuredClone(payload)
      events.push({ event, payload: copy })
      delivery = delivery.then(async () => {
        await held
        for (const listener of [...(listeners.get(event) ?? [])]) (listener as (value: unknown) => void)(copy)
      })
    },
  })
  const call = (async (method: ApiMethod, request: unknown) =>
    structuredClone(
      await app.dispatch(method, structuredClone(request), { frameUrl: APP_PAGE, isMainFrame: true }),
    )) as RendererApp['call']
  const on = vi.fn<Subscribe>((event, listener) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Opt-Out Desk has no event named ${String(event)}.`)
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    const entry = listener as (payload: never) => void
    set.add(entry)
    return () => {
      set.delete(entry)
    }
  })
  const requests = Object.fromEntries(
    API_METHODS.map((method) => [method, vi.fn((request: unknown) => call(method, request as never))]),
  ) as unknown as { [M in ApiMethod]: Mock<OptOutDeskRequests[M]> }
  const api: RealApi = { ...requests, on, listeners: (event) => listeners.get(event)?.size ?? 0 }
  running.push({
    async dispose() {
      await app.core.dispose()
      await server.close()
      await removeProfile(userDataDir)
    },
  })
  const rendererApp: RendererApp = {
    ...app,
    api,
    server,
    records,
    call,
    events,
    serverRequestsAtStart: 0,
    holdEvents: () => {
      let release!: () => void
      held = new Promise((resolve) => (release = resolve))
      return release
    },
    deliver: (event, payload) => {
      for (const listener of [...(listeners.get(event) ?? [])])
        (listener as (value: unknown) => void)(payload)
    },
    eventsDelivered: async () => {
      let seen: Promise<void>
      do {
        seen = delivery
        await seen
      } while (seen !== delivery)
    },
  }
  if (options.connect === 'demo') expectOk(await call('startDemo', undefined), 'startDemo')
  else if (options.connect !== 'disconnected')
    expectOk(await call('verifyAndSaveToken', { token: RENDERER_TOKEN }), 'verifyAndSaveToken')
  rendererApp.serverRequestsAtStart = server.requests.length
  setApi(api satisfies OptOutDeskApi)
  return rendererApp
}

/** Stops every main process the test built (setup.ts runs this after each test). */
export async function disposeRealApis(): Promise<void> {
  for (const app of running.splice(0).reverse()) await app.dispose()
}

/** The data of a result the test needs to have succeeded. */
export function expectOk<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what} failed: ${result.error.kind}: ${result.error.message}`)
  return result.data
}

type SearchRequest = Parameters<OptOutDeskRequests['search']>[0]

/** The request of the `index`-th search the window sent (negative counts from the end). */
export function searchRequest(api: Pick<RealApi, 'search'>, index: number): SearchRequest {
  const call = api.search.mock.calls.at(index)
  if (!call) throw new Error(`No search call at ${index}; there were ${api.search.mock.calls.length}.`)
  return call[0]
}

export const lastSearchRequest = (api: Pick<RealApi, 'search'>): SearchRequest => searchRequest(api, -1)

/**
 * Waits until the `index`-th search the window sent has reached the local Convoso server, so main
 * is surely holding it when the test acts (every earlier search must have reached it too).
 */
export async function searchSent(app: RendererApp, index: number): Promise<SearchRequest> {
  await vi.waitFor(() => {
    if (app.server.requests.length - app.serverRequestsAtStart <= index)
      throw new Error(`search ${index} has not reached the server yet`)
  })
  return searchRequest(app.api, index)
}

export type { Fault }
