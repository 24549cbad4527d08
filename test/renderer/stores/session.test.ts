import { describe, expect, it } from 'vitest'
import type { SessionStatus } from '../../../src/shared/contract'
import type { Result } from '../../../src/shared/result'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import { useSessionStore } from '../../../src/renderer/src/stores/session'
import { DEMO, DISCONNECTED, LIVE, deferred, fail, installFakeApi, ok } from '../fake-api'

const session = () => useSessionStore.getState()

describe('session store', () => {
  it('starts loading and learns the mode from main', async () => {
    installFakeApi({ status: LIVE })
    expect(session().loading).toBe(true)
    await session().load()
    expect(session().loading).toBe(false)
    expect(session().status).toEqual(LIVE)
  })

  it('falls back to the connect screen with the reason when the status cannot be read', async () => {
    const api = installFakeApi()
    api.getSessionStatus.mockResolvedValueOnce(
      fail({ kind: 'keychain-unavailable', message: 'The system keychain is locked.' }),
    )
    await session().load()
    expect(session().status).toEqual(DISCONNECTED)
    expect(session().error).toEqual({
      kind: 'keychain-unavailable',
      message: 'The system keychain is locked.',
    })
    await session().startDemo()
    expect(session().status).toEqual(DEMO)
    expect(session().error).toBeNull()
  })

  it('clears the token from its state before main answers', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    await session().load()
    const answer = deferred<Result<SessionStatus>>()
    api.verifyAndSaveToken.mockImplementationOnce(() => answer.promise)

    session().setTokenDraft('  0123456789abcdef0123456789abcdef  ')
    const done = session().submitToken()
    expect(api.verifyAndSaveToken).toHaveBeenCalledWith({ token: '0123456789abcdef0123456789abcdef' })
    expect(session().tokenDraft).toBe('')
    expect(session().verifying).toBe(true)
    expect(JSON.stringify(session())).not.toContain('0123456789abcdef')

    answer.resolve(ok({ mode: 'live', tokenLast4: 'cdef', apiBase: 'https://api.convoso.com/v1' }))
    expect(await done).toBe(true)
    expect(session().status).toMatchObject({ mode: 'live', tokenLast4: 'cdef' })
    expect(session().verifying).toBe(false)
  })

  it('shows a rejected token inline and does not keep it', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    await session().load()
    api.verifyAndSaveToken.mockResolvedValueOnce(
      fail({ kind: 'token-rejected', message: 'Convoso rejected this token.' }),
    )
    session().setTokenDraft('bad-token')
    expect(await session().submitToken()).toBe(false)
    expect(session().verifyError?.kind).toBe('token-rejected')
    expect(session().tokenDraft).toBe('')
    expect(session().status).toEqual(DISCONNECTED)
  })

  it('does not call main for an empty token', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    session().setTokenDraft('   ')
    expect(await session().submitToken()).toBe(false)
    expect(api.verifyAndSaveToken).not.toHaveBeenCalled()
    expect(session().verifyError?.message).toBe('Paste the API token first.')
  })

  it('keeps the current session while a replacement token is verified', async () => {
    const api = installFakeApi({ status: LIVE })
    await session().load()
    session().openReplace()
    const answer = deferred<Result<SessionStatus>>()
    api.verifyAndSaveToken.mockImplementationOnce(() => answer.promise)
    session().setTokenDraft('new-token-9876')
    const done = session().submitToken()
    expect(session().status).toEqual(LIVE)
    expect(session().replaceOpen).toBe(true)
    answer.resolve(ok({ mode: 'live', tokenLast4: '9876', apiBase: 'https://api.convoso.com/v1' }))
    await done
    expect(session().status).toMatchObject({ tokenLast4: '9876' })
    expect(session().replaceOpen).toBe(false)
  })

  it('forgets the token, returns to disconnected and drops results from the old session', async () => {
    const api = installFakeApi({ status: LIVE })
    await session().load()
    await useSearchStore.getState().search()
    expect(useSearchStore.getState().results).not.toBeNull()
    expect(await session().forgetToken()).toBe(true)
    expect(api.forgetToken).toHaveBeenCalledTimes(1)
    expect(session().status).toEqual(DISCONNECTED)
    expect(useSearchStore.getState().results).toBeNull()
  })

  it('keeps the session and reports why when forgetting fails', async () => {
    const api = installFakeApi({ status: LIVE })
    await session().load()
    api.forgetToken.mockResolvedValueOnce(fail({ kind: 'keychain-unavailable', message: 'Keychain locked.' }))
    expect(await session().forgetToken()).toBe(false)
    expect(session().status).toEqual(LIVE)
    expect(session().error?.message).toBe('Keychain locked.')
    expect(session().busy).toBeNull()
  })

  it('leaving the demo drops the demo results', async () => {
    installFakeApi({ status: DEMO })
    await session().load()
    await useSearchStore.getState().search()
    await session().stopDemo()
    expect(session().status).toEqual(DISCONNECTED)
    expect(useSearchStore.getState().results).toBeNull()
  })
})
