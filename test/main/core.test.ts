import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KEYCHAIN_ACCOUNT, KEYCHAIN_SERVICE } from '../../src/main/services/keychain/token-store'
import { MemoryKeychain } from '../support/memory-keychain'
import { createTestCore } from '../support/test-core'

const TOKEN = 'core-test-token-0000001'

let userDataDir: string
beforeEach(async () => {
  userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-core-'))
})
afterEach(() => rm(userDataDir, { recursive: true, force: true }))

/** Convoso accepting any token, so saving depends on the keychain alone. */
const acceptingFetch: typeof fetch = async () =>
  new Response(JSON.stringify({ success: true, offset: '0', limit: '1', total: '0', records: [] }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })

function coreWith(keychain: MemoryKeychain, keychainService?: string) {
  return createTestCore({ userDataDir, keychain, fetch: acceptingFetch, keychainService })
}

describe('createCore', () => {
  it("keeps the token under the app's keychain entry by default", async () => {
    const keychain = new MemoryKeychain()
    const core = coreWith(keychain)
    expect((await core.handlers.verifyAndSaveToken({ token: TOKEN })).ok).toBe(true)
    expect([...keychain.entries.keys()]).toEqual([`${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}`])
    expect(keychain.tokens()).toEqual([TOKEN])
    await core.dispose()
  })

  it('uses the keychain entry it is given, so test runs never touch a real token', async () => {
    const keychain = new MemoryKeychain()
    const core = coreWith(keychain, 'Opt-Out Desk e2e 42')
    expect((await core.handlers.verifyAndSaveToken({ token: TOKEN })).ok).toBe(true)
    expect([...keychain.entries.keys()]).toEqual([`Opt-Out Desk e2e 42/${KEYCHAIN_ACCOUNT}`])
    expect(keychain.tokens()).toEqual([TOKEN])
    await core.dispose()
  })
})
