import { fail, ok, type Result } from '../../../shared/result'

/** The three keytar calls this app needs; injected so tests can use a fake or the real keychain. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface TokenStore {
  read(): Promise<Result<string | null>>
  save(token: string): Promise<Result<void>>
  forget(): Promise<Result<void>>
}

export const KEYCHAIN_SERVICE = 'Opt-Out Desk'
export const KEYCHAIN_ACCOUNT = 'convoso-api-token'

const UNAVAILABLE_HINT =
  'Make sure your system keychain is available and unlocked (macOS Keychain, Windows Credential Manager, or on Linux a Secret Service such as GNOME Keyring), then try again. Nothing was saved anywhere else.'

/**
 * The API token lives only in the OS keychain. When the keychain fails, the
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
        const token = await backend.getPassword(service, account)
        return ok(token === null || token === '' ? null : token)
      } catch {
        return unavailable('be read')
      }
    },
    async save(token) {
      try {
        await backend.setPassword(service, account, token)
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
