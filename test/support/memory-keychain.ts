import type { KeychainBackend } from '../../src/main/services/keychain/token-store'

/**
 * Stands in for the OS keychain in browser end-to-end runs; the real keytar is
 * covered by test/integration against gnome-keyring. Exposes its contents so a
 * spec can check what was (and was not) stored.
 */
/** The token in a keychain entry the app wrote (a small JSON record binding it to its API origin). */
export function tokenIn(entry: string): string {
  const parsed = JSON.parse(entry) as { token?: unknown }
  return typeof parsed.token === 'string' ? parsed.token : ''
}

export class MemoryKeychain implements KeychainBackend {
  readonly entries = new Map<string, string>()
  calls = 0

  /** The tokens stored, without their binding records. */
  tokens(): string[] {
    return [...this.entries.values()].map(tokenIn)
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    this.calls += 1
    return this.entries.get(`${service}/${account}`) ?? null
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.calls += 1
    this.entries.set(`${service}/${account}`, password)
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    this.calls += 1
    return this.entries.delete(`${service}/${account}`)
  }
}
