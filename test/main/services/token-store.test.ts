import { describe, expect, it } from 'vitest'
import {
  createTokenStore,
  KEYCHAIN_ACCOUNT,
  KEYCHAIN_SERVICE,
} from '../../../src/main/services/keychain/token-store'
import { FakeKeychain } from '../fakes'

describe('token store', () => {
  it('saves under the app service name and reads it back', async () => {
    const keychain = new FakeKeychain()
    const store = createTokenStore(keychain)
    expect(await store.save('abc123')).toEqual({ ok: true, data: undefined })
    expect(keychain.entries.get(`${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}`)).toBe('abc123')
    expect(await store.read()).toEqual({ ok: true, data: 'abc123' })
    expect((await store.forget()).ok).toBe(true)
    expect(await store.read()).toEqual({ ok: true, data: null })
  })

  it('turns every keychain failure into keychain-unavailable without the platform text', async () => {
    const keychain = new FakeKeychain()
    keychain.failing = true
    const store = createTokenStore(keychain)
    for (const result of [await store.read(), await store.save('secret-token'), await store.forget()]) {
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.kind).toBe('keychain-unavailable')
        expect(result.error.message).toMatch(/Nothing was saved anywhere else/)
        expect(result.error.message).not.toMatch(/X11|secret-token/)
      }
    }
  })
})
