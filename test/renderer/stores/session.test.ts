import { describe, expect, it } from 'vitest'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import { useSessionStore } from '../../../src/renderer/src/stores/session'
import { installRealApi, RENDERER_TOKEN, SECOND_TOKEN } from '../../support/renderer/api'
import { deferred } from '../../support/renderer/values'

const session = () => useSessionStore.getState()
const DISCONNECTED = { mode: 'disconnected' }

describe('session store', () => {
  it('starts loading and learns the mode from main', async () => {
    const app = await installRealApi()
    expect(session().loading).toBe(true)
    await session().load()
    expect(session().loading).toBe(false)
    expect(session().status).toEqual({
      mode: 'live',
      tokenLast4: RENDERER_TOKEN.slice(-4),
      apiBase: app.server.apiBase,
    })
  })

  it('falls back to the connect screen with the reason when the status cannot be read', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    app.keychain.unavailable = true
    await session().load()
    expect(session().status).toEqual(DISCONNECTED)
    expect(session().error).toEqual({
      kind: 'keychain-unavailable',
      message: expect.stringMatching(/^The system keychain could not be read\. /),
    })
    await session().startDemo()
    expect(session().status).toMatchObject({ mode: 'demo', recordCount: 25_000 })
    expect(session().error).toBeNull()
  })

  it('clears the token from its state before main answers', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    await session().load()
    const gate = deferred<undefined>()
    app.api.verifyAndSaveToken.mockImplementationOnce(async (request) => {
      await gate.promise
      return app.call('verifyAndSaveToken', request)
    })

    session().setTokenDraft(`  ${RENDERER_TOKEN}  `)
    const done = session().submitToken()
    expect(app.api.verifyAndSaveToken).toHaveBeenCalledWith({ token: RENDERER_TOKEN })
    expect(session().tokenDraft).toBe('')
    expect(session().verifying).toBe(true)
    expect(JSON.stringify(session())).not.toContain(RENDERER_TOKEN)

    gate.resolve(undefined)
    expect(await done).toBe(true)
    expect(session().status).toMatchObject({ mode: 'live', tokenLast4: RENDERER_TOKEN.slice(-4) })
    expect(session().verifying).toBe(false)
    expect(app.keychain.tokens()).toEqual([RENDERER_TOKEN])
  })

  it('shows a rejected token inline and does not keep it', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    await session().load()
    session().setTokenDraft('not-a-token-0000')
    expect(await session().submitToken()).toBe(false)
    expect(session().verifyError?.kind).toBe('token-rejected')
    expect(session().tokenDraft).toBe('')
    expect(session().status).toEqual(DISCONNECTED)
    expect(app.keychain.tokens()).toEqual([])
  })

  it('does not call main for an empty token', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    session().setTokenDraft('   ')
    expect(await session().submitToken()).toBe(false)
    expect(app.api.verifyAndSaveToken).not.toHaveBeenCalled()
    expect(session().verifyError?.message).toBe('Paste the API token first.')
  })

  it('keeps the current session while a replacement token is verified', async () => {
    const app = await installRealApi()
    await session().load()
    const live = session().status
    session().openReplace()
    const gate = deferred<undefined>()
    app.api.verifyAndSaveToken.mockImplementationOnce(async (request) => {
      await gate.promise
      return app.call('verifyAndSaveToken', request)
    })
    session().setTokenDraft(SECOND_TOKEN)
    const done = session().submitToken()
    expect(session().status).toEqual(live)
    expect(session().replaceOpen).toBe(true)
    gate.resolve(undefined)
    await done
    expect(session().status).toMatchObject({ tokenLast4: SECOND_TOKEN.slice(-4) })
    expect(session().replaceOpen).toBe(false)
  })

  it('forgets the token, returns to disconnected and drops results from the old session', async () => {
    const app = await installRealApi()
    await session().load()
    await useSearchStore.getState().search()
    expect(useSearchStore.getState().results).not.toBeNull()
    expect(await session().forgetToken()).toBe(true)
    expect(app.api.forgetToken).toHaveBeenCalledTimes(1)
    expect(session().status).toEqual(DISCONNECTED)
    expect(useSearchStore.getState().results).toBeNull()
    expect(app.keychain.tokens()).toEqual([])
  })

  it('keeps the session and reports why when forgetting fails', async () => {
    const app = await installRealApi()
    await session().load()
    const live = session().status
    app.keychain.unavailable = true
    expect(await session().forgetToken()).toBe(false)
    expect(session().status).toEqual(live)
    expect(session().error?.message).toMatch(/^The system keychain could not remove the token\. /)
    expect(session().busy).toBeNull()
  })

  it('leaving the demo drops the demo results', async () => {
    await installRealApi({ connect: 'demo' })
    await session().load()
    expect(session().status).toMatchObject({ mode: 'demo' })
    await useSearchStore.getState().search()
    expect(useSearchStore.getState().results).not.toBeNull()
    await session().stopDemo()
    expect(session().status).toEqual(DISCONNECTED)
    expect(useSearchStore.getState().results).toBeNull()
  })
})
