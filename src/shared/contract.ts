import { z } from 'zod'
import { searchFiltersSchema, type SearchParams } from './filters'
import { MAX_LIMIT, MAX_OFFSET } from './paging'
import type { SearchPage } from './records'
import type { Result } from './result'

/**
 * The single IPC contract. Each entry names its channel and the runtime schema
 * main validates the payload with; `Responses` gives what each call resolves to.
 * The preload facade, main's handler registry and the renderer's `window.api`
 * type are all derived from this file, so drift is a type error.
 */

export type SessionStatus =
  | { mode: 'disconnected' }
  | { mode: 'live'; tokenLast4: string; apiBase: string }
  | { mode: 'demo'; apiBase: string; recordCount: number }

export interface Settings {
  /** Base of the Convoso REST API, without a trailing slash, e.g. `https://api.convoso.com/v1`. */
  apiBase: string
}

export interface SearchResponse {
  requestId: string
  page: SearchPage
  /** The fields actually sent to Convoso (never the token). */
  params: SearchParams
}

export interface AppInfo {
  name: string
  version: string
}

const requestId = z.string().min(1).max(100)

export const ipcContract = {
  getAppInfo: { channel: 'app:info', request: z.undefined() },
  getSessionStatus: { channel: 'session:status', request: z.undefined() },
  verifyAndSaveToken: {
    channel: 'token:verify-and-save',
    // Convoso tokens are short hex strings; the cap only stops absurd pastes.
    request: z.object({ token: z.string().max(4096) }),
  },
  forgetToken: { channel: 'token:forget', request: z.undefined() },
  startDemo: { channel: 'demo:start', request: z.undefined() },
  stopDemo: { channel: 'demo:stop', request: z.undefined() },
  getSettings: { channel: 'settings:get', request: z.undefined() },
  saveSettings: {
    channel: 'settings:save',
    request: z.object({ apiBase: z.string().max(2048) }),
  },
  search: {
    channel: 'search:run',
    request: z.object({
      requestId,
      filters: searchFiltersSchema,
      offset: z.number().int().min(0).max(MAX_OFFSET),
      limit: z.number().int().min(1).max(MAX_LIMIT),
    }),
  },
  cancelSearch: { channel: 'search:cancel', request: z.object({ requestId }) },
} as const

export interface Responses {
  getAppInfo: AppInfo
  getSessionStatus: SessionStatus
  verifyAndSaveToken: SessionStatus
  forgetToken: SessionStatus
  startDemo: SessionStatus
  stopDemo: SessionStatus
  getSettings: Settings
  saveSettings: Settings
  search: SearchResponse
  /** True when a search with that id was still running and is now aborted. */
  cancelSearch: boolean
}

export type ApiMethod = keyof typeof ipcContract
export type RequestOf<M extends ApiMethod> = z.infer<(typeof ipcContract)[M]['request']>

/** What `window.api` looks like in the renderer: one named async function per contract entry. */
export type OptOutDeskApi = {
  [M in ApiMethod]: RequestOf<M> extends undefined
    ? () => Promise<Result<Responses[M]>>
    : (request: RequestOf<M>) => Promise<Result<Responses[M]>>
}

export const API_METHODS = Object.keys(ipcContract) as ApiMethod[]
