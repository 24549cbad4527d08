import { vi, type Mock } from 'vitest'
import type { ApiMethod, OptOutDeskApi, SearchResponse, SessionStatus } from '../../src/shared/contract'
import { EMPTY_FILTERS, type SearchFilters, type SearchParams } from '../../src/shared/filters'
import { DEFAULT_PAGE_SIZE } from '../../src/shared/paging'
import {
  uniquePresetName,
  validatePresetName,
  type Preset,
  type PresetsSnapshot,
} from '../../src/shared/presets'
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
  /** The saved presets main starts with (default: the three starter presets). */
  presets?: Preset[]
  /** The preset that runs when the app opens. */
  defaultId?: string | null
  /** `snapshot.problem`, e.g. a damaged presets file. */
  problem?: string | null
}

const STAMP = '2024-05-01T09:00:00.000Z'

export function makePreset(id: string, name: string, overrides: Partial<Preset> = {}): Preset {
  return {
    id,
    name,
    filters: EMPTY_FILTERS,
    pageSize: DEFAULT_PAGE_SIZE,
    starter: false,
    createdAt: STAMP,
    updatedAt: STAMP,
    ...overrides,
  }
}

export const withFilters = (patch: Partial<SearchFilters>): SearchFilters => ({ ...EMPTY_FILTERS, ...patch })

/** The presets main writes on first run. */
export function starterPresets(): Preset[] {
  return [
    makePreset('starter-global', 'Global opt-outs', {
      starter: true,
      filters: withFilters({ campaignId: '0' }),
    }),
    makePreset('starter-reason', 'Missing reason', {
      starter: true,
      filters: withFilters({ reasonMode: 'blank' }),
    }),
    makePreset('starter-purpose', 'Missing purpose', {
      starter: true,
      filters: withFilters({ purposeMode: 'blank' }),
    }),
  ]
}

/** Main's presets rules in memory: names checked with the shared rule, every change answers the whole list. */
function presetsBackend(initial: Preset[], initialDefault: string | null, problem: string | null) {
  let presets = initial.map((preset) => ({ ...preset }))
  let defaultId = initialDefault
  let nextId = 1
  const snapshot = (): Result<PresetsSnapshot> => ok({ presets: [...presets], defaultId, problem })
  const notFound = <T>(): Result<T> => fail({ kind: 'internal', message: 'That preset no longer exists.' })
  const nameError = <T>(message: string): Result<T> =>
    fail({ kind: 'validation', message, fieldErrors: { name: message } })
  const names = (exceptId?: string) => presets.filter((p) => p.id !== exceptId).map((p) => p.name)
  const newId = () => `preset-${nextId++}`
  return {
    state: () => ({ presets, defaultId }),
    snapshot,
    create: ({ name, filters, pageSize }: Pick<Preset, 'name' | 'filters' | 'pageSize'>) => {
      const valid = validatePresetName(name, names())
      if ('error' in valid) return nameError<PresetsSnapshot>(valid.error)
      presets = [...presets, makePreset(newId(), valid.name, { filters, pageSize })]
      return snapshot()
    },
    rename: (id: string, name: string) => {
      const valid = validatePresetName(name, names(id))
      if ('error' in valid) return nameError<PresetsSnapshot>(valid.error)
      if (!presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      presets = presets.map((p) => (p.id === id ? { ...p, name: valid.name } : p))
      return snapshot()
    },
    update: (id: string, patch: Pick<Preset, 'filters' | 'pageSize'>) => {
      if (!presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      presets = presets.map((p) => (p.id === id ? { ...p, ...patch } : p))
      return snapshot()
    },
    duplicate: (id: string) => {
      const index = presets.findIndex((p) => p.id === id)
      const original = presets[index]
      if (!original) return notFound<PresetsSnapshot>()
      const copy = {
        ...original,
        id: newId(),
        name: uniquePresetName(original.name, names()),
        starter: false,
      }
      presets = [...presets.slice(0, index + 1), copy, ...presets.slice(index + 1)]
      return snapshot()
    },
    remove: (id: string) => {
      if (!presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      presets = presets.filter((p) => p.id !== id)
      if (defaultId === id) defaultId = null
      return snapshot()
    },
    restore: (preset: Preset, index: number) => {
      const next = [...presets]
      next.splice(Math.min(index, next.length), 0, {
        ...preset,
        name: uniquePresetName(preset.name, names()),
      })
      presets = next
      return snapshot()
    },
    move: (id: string, toIndex: number) => {
      const moving = presets.find((p) => p.id === id)
      if (!moving) return notFound<PresetsSnapshot>()
      const next = presets.filter((p) => p.id !== id)
      next.splice(Math.min(toIndex, next.length), 0, moving)
      presets = next
      return snapshot()
    },
    setDefault: (id: string | null) => {
      if (id !== null && !presets.some((p) => p.id === id)) return notFound<PresetsSnapshot>()
      defaultId = id
      return snapshot()
    },
  }
}

/**
 * A typed fake `window.api`: sensible answers by default, every method a mock
 * the test can inspect or re-implement (e.g. with `deferred()` to control timing).
 */
export function createFakeApi({
  status = LIVE,
  total = 12_345,
  presets = starterPresets(),
  defaultId = null,
  problem = null,
}: FakeApiOptions = {}): FakeApi {
  let current = status
  const store = presetsBackend(presets, defaultId, problem)
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
    listPresets: vi.fn<OptOutDeskApi['listPresets']>(async () => store.snapshot()),
    createPreset: vi.fn<OptOutDeskApi['createPreset']>(async (request) => store.create(request)),
    renamePreset: vi.fn<OptOutDeskApi['renamePreset']>(async ({ id, name }) => store.rename(id, name)),
    updatePreset: vi.fn<OptOutDeskApi['updatePreset']>(async ({ id, filters, pageSize }) =>
      store.update(id, { filters, pageSize }),
    ),
    duplicatePreset: vi.fn<OptOutDeskApi['duplicatePreset']>(async ({ id }) => store.duplicate(id)),
    deletePreset: vi.fn<OptOutDeskApi['deletePreset']>(async ({ id }) => store.remove(id)),
    restorePreset: vi.fn<OptOutDeskApi['restorePreset']>(async ({ preset, index }) =>
      store.restore(preset, index),
    ),
    movePreset: vi.fn<OptOutDeskApi['movePreset']>(async ({ id, toIndex }) => store.move(id, toIndex)),
    setDefaultPreset: vi.fn<OptOutDeskApi['setDefaultPreset']>(async ({ id }) => store.setDefault(id)),
    exportPresets: vi.fn<OptOutDeskApi['exportPresets']>(async () =>
      ok({ filePath: '/home/officer/opt-out-desk-presets.json', count: store.state().presets.length }),
    ),
    // The user closes the open dialog unless a test says otherwise.
    previewPresetImport: vi.fn<OptOutDeskApi['previewPresetImport']>(async () => ok(null)),
    confirmPresetImport: vi.fn<OptOutDeskApi['confirmPresetImport']>(async () =>
      fail({ kind: 'internal', message: 'No import is waiting for confirmation.' }),
    ),
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
