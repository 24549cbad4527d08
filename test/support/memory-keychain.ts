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
  /** While true every call fails, as a locked or missing system keychain does. */
  unavailable = false

  private use(): void {
    this.calls += 1
    if (this.unavailable) throw new Error('The keychain is locked (test stand-in).')
  }

  /** The tokens stored, without their binding records. */
  tokens(): string[] {
    return [...this.entries.values()].map(tokenIn)
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    this.use()
    return this.entries.get(`${service}/${account}`) ?? null
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.use()
    this.entries.set(`${service}/${account}`, password)
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    this.use()
    return this.entries.delete(`${service}/${account}`)
  }
}
