import type { SessionStatus } from '../../../shared/contract'
import { fail, ok, type AppError, type Result } from '../../../shared/result'
import { createSerialQueue } from '../../../shared/serial'
import type { ConvosoClient } from '../convoso/client'
import type { Settings } from '../../../shared/contract'
import { apiOrigin, hostOf } from '../convoso/api-base'
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
  /** The origin the token was verified against; the client sends it nowhere else. */
  tokenOrigin: string
}

export interface Session {
  status(): Promise<Result<SessionStatus>>
  verifyAndSave(token: string): Promise<Result<SessionStatus>>
  forget(): Promise<Result<SessionStatus>>
  startDemo(): Promise<Result<SessionStatus>>
  stopDemo(): Promise<Result<SessionStatus>>
  /** What a search needs; the token never leaves main. */
  credentials(): Promise<Result<Credentials>>
  /**
   * Saves settings. Moving the API address to another origin disconnects and
   * removes the saved token: it was verified for the old host only.
   */
  saveSettings(update: Parameters<SettingsStore['save']>[0]): Promise<Result<Settings>>
  /**
   * Every token main has held in this run (live, demo, being verified), for the
   * last sweep of answers and the log. Nothing else may read the token store.
   */
  secrets(): readonly string[]
}

export interface SessionDeps {
  tokenStore: TokenStore
  settings: SettingsStore
  convoso: ConvosoClient
  demo: DemoBackend
}

type State =
  | { mode: 'unloaded' }
  /** `notice` says why, when it is not simply that no token is saved. */
  | { mode: 'disconnected'; notice?: string }
  | { mode: 'live'; token: string; origin: string }
  | { mode: 'demo'; apiBase: string; token: string; recordCount: number }

const TOKEN_SHAPE = /^[\x21-\x7e]+$/
/** Enough for a replaced token and a demo one; older ones are long gone from any answer. */
const SECRETS_KEPT = 8

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
  const serial = createSerialQueue()
  const held = new Set<string>()

  function remember(token: string): void {
    held.delete(token)
    held.add(token)
    while (held.size > SECRETS_KEPT) held.delete(held.values().next().value as string)
  }

  /**
   * A live token whose origin is not the one in settings (settings.json edited
   * by hand, or an old token) is not used: disconnected, with the reason.
   */
  async function checkBinding(): Promise<void> {
    if (state.mode !== 'live') return
    const { apiBase } = await settings.get()
    if (apiOrigin(apiBase) === state.origin) return
    state = {
      mode: 'disconnected',
      notice:
        `The saved token was checked with ${hostOf(state.origin)}, but the API address is now ${hostOf(apiBase)}. ` +
        `Nothing was sent there. Paste a token for ${hostOf(apiBase)}, or change the API address back in API settings.`,
    }
  }

  async function describe(): Promise<SessionStatus> {
    await checkBinding()
    switch (state.mode) {
      case 'live':
        return { mode: 'live', tokenLast4: lastFour(state.token), apiBase: (await settings.get()).apiBase }
      case 'demo':
        return { mode: 'demo', apiBase: state.apiBase, recordCount: state.recordCount }
      case 'disconnected':
        return state.notice ? { mode: 'disconnected', notice: state.notice } : { mode: 'disconnected' }
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
    if (stored.data === null) {
      state = { mode: 'disconnected' }
    } else {
      remember(stored.data.token)
      state = { mode: 'live', token: stored.data.token, origin: stored.data.origin }
    }
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
        remember(token)
        const { apiBase } = await settings.get()
        // Settings only hold addresses that pass this check; null would mean a bug, and sends nothing.
        const origin = apiOrigin(apiBase) ?? ''
        const probe = await convoso.search({
          apiBase,
          token,
          tokenOrigin: origin,
          params: {},
          offset: 0,
          limit: 1,
        })
        if (!probe.ok) return fail(explainVerificationFailure(probe.error))
        const saved = await tokenStore.save({ token, origin })
        if (!saved.ok) return saved
        await leaveDemo()
        state = { mode: 'live', token, origin }
        return ok(await describe())
      }),

    forget: () =>
      serial(async () => {
        const removed = await tokenStore.forget()
        if (!removed.ok) return removed
        if (state.mode !== 'demo') state = { mode: 'disconnected' }
        return ok(await describe())
      }),

    startDemo: () =>
      serial(async () => {
        if (state.mode !== 'demo') {
          try {
            const started = await demo.start()
            remember(started.token)
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
        await checkBinding()
        switch (state.mode) {
          case 'live':
            return ok({
              apiBase: (await settings.get()).apiBase,
              token: state.token,
              tokenOrigin: state.origin,
            })
          case 'demo':
            return ok({
              apiBase: state.apiBase,
              token: state.token,
              tokenOrigin: apiOrigin(state.apiBase) ?? '',
            })
          default:
            return fail({
              kind: 'token-missing',
              message:
                (state.mode === 'disconnected' ? state.notice : undefined) ??
                'Connect to Convoso first: paste an API token or explore with demo data.',
            })
        }
      }),

    saveSettings: (update) =>
      serial(async () => {
        const before = apiOrigin((await settings.get()).apiBase)
        const saved = await settings.save(update)
        if (!saved.ok || apiOrigin(saved.data.apiBase) === before) return saved
        if (state.mode === 'disconnected' || state.mode === 'unloaded') {
          // A saved token kept for another host may fit the new address (set back after a hand edit).
          await loadFromKeychain()
          return saved
        }
        if (state.mode !== 'live') return saved
        // The token was verified for the old host only; Settings said so before saving.
        const removed = await tokenStore.forget()
        state = {
          mode: 'disconnected',
          notice: removed.ok
            ? `The API address moved to ${hostOf(saved.data.apiBase)}, so the saved token was removed. Paste a token for ${hostOf(saved.data.apiBase)}.`
            : `The API address moved to ${hostOf(saved.data.apiBase)}; the saved token is kept for ${hostOf(state.origin)} only and is not sent anywhere else. Paste a token for ${hostOf(saved.data.apiBase)}.`,
        }
        return saved
      }),

    secrets: () => [...held],
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
