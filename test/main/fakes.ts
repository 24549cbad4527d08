import type { ConvosoClient, ConvosoSearchRequest } from '../../src/main/services/convoso/client'
import type { KeychainBackend } from '../../src/main/services/keychain/token-store'
import { tokenIn } from '../support/memory-keychain'
import type { DemoBackend } from '../../src/main/services/session/session'
import { ok, type Result } from '../../src/shared/result'
import type { SearchPage } from '../../src/shared/records'

export class FakeKeychain implements KeychainBackend {
  readonly entries = new Map<string, string>()
  failing = false
  calls = 0

  private check(): void {
    this.calls += 1
    if (this.failing) throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
  }
  /** The tokens stored, without their binding records. */
  tokens(): string[] {
    return [...this.entries.values()].map(tokenIn)
  }
  async getPassword(service: string, account: string) {
    this.check()
    return this.entries.get(`${service}/${account}`) ?? null
  }
  async setPassword(service: string, account: string, password: string) {
    this.check()
    this.entries.set(`${service}/${account}`, password)
  }
  async deletePassword(service: string, account: string) {
    this.check()
    return this.entries.delete(`${service}/${account}`)
  }
}

export const EMPTY_PAGE: SearchPage = { offset: 0, limit: 1, total: 0, records: [] }

/** A Convoso client whose answers a test decides; records every request it got. */
export class FakeConvoso implements ConvosoClient {
  readonly requests: ConvosoSearchRequest[] = []
  respond: (request: ConvosoSearchRequest) => Promise<Result<SearchPage>> = async () => ok(EMPTY_PAGE)

  search(request: ConvosoSearchRequest): Promise<Result<SearchPage>> {
    this.requests.push(request)
    return this.respond(request)
  }
}

export class FakeDemo implements DemoBackend {
  running = false
  starts = 0
  async start() {
    this.running = true
    this.starts += 1
    return { apiBase: 'http://127.0.0.1:9/v1', token: 'demo-token', recordCount: 25_000 }
  }
  async stop() {
    this.running = false
  }
}
