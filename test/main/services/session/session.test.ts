import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTokenStore } from '../../../../src/main/services/keychain/token-store'
import { createSession } from '../../../../src/main/services/session/session'
import { createSettingsStore } from '../../../../src/main/services/settings/settings-store'
import { fail } from '../../../../src/shared/result'
import { FakeConvoso, FakeDemo, FakeKeychain } from '../../fakes'

let dir: string
let keychain: FakeKeychain
let convoso: FakeConvoso
let demo: FakeDemo

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'session-test-'))
  keychain = new FakeKeychain()
  convoso = new FakeConvoso()
  demo = new FakeDemo()
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function makeSession() {
  return createSession({
    tokenStore: createTokenStore(keychain),
    settings: createSettingsStore({ directory: dir }),
    convoso,
    demo,
  })
}

describe('session', () => {
  it('is disconnected on first launch', async () => {
    expect(await makeSession().status()).toEqual({ ok: true, data: { mode: 'disconnected' } })
  })

  it('verifies a token with a one-row search before saving it, and reports only its last four characters', async () => {
    const session = makeSession()
    const result = await session.verifyAndSave('  tok-0123456789wxyz  ')
    expect(result).toEqual({
      ok: true,
      data: { mode: 'live', tokenLast4: 'wxyz', apiBase: 'https://api.convoso.com/v1' },
    })
    expect(convoso.requests).toHaveLength(1)
    expect(convoso.requests[0]).toMatchObject({
      token: 'tok-0123456789wxyz',
      offset: 0,
      limit: 1,
      params: {},
    })
    expect(keychain.tokens()).toEqual(['tok-0123456789wxyz'])
    // A new session (next app start) finds it in the keychain.
    expect(await makeSession().status()).toMatchObject({
      ok: true,
      data: { mode: 'live', tokenLast4: 'wxyz' },
    })
  })

  it('never saves a token Convoso rejects, and says what to check', async () => {
    convoso.respond = async () => fail({ kind: 'token-rejected', message: 'Auth token is invalid' })
    const result = await makeSession().verifyAndSave('bad-token')
    expect(result).toMatchObject({ ok: false, error: { kind: 'token-rejected' } })
    if (!result.ok) expect(result.error.message).toMatch(/SMS Opt-Out/)
    expect(keychain.entries.size).toBe(0)
  })

  it('does not save when the check cannot reach Convoso', async () => {
    convoso.respond = async () => fail({ kind: 'network', message: 'Could not reach Convoso.' })
    const result = await makeSession().verifyAndSave('maybe-good')
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } })
    if (!result.ok) expect(result.error.message).toMatch(/not saved/)
    expect(keychain.entries.size).toBe(0)
  })

  it.each(['', '   ', 'two words', 'tab\there'])('refuses %j without calling Convoso', async (token) => {
    const result = await makeSession().verifyAndSave(token)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(convoso.requests).toHaveLength(0)
  })

  it('replacing a token keeps the old one until the new one verifies', async () => {
    const session = makeSession()
    await session.verifyAndSave('old-token-1111')
    convoso.respond = async () => fail({ kind: 'token-rejected', message: 'no' })
    await session.verifyAndSave('new-token-2222')
    expect(await session.credentials()).toMatchObject({ ok: true, data: { token: 'old-token-1111' } })
    expect(keychain.tokens()).toEqual(['old-token-1111'])
  })

  it('forget removes the token from the keychain and from memory', async () => {
    const session = makeSession()
    await session.verifyAndSave('token-abcd')
    expect(await session.forget()).toEqual({ ok: true, data: { mode: 'disconnected' } })
    expect(keychain.entries.size).toBe(0)
    expect(await session.credentials()).toMatchObject({ ok: false, error: { kind: 'token-missing' } })
  })

  it('demo mode runs on the local server and never touches the keychain', async () => {
    const session = makeSession()
    expect(await session.startDemo()).toEqual({
      ok: true,
      data: { mode: 'demo', apiBase: 'http://127.0.0.1:9/v1', recordCount: 25_000 },
    })
    expect(await session.credentials()).toEqual({
      ok: true,
      data: { apiBase: 'http://127.0.0.1:9/v1', token: 'demo-token', tokenOrigin: 'http://127.0.0.1:9' },
    })
    expect(await session.status()).toMatchObject({ ok: true, data: { mode: 'demo' } })
    expect(keychain.calls).toBe(0)
    await session.stopDemo()
    expect(demo.running).toBe(false)
  })

  it('a keychain that cannot be read leaves the app disconnected with a clear error', async () => {
    keychain.failing = true
    const result = await makeSession().status()
    expect(result).toMatchObject({ ok: false, error: { kind: 'keychain-unavailable' } })
  })

  it('applies concurrent state changes in the order they were asked', async () => {
    const session = makeSession()
    const results = await Promise.all([
      session.verifyAndSave('first-aaaa'),
      session.forget(),
      session.verifyAndSave('second-bbbb'),
    ])
    expect(results.map((result) => result.ok && result.data.mode)).toEqual(['live', 'disconnected', 'live'])
    expect(keychain.tokens()).toEqual(['second-bbbb'])
  })
})
