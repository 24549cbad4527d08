import keytar from 'keytar'
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createTokenStore } from '../../src/main/services/keychain/token-store'

// A service name of its own so a developer's real Opt-Out Desk entry is never touched.
const service = `Opt-Out Desk integration ${randomBytes(4).toString('hex')}`
const store = createTokenStore(keytar, { service })

afterAll(async () => {
  await keytar.deletePassword(service, 'convoso-api-token').catch(() => undefined)
})

describe('token store on the real OS keychain (keytar + Secret Service)', () => {
  it('starts empty, saves, reads back, replaces and forgets a token', async () => {
    expect(await store.read()).toEqual({ ok: true, data: null })

    const first = { token: 'first-token-aaaa', origin: 'https://api.convoso.com' }
    expect(await store.save(first)).toEqual({ ok: true, data: undefined })
    expect(await store.read()).toEqual({ ok: true, data: first })
    // What the store wrote is really in the keychain, not only in memory: the token with its verified origin.
    expect(JSON.parse((await keytar.getPassword(service, 'convoso-api-token')) ?? '')).toEqual({
      v: 1,
      ...first,
    })

    const second = { token: 'second-token-bbbb', origin: 'https://staging.example.com' }
    expect((await store.save(second)).ok).toBe(true)
    expect(await store.read()).toEqual({ ok: true, data: second })
    expect(await keytar.findCredentials(service)).toHaveLength(1)

    expect((await store.forget()).ok).toBe(true)
    expect(await store.read()).toEqual({ ok: true, data: null })
    expect(await keytar.getPassword(service, 'convoso-api-token')).toBeNull()
  })

  it('forgetting when nothing is stored is not an error', async () => {
    expect((await store.forget()).ok).toBe(true)
  })
})
