import { describe, expect, it } from 'vitest'
import {
  createTokenStore,
  KEYCHAIN_ACCOUNT,
  KEYCHAIN_SERVICE,
} from '../../../../src/main/services/keychain/token-store'
import { FakeKeychain } from '../../fakes'

describe('token store', () => {
  it('saves the token with the origin it was verified against, under the app service name, and reads both back', async () => {
    const keychain = new FakeKeychain()
    const store = createTokenStore(keychain)
    const bound = { token: 'abc123', origin: 'https://api.convoso.com' }
    expect(await store.save(bound)).toEqual({ ok: true, data: undefined })
    expect(JSON.parse(keychain.entries.get(`${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}`) ?? '')).toEqual({
      v: 1,
      ...bound,
    })
    expect(await store.read()).toEqual({ ok: true, data: bound })
    expect((await store.forget()).ok).toBe(true)
    expect(await store.read()).toEqual({ ok: true, data: null })
  })

  it("reads a bare token saved by an earlier version as verified for Convoso's own API only", async () => {
    const keychain = new FakeKeychain()
    keychain.entries.set(`${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}`, 'legacy-token-1234')
    expect(await createTokenStore(keychain).read()).toEqual({
      ok: true,
      data: { token: 'legacy-token-1234', origin: 'https://api.convoso.com' },
    })
    keychain.entries.set(`${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}`, '{not-json-token')
    expect(await createTokenStore(keychain).read()).toMatchObject({ data: { token: '{not-json-token' } })
  })

  it('turns every keychain failure into keychain-unavailable without the platform text', async () => {
    const keychain = new FakeKeychain()
    keychain.failing = true
    const store = createTokenStore(keychain)
    for (const result of [
      await store.read(),
      await store.save({ token: 'secret-token', origin: 'https://api.convoso.com' }),
      await store.forget(),
    ]) {
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.kind).toBe('keychain-unavailable')
        expect(result.error.message).toMatch(/Nothing was saved anywhere else/)
        expect(result.error.message).not.toMatch(/X11|secret-token/)
      }
    }
  })
})
