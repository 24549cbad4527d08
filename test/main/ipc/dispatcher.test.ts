import { describe, expect, it, vi } from 'vitest'
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher'
import { createSenderCheck } from '../../../src/main/ipc/trusted-sender'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import { ok } from '../../../src/shared/result'

const APP = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }

function makeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const notCalled = vi.fn(async () => {
    throw new Error('not expected')
  })
  return {
    getAppInfo: async () => ok({ name: 'Opt-Out Desk', version: '1.0.0', platform: 'linux' }),
    getSessionStatus: notCalled,
    verifyAndSaveToken: notCalled,
    forgetToken: notCalled,
    startDemo: notCalled,
    stopDemo: notCalled,
    getSettings: notCalled,
    saveSettings: notCalled,
    search: notCalled,
    cancelSearch: notCalled,
    ...overrides,
  } as Handlers
}

describe('sender check', () => {
  const trusted = createSenderCheck(['app://opt-out-desk', 'http://127.0.0.1:5173'])
  it.each([
    ['app://opt-out-desk/index.html', true, true],
    ['http://127.0.0.1:5173/', true, true],
    ['app://opt-out-desk/index.html', false, false],
    ['https://evil.example/', true, false],
    ['http://127.0.0.1:5174/', true, false],
    ['file:///tmp/index.html', true, false],
    ['data:text/html,hi', true, false],
    ['', true, false],
    ['not a url', true, false],
  ])('%s (main frame %s) → %s', (frameUrl, isMainFrame, expected) => {
    expect(trusted({ frameUrl, isMainFrame })).toBe(expected)
  })
})

describe('dispatcher', () => {
  const isTrustedSender = createSenderCheck(['app://opt-out-desk'])

  it('runs the handler for a trusted, valid call', async () => {
    const dispatch = createDispatcher(makeHandlers(), { isTrustedSender, log: () => undefined })
    expect(await dispatch('getAppInfo', undefined, APP)).toEqual({
      ok: true,
      data: { name: 'Opt-Out Desk', version: '1.0.0', platform: 'linux' },
    })
  })

  it('refuses an untrusted sender before validating or running anything', async () => {
    const search = vi.fn()
    const log = vi.fn()
    const dispatch = createDispatcher(makeHandlers({ search }), { isTrustedSender, log })
    const result = await dispatch('search', {}, { frameUrl: 'https://evil.example/x', isMainFrame: true })
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } })
    expect(search).not.toHaveBeenCalled()
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example'))
  })

  it.each([
    ['a missing payload', undefined],
    ['a wrong type', { requestId: 'r', filters: EMPTY_FILTERS, offset: '0', limit: 100 }],
    ['an offset past the API cap', { requestId: 'r', filters: EMPTY_FILTERS, offset: 1_000_001, limit: 100 }],
    ['a limit above 1000', { requestId: 'r', filters: EMPTY_FILTERS, offset: 0, limit: 1001 }],
    [
      'an unknown reason mode',
      { requestId: 'r', filters: { ...EMPTY_FILTERS, reasonMode: 'regex' }, offset: 0, limit: 1 },
    ],
    [
      'a huge string',
      { requestId: 'r', filters: { ...EMPTY_FILTERS, reasonText: 'x'.repeat(10_000) }, offset: 0, limit: 1 },
    ],
  ])('validates the payload at runtime: %s', async (_label, payload) => {
    const search = vi.fn()
    const dispatch = createDispatcher(makeHandlers({ search }), { isTrustedSender, log: () => undefined })
    const result = await dispatch('search', payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(search).not.toHaveBeenCalled()
  })

  it('turns a thrown error into an internal error without its details', async () => {
    const log = vi.fn()
    const dispatch = createDispatcher(
      makeHandlers({
        getSettings: async () => {
          throw new Error('EACCES /home/someone/secret auth_token=abc')
        },
      }),
      { isTrustedSender, log },
    )
    const result = await dispatch('getSettings', undefined, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } })
    if (!result.ok) expect(result.error.message).not.toMatch(/EACCES|auth_token/)
    expect(log).toHaveBeenCalled()
  })
})

describe('finding 2: the last sweep where main answers the renderer (security review)', () => {
  const isTrustedSender = createSenderCheck(['app://opt-out-desk'])
  const TOKEN = '5f0c9a7e3b2d4c6a8e1f0b3d5c7a9e2f'

  function runsOf(token: string): string[] {
    return Array.from({ length: token.length - 7 }, (_, at) => token.slice(at, at + 8))
  }

  it('finding 2: no string anywhere in a Result holds the token or any 8-character run of it', async () => {
    const lines: string[] = []
    const page = {
      offset: 0,
      limit: 1,
      total: 1,
      records: [{ id: '1', reason: `echo ${TOKEN}`, extra: { [`k-${TOKEN.slice(3, 15)}`]: 'v' } }],
    }
    const dispatch = createDispatcher(
      makeHandlers({
        getSettings: async () => ({
          ok: false,
          error: {
            kind: 'convoso',
            code: '1',
            serverText: `${'m'.repeat(268)}${TOKEN.slice(0, 31)}…`,
            message: 'x',
          },
        }),
        search: async () =>
          ok({ requestId: 'r', page, params: { reason: btoa(`auth_token=${TOKEN}`) } }) as never,
      }),
      { isTrustedSender, log: (line) => lines.push(line), secrets: () => [TOKEN] },
    )
    const answers = [
      await dispatch('getSettings', undefined, APP),
      await dispatch('search', { requestId: 'r', filters: EMPTY_FILTERS, offset: 0, limit: 25 }, APP),
    ]
    const text = JSON.stringify(answers)
    for (const run of runsOf(TOKEN)) expect(text).not.toContain(run)
    expect(text).not.toContain(Buffer.from(TOKEN).toString('base64').slice(4, 20))
    expect(text).toContain('[redacted]')
    // What was kept is still there, and the sweep was logged (without the token).
    expect(text).toContain('m'.repeat(268))
    expect(lines.some((line) => /Removed a token from the answer to .*search/.test(line))).toBe(true)
    expect(lines.join('\n')).not.toContain(TOKEN.slice(0, 8))
  })

  it('leaves an answer with no token in it untouched (the same object)', async () => {
    const data = { name: 'Opt-Out Desk', version: '1.0.0', platform: 'linux' as const }
    const dispatch = createDispatcher(makeHandlers({ getAppInfo: async () => ok(data) }), {
      isTrustedSender,
      log: () => undefined,
      secrets: () => [TOKEN],
    })
    const result = await dispatch('getAppInfo', undefined, APP)
    expect(result.ok && result.data).toBe(data)
  })
})
