import { create } from 'zustand'
import type { SessionStatus } from '../../../shared/contract'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import { call } from '../lib/call'
import { useSearchStore } from './search'

export type SessionAction = 'demo' | 'leave-demo' | 'forget'

export interface SessionData {
  /** Null until the first `getSessionStatus()` answers. */
  status: SessionStatus | null
  /** True while the app asks main how it is connected (start-up). */
  loading: boolean
  /** The last session-level failure (start-up, demo, forget), shown where the user is. */
  error: AppError | null
  /**
   * The token as the user is typing it. Emptied the moment it is sent to main:
   * the renderer never keeps a token after handing it over.
   */
  tokenDraft: string
  verifying: boolean
  verifyError: AppError | null
  /** Which session action is running, to show progress on its button. */
  busy: SessionAction | null
  /** The "Replace token" dialog is open; the current session stays until a new token verifies. */
  replaceOpen: boolean
}

export interface SessionActions {
  /** Start-up: asks main whether a token is stored, or demo mode is on. */
  load: () => Promise<void>
  /** Asks main again without the start-up loading state (e.g. after the API base changed). */
  refresh: () => Promise<void>
  setTokenDraft: (token: string) => void
  /** Sends the draft to main to verify and store. Resolves true when connected. */
  submitToken: () => Promise<boolean>
  startDemo: () => Promise<void>
  stopDemo: () => Promise<void>
  forgetToken: () => Promise<boolean>
  openReplace: () => void
  closeReplace: () => void
  dismissError: () => void
}

export type SessionState = SessionData & SessionActions

export function initialSessionData(): SessionData {
  return {
    status: null,
    loading: true,
    error: null,
    tokenDraft: '',
    verifying: false,
    verifyError: null,
    busy: null,
    replaceOpen: false,
  }
}

function sessionKey(status: SessionStatus | null): string {
  if (!status) return 'none'
  switch (status.mode) {
    case 'disconnected':
      return 'disconnected'
    case 'live':
      return `live:${status.apiBase}:${status.tokenLast4}`
    case 'demo':
      return `demo:${status.apiBase}`
  }
}

export const useSessionStore = create<SessionState>()((set, get) => {
  /** Takes a new status; results from another account (or from demo data) never stay on screen. */
  function adopt(status: SessionStatus): void {
    if (sessionKey(status) !== sessionKey(get().status)) useSearchStore.getState().resetResults()
    set({ status })
  }

  async function runAction(action: SessionAction, request: () => Promise<Result<SessionStatus>>) {
    set({ busy: action, error: null })
    const result = await call(request)
    set({ busy: null })
    if (!result.ok) {
      set({ error: result.error })
      return false
    }
    adopt(result.data)
    return true
  }

  return {
    ...initialSessionData(),

    load: async () => {
      set({ loading: true, error: null })
      const result = await call(() => getApi().getSessionStatus())
      if (result.ok) {
        adopt(result.data)
        set({ loading: false })
      } else {
        // E.g. the keychain is locked: show why on the connect screen; demo stays available.
        set({ loading: false, status: { mode: 'disconnected' }, error: result.error })
      }
    },

    refresh: async () => {
      const result = await call(() => getApi().getSessionStatus())
      if (result.ok) adopt(result.data)
      else set({ error: result.error })
    },

    setTokenDraft: (token) => set({ tokenDraft: token, verifyError: null }),

    submitToken: async () => {
      const token = get().tokenDraft.trim()
      if (token === '') {
        set({
          verifyError: {
            kind: 'validation',
            message: 'Paste the API token first.',
            fieldErrors: { token: 'Paste the API token first.' },
          },
        })
        return false
      }
      // Drop the token from renderer state before anything is awaited.
      set({ tokenDraft: '', verifying: true, verifyError: null })
      const result = await call(() => getApi().verifyAndSaveToken({ token }))
      if (!result.ok) {
        set({ verifying: false, verifyError: result.error })
        return false
      }
      adopt(result.data)
      set({ verifying: false, replaceOpen: false, error: null })
      return true
    },

    startDemo: async () => {
      await runAction('demo', () => getApi().startDemo())
    },

    stopDemo: async () => {
      await runAction('leave-demo', () => getApi().stopDemo())
    },

    forgetToken: async () => runAction('forget', () => getApi().forgetToken()),

    openReplace: () => set({ replaceOpen: true, tokenDraft: '', verifyError: null }),

    closeReplace: () => set({ replaceOpen: false, tokenDraft: '', verifyError: null }),

    dismissError: () => set({ error: null }),
  }
})

export function resetSessionStore(): void {
  useSessionStore.setState(initialSessionData())
}
