import type { SessionStatus } from '../../../shared/contract'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import type { ConvosoClient } from '../convoso/client'
import type { TokenStore } from '../keychain/token-store'
import type { SettingsStore } from '../settings/settings-store'

/** A running Convoso-compatible server with generated data, for "Explore with demo data". */
export interface DemoBackend {
  start(): Promise<{ apiBase: string; token: string; recordCount: number }>
  stop(): Promise<void>
}

export interface Credentials {
  apiBase: string
  token: string
}

export interface Session {
  status(): Promise<Result<SessionStatus>>
  verifyAndSave(token: string): Promise<Result<SessionStatus>>
  forget(): Promise<Result<SessionStatus>>
  startDemo(): Promise<Result<SessionStatus>>
  stopDemo(): Promise<Result<SessionStatus>>
  /** What a search needs; the token never leaves main. */
  credentials(): Promise<Result<Credentials>>
}

export interface SessionDeps {
  tokenStore: TokenStore
  settings: SettingsStore
  convoso: ConvosoClient
  demo: DemoBackend
}

type State =
  | { mode: 'unloaded' }
  | { mode: 'disconnected' }
  | { mode: 'live'; token: string }
  | { mode: 'demo'; apiBase: string; token: string; recordCount: number }

const TOKEN_SHAPE = /^[\x21-\x7e]+$/

function lastFour(token: string): string {
  return token.slice(-4)
}

/**
 * Who the app talks to and with which token. Holds the token in memory once
 * read from the keychain; demo mode runs against the local server and never
 * touches the keychain. State changes run one at a time, in the order asked.
 */
export function createSession({ tokenStore, settings, convoso, demo }: SessionDeps): Session {
  let state: State = { mode: 'unloaded' }
  let queue: Promise<unknown> = Promise.resolve()

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }

  async function describe(): Promise<SessionStatus> {
    switch (state.mode) {
      case 'live':
        return { mode: 'live', tokenLast4: lastFour(state.token), apiBase: (await settings.get()).apiBase }
      case 'demo':
        return { mode: 'demo', apiBase: state.apiBase, recordCount: state.recordCount }
      default:
        return { mode: 'disconnected' }
    }
  }

  async function loadFromKeychain(): Promise<Result<SessionStatus>> {
    const stored = await tokenStore.read()
    if (!stored.ok) {
      state = { mode: 'disconnected' }
      return stored
    }
    state = stored.data === null ? { mode: 'disconnected' } : { mode: 'live', token: stored.data }
    return ok(await describe())
  }

  async function leaveDemo(): Promise<void> {
    if (state.mode === 'demo') await demo.stop()
  }

  return {
    status: () => serial(async () => (state.mode === 'unloaded' ? loadFromKeychain() : ok(await describe()))),

    verifyAndSave: (rawToken) =>
      serial(async () => {
        const token = rawToken.trim()
        if (token === '' || !TOKEN_SHAPE.test(token)) {
          const message =
            token === ''
              ? 'Paste the API token first.'
              : 'The token contains spaces or unusual characters. Copy it again from Convoso (API → Authorization Tokens).'
          return fail({ kind: 'validation', message, fieldErrors: { token: message } })
        }
        const { apiBase } = await settings.get()
        const probe = await convoso.search({ apiBase, token, params: {}, offset: 0, limit: 1 })
        if (!probe.ok) return fail(explainVerificationFailure(probe.error))
        const saved = await tokenStore.save(token)
        if (!saved.ok) return saved
        await leaveDemo()
        state = { mode: 'live', token }
        return ok(await describe())
      }),

    forget: () =>
      serial(async () => {
        const removed = await tokenStore.forget()
        if (!removed.ok) return removed
        if (state.mode === 'live' || state.mode === 'unloaded') state = { mode: 'disconnected' }
        return ok(await describe())
      }),

    startDemo: () =>
      serial(async () => {
        if (state.mode !== 'demo') {
          try {
            const started = await demo.start()
            state = { mode: 'demo', ...started }
          } catch (error) {
            return fail({
              kind: 'internal',
              message: `Demo data could not be started (${(error as Error).message}). Try again or restart the app.`,
            })
          }
        }
        return ok(await describe())
      }),

    stopDemo: () =>
      serial(async () => {
        await leaveDemo()
        return loadFromKeychain()
      }),

    credentials: () =>
      serial(async () => {
        if (state.mode === 'unloaded') await loadFromKeychain()
        switch (state.mode) {
          case 'live':
            return ok({ apiBase: (await settings.get()).apiBase, token: state.token })
          case 'demo':
            return ok({ apiBase: state.apiBase, token: state.token })
          default:
            return fail({
              kind: 'token-missing',
              message: 'Connect to Convoso first: paste an API token or explore with demo data.',
            })
        }
      }),
  }
}

function explainVerificationFailure(error: AppError): AppError {
  if (error.kind === 'token-rejected') {
    return {
      kind: 'token-rejected',
      message:
        'Convoso did not accept this token. Check that it was copied whole and that its SMS Opt-Out section is ticked (API → Authorization Tokens). It was not saved.',
    }
  }
  return { ...error, message: `The token could not be checked, so it was not saved. ${error.message}` }
}
