import { z } from 'zod'
import { fail, ok, type Result } from '../../../shared/result'
import { DEFAULT_API_BASE } from '../../../shared/settings'
import { apiOrigin } from '../convoso/api-base'

/** The three keytar calls this app needs; injected so tests can use a fake or the real keychain. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/** A token and the API origin it was verified against; it is only ever sent there. */
export interface BoundToken {
  token: string
  origin: string
}

export interface TokenStore {
  read(): Promise<Result<BoundToken | null>>
  save(bound: BoundToken): Promise<Result<void>>
  forget(): Promise<Result<void>>
}

export const KEYCHAIN_SERVICE = 'Opt-Out Desk'
export const KEYCHAIN_ACCOUNT = 'convoso-api-token'

/** The keychain entry holds this small record, so the binding cannot be edited apart from the token. */
const storedSchema = z.strictObject({ v: z.literal(1), token: z.string().min(1), origin: z.string().min(1) })

/**
 * Versions before the binding stored the bare token. Convoso's own API is
 * where such a token was almost surely checked, so that is the only origin
 * it is trusted for; a staging user is asked for the token once more.
 */
const LEGACY_ORIGIN = apiOrigin(DEFAULT_API_BASE) ?? 'https://api.convoso.com'

function decode(stored: string): BoundToken {
  if (stored.startsWith('{')) {
    try {
      const parsed = storedSchema.safeParse(JSON.parse(stored))
      if (parsed.success) return { token: parsed.data.token, origin: parsed.data.origin }
    } catch {
      // Not our record: a bare token that happens to start with "{".
    }
  }
  return { token: stored, origin: LEGACY_ORIGIN }
}

const UNAVAILABLE_HINT =
  'Make sure your system keychain is available and unlocked (macOS Keychain, Windows Credential Manager, or on Linux a Secret Service such as GNOME Keyring), then try again. Nothing was saved anywhere else.'

/**
 * The API token lives only in the OS keychain, together with the origin it
 * was verified against (one entry, one write). When the keychain fails, the
 * error says so and the token is not written anywhere else (no file fallback).
 * keytar's own error text is kept out of messages: it never holds the token,
 * but a platform library's text is not ours to vouch for.
 */
export function createTokenStore(
  backend: KeychainBackend,
  { service = KEYCHAIN_SERVICE, account = KEYCHAIN_ACCOUNT } = {},
): TokenStore {
  const unavailable = (action: string) =>
    fail<never>({
      kind: 'keychain-unavailable',
      message: `The system keychain could not ${action}. ${UNAVAILABLE_HINT}`,
    })

  return {
    async read() {
      try {
        const stored = await backend.getPassword(service, account)
        return ok(stored === null || stored === '' ? null : decode(stored))
      } catch {
        return unavailable('be read')
      }
    },
    async save({ token, origin }) {
      try {
        await backend.setPassword(service, account, JSON.stringify({ v: 1, token, origin }))
        return ok(undefined)
      } catch {
        return unavailable('store the token')
      }
    },
    async forget() {
      try {
        await backend.deletePassword(service, account)
        return ok(undefined)
      } catch {
        return unavailable('remove the token')
      }
    },
  }
}
