import { describe, expect, it } from 'vitest'
import { createSearchService } from '../../../../src/main/services/search/search-service'
import type { Session } from '../../../../src/main/services/session/session'
import { createSearchSources } from '../../../../src/main/services/sources/search-source'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import { fail, ok } from '../../../../src/shared/result'
import { FakeConvoso } from '../../fakes'

function liveSources(session: Session, convoso: FakeConvoso) {
  return createSearchSources({ session, convoso, openedReport: () => undefined })
}

const credentials = { apiBase: 'https://api.convoso.com/v1', token: 'secret-token' }
const liveSession = { credentials: async () => ok(credentials) } as unknown as Session

describe('search service', () => {
  it('sends normalised filters, the offset and the limit with the session token', async () => {
    const convoso = new FakeConvoso()
    const service = createSearchService({ sources: liveSources(liveSession, convoso) })
    const result = await service.run({
      requestId: 'r1',
      filters: { ...EMPTY_FILTERS, phoneNumber: '+1 (818) 123-3567', reasonMode: 'blank' },
      offset: 200,
      limit: 100,
    })
    expect(result).toMatchObject({
      ok: true,
      data: { requestId: 'r1', params: { phone_code: '1', phone_number: '8181233567', reason: '-BLANK-' } },
    })
    expect(convoso.requests[0]).toMatchObject({
      ...credentials,
      offset: 200,
      limit: 100,
      params: { phone_code: '1', phone_number: '8181233567', reason: '-BLANK-' },
    })
  })

  it('refuses invalid filters without calling Convoso', async () => {
    const convoso = new FakeConvoso()
    const result = await createSearchService({ sources: liveSources(liveSession, convoso) }).run({
      requestId: 'r1',
      filters: { ...EMPTY_FILTERS, id: '12a', campaignId: 'x' },
      offset: 0,
      limit: 100,
    })
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'validation', fieldErrors: { id: expect.any(String), campaignId: expect.any(String) } },
    })
    expect(convoso.requests).toHaveLength(0)
  })

  it('asks to connect when there is no token', async () => {
    const session = {
      credentials: async () => fail({ kind: 'token-missing', message: 'Connect first' }),
    } as unknown as Session
    const result = await createSearchService({ sources: liveSources(session, new FakeConvoso()) }).run({
      requestId: 'r1',
      filters: EMPTY_FILTERS,
      offset: 0,
      limit: 100,
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'token-missing' } })
  })

  it('cancel aborts the request with that id and only that one', async () => {
    const convoso = new FakeConvoso()
    const signals: AbortSignal[] = []
    convoso.respond = (request) =>
      new Promise((resolve) => {
        signals.push(request.signal as AbortSignal)
        request.signal?.addEventListener('abort', () =>
          resolve(fail({ kind: 'cancelled', message: 'Search cancelled.' })),
        )
      })
    const service = createSearchService({ sources: liveSources(liveSession, convoso) })
    const first = service.run({ requestId: 'a', filters: EMPTY_FILTERS, offset: 0, limit: 100 })
    const second = service.run({ requestId: 'b', filters: EMPTY_FILTERS, offset: 0, limit: 100 })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(service.cancel('a')).toBe(true)
    expect(await first).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
    expect(signals[1]?.aborted).toBe(false)
    expect(service.cancel('a')).toBe(false)
    expect(service.cancel('b')).toBe(true)
    await second
  })
})
