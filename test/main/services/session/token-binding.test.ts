import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConvosoClient } from '../../../../src/main/services/convoso/client'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import { MemoryKeychain } from '../../../support/memory-keychain'
import { createTestCore } from '../../../support/test-core'

/**
 * Issue 10, finding 1: the token is bound to the API origin it was verified
 * against. Nothing here reaches a network: fetch is a recorder that answers
 * like Convoso, so "sent" means "fetch was called with that URL".
 */

const TOKEN = 'binding-test-token-5f0c9a7e3b2d'
const CONVOSO = 'https://api.convoso.com/v1'
const ELSEWHERE = 'https://attacker.example/v1'

interface Sent {
  url: string
  body: string
}

function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    sent.push({ url: String(input), body: String(init?.body ?? '') })
    return new Response(JSON.stringify({ success: true, offset: '0', limit: '1', total: '0', records: [] }), {
      status: 200,
    })
  }
}

let userDataDir: string
let sent: Sent[]
let keychain: MemoryKeychain
beforeEach(async () => {
  userDataDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-binding-'))
  sent = []
  keychain = new MemoryKeychain()
})
afterEach(() => rm(userDataDir, { recursive: true, force: true }))

function makeCore() {
  return createTestCore({ userDataDir, keychain, fetch: recordingFetch(sent) })
}

const searchRequest = { requestId: 'r1', filters: EMPTY_FILTERS, offset: 0, limit: 25 }
const sentTo = (host: string) => sent.filter((request) => new URL(request.url).host === host)

describe('finding 1: the token is bound to the API host it was verified against (security review)', () => {
  it('finding 1: after the API address moves to another host in Settings, the token is not sent there', async () => {
    const core = makeCore()
    expect(await core.handlers.verifyAndSaveToken({ token: TOKEN })).toMatchObject({ ok: true })
    expect(sentTo('api.convoso.com')).toHaveLength(1)

    expect(await core.handlers.saveSettings({ apiBase: ELSEWHERE })).toMatchObject({ ok: true })
    const search = await core.handlers.search(searchRequest)
    expect(search.ok).toBe(false)
    expect(sentTo('attacker.example')).toHaveLength(0)
    expect(sent.some((request) => request.body.includes(TOKEN) && !request.url.startsWith(CONVOSO))).toBe(
      false,
    )

    // Settings warned before saving: the token is gone and the app asks for one for the new host.
    const status = await core.handlers.getSessionStatus(undefined)
    expect(status).toMatchObject({ ok: true, data: { mode: 'disconnected' } })
    if (status.ok && status.data.mode === 'disconnected')
      expect(status.data.notice).toMatch(/attacker\.example/)
    expect(keychain.entries.size).toBe(0)
    await core.dispose()
  })

  it('finding 1: a settings.json edited by hand to another host leaves the app disconnected with a message, sending nothing', async () => {
    const first = makeCore()
    expect(await first.handlers.verifyAndSaveToken({ token: TOKEN })).toMatchObject({ ok: true })
    await first.dispose()
    await writeFile(join(userDataDir, 'settings.json'), JSON.stringify({ version: 1, apiBase: ELSEWHERE }))

    const next = makeCore()
    const status = await next.handlers.getSessionStatus(undefined)
    expect(status).toMatchObject({ ok: true, data: { mode: 'disconnected' } })
    if (status.ok && status.data.mode === 'disconnected') {
      expect(status.data.notice).toMatch(/checked with api\.convoso\.com/)
      expect(status.data.notice).toMatch(/Nothing was sent/)
    }
    const search = await next.handlers.search(searchRequest)
    expect(search).toMatchObject({ ok: false, error: { kind: 'token-missing' } })
    expect(
      await next.handlers.planExport({ filters: EMPTY_FILTERS, scope: 'all', offset: 0, limit: 25 }),
    ).toMatchObject({ ok: false })
    expect(sentTo('attacker.example')).toHaveLength(0)

    // The token was kept for the host it was checked with: setting the address back reconnects.
    expect(keychain.tokens()).toEqual([TOKEN])
    expect(await next.handlers.saveSettings({ apiBase: CONVOSO })).toMatchObject({ ok: true })
    expect(await next.handlers.getSessionStatus(undefined)).toMatchObject({
      ok: true,
      data: { mode: 'live' },
    })
    await next.dispose()
  })

  it('finding 1: the client sends a token only to the origin it was verified for', async () => {
    const client = createConvosoClient({ fetch: recordingFetch(sent) })
    const request = { token: TOKEN, params: {}, offset: 0, limit: 1 }
    for (const apiBase of [
      ELSEWHERE,
      'https://api.convoso.com.attacker.example/v1',
      'http://127.0.0.1:9/v1',
    ]) {
      const result = await client.search({ ...request, apiBase, tokenOrigin: 'https://api.convoso.com' })
      expect(result, apiBase).toMatchObject({ ok: false, error: { kind: 'token-missing' } })
    }
    expect(sent).toHaveLength(0)
    expect(
      await client.search({ ...request, apiBase: CONVOSO, tokenOrigin: 'https://api.convoso.com' }),
    ).toMatchObject({ ok: true })
    expect(sent).toHaveLength(1)
  })

  it('moving to another path on the same host keeps the token', async () => {
    const core = makeCore()
    await core.handlers.verifyAndSaveToken({ token: TOKEN })
    expect(await core.handlers.saveSettings({ apiBase: 'https://api.convoso.com/v2' })).toMatchObject({
      ok: true,
    })
    expect(await core.handlers.getSessionStatus(undefined)).toMatchObject({
      ok: true,
      data: { mode: 'live' },
    })
    expect(await core.handlers.search(searchRequest)).toMatchObject({ ok: true })
    await core.dispose()
  })
})
