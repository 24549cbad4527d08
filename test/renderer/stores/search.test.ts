import { describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../../src/shared/contract'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import type { Result } from '../../../src/shared/result'
import { useSearchStore, visibleFieldErrors } from '../../../src/renderer/src/stores/search'
import { deferred, fail, installFakeApi, searchPage, searchRequest, lastSearchRequest } from '../fake-api'

const store = () => useSearchStore.getState()

describe('search store: validation', () => {
  it('derives validation from the filters on every edit', () => {
    installFakeApi()
    expect(store().validation.ok).toBe(true)
    store().setFilter('phoneNumber', '(818) 123-3567')
    expect(store().validation).toEqual({ ok: true, params: { phone_number: '8181233567' } })
    store().setFilter('campaignId', 'twelve')
    expect(store().validation.ok).toBe(false)
  })

  it('hides a field error until the field is touched, then shows it', () => {
    installFakeApi()
    store().setFilter('insertDate', '2024-02-30')
    expect(visibleFieldErrors(store())).toEqual({})
    store().touch('insertDate')
    expect(visibleFieldErrors(store())).toEqual({ insertDate: 'That date does not exist.' })
  })

  it('refuses to send a search with an invalid field and shows every error', async () => {
    const api = installFakeApi()
    store().setFilter('id', '12a')
    store().setFilter('reasonMode', 'equals')
    const sent = await store().search()
    expect(sent).toBe(false)
    expect(api.search).not.toHaveBeenCalled()
    expect(Object.keys(visibleFieldErrors(store())).sort()).toEqual(['id', 'reasonText'])
  })

  it('sends the raw filters (main normalises) from offset 0 with the chosen page size', async () => {
    const api = installFakeApi()
    store().setFilter('phoneNumber', '(818) 123-3567')
    await store().search()
    expect(api.search).toHaveBeenCalledTimes(1)
    const request = searchRequest(api, 0)
    expect(request.filters).toEqual({ ...EMPTY_FILTERS, phoneNumber: '(818) 123-3567' })
    expect(request.offset).toBe(0)
    expect(request.limit).toBe(100)
    expect(request.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(store().results?.records).toHaveLength(100)
    expect(store().results?.total).toBe(12_345)
  })

  it('gives every search a fresh request id', async () => {
    const api = installFakeApi()
    await store().search()
    await store().search()
    const [first, second] = api.search.mock.calls.map(([request]) => request.requestId)
    expect(first).not.toBe(second)
  })

  it('shows main’s field errors and drops one when the user edits that field', async () => {
    const api = installFakeApi()
    api.search.mockResolvedValueOnce(
      fail({
        kind: 'validation',
        message: 'Check the highlighted filters.',
        fieldErrors: { campaignId: 'Unknown campaign.' },
      }),
    )
    await store().search()
    expect(store().error?.kind).toBe('validation')
    expect(visibleFieldErrors(store())).toEqual({ campaignId: 'Unknown campaign.' })
    store().setFilter('campaignId', '7')
    expect(visibleFieldErrors(store())).toEqual({})
  })
})

describe('search store: ordering, failures and cancelling', () => {
  it('ignores a slow answer to an older search (two searches, the first resolves last)', async () => {
    const api = installFakeApi()
    const slow = deferred<Result<SearchResponse>>()
    const fast = deferred<Result<SearchResponse>>()
    api.search.mockImplementationOnce(() => slow.promise).mockImplementationOnce(() => fast.promise)

    store().setFilter('campaignId', '1')
    const first = store().search()
    const firstId = searchRequest(api, 0).requestId
    store().setFilter('campaignId', '2')
    const second = store().search()
    const secondId = searchRequest(api, 1).requestId

    fast.resolve(searchPage(secondId, 7, 0, 100, { campaign_id: '2' }))
    await second
    slow.resolve(searchPage(firstId, 99_999, 0, 100, { campaign_id: '1' }))
    await first

    expect(store().results?.total).toBe(7)
    expect(store().lastParams).toEqual({ campaign_id: '2' })
    expect(store().loading).toBe(false)
  })

  it('cancels the previous in-flight search when a new one starts', async () => {
    const api = installFakeApi()
    const pending = deferred<Result<SearchResponse>>()
    api.search.mockImplementationOnce(() => pending.promise)
    void store().search()
    const firstId = searchRequest(api, 0).requestId
    await store().search()
    expect(api.cancelSearch).toHaveBeenCalledWith({ requestId: firstId })
    pending.resolve(fail({ kind: 'cancelled', message: 'Cancelled.' }))
    await Promise.resolve()
    expect(store().notice).toBeNull()
    expect(store().error).toBeNull()
  })

  it('keeps the previous results and the filters when a search fails', async () => {
    const api = installFakeApi()
    store().setFilter('campaignId', '1042')
    await store().search()
    const before = store().results
    api.search.mockResolvedValueOnce(fail({ kind: 'network', message: 'Could not reach Convoso.' }))
    await store().goToPage(2)
    expect(store().results).toBe(before)
    expect(store().error).toEqual({ kind: 'network', message: 'Could not reach Convoso.' })
    expect(store().filters.campaignId).toBe('1042')
  })

  it('turns a rejected bridge call into an internal error instead of hanging', async () => {
    const api = installFakeApi()
    api.search.mockRejectedValueOnce(new Error('IPC handler crashed'))
    await store().search()
    expect(store().loading).toBe(false)
    expect(store().error?.kind).toBe('internal')
    expect(store().error?.message).toContain('IPC handler crashed')
  })

  it('reports token-rejected as an error whose kind asks for a new token', async () => {
    const api = installFakeApi()
    await store().search()
    api.search.mockResolvedValueOnce(fail({ kind: 'token-rejected', message: 'Convoso rejected the token.' }))
    await store().search()
    expect(store().error?.kind).toBe('token-rejected')
    expect(store().results?.records).toHaveLength(100)
  })

  it('cancel stops waiting at once, tells main, and ignores a late answer', async () => {
    const api = installFakeApi()
    await store().search()
    const before = store().results
    const pending = deferred<Result<SearchResponse>>()
    api.search.mockImplementationOnce(() => pending.promise)
    void store().goToPage(3)
    const requestId = searchRequest(api, 1).requestId
    expect(store().loading).toBe(true)

    await store().cancel()
    expect(api.cancelSearch).toHaveBeenCalledWith({ requestId })
    expect(store().loading).toBe(false)
    expect(store().notice).toMatch(/^Search cancelled/)
    expect(store().error).toBeNull()

    pending.resolve(searchPage(requestId, 12_345, 200, 100))
    await pending.promise
    await Promise.resolve()
    expect(store().results).toBe(before)
  })

  it('shows a cancelled answer from main as a quiet notice, not an error', async () => {
    const api = installFakeApi()
    api.search.mockResolvedValueOnce(fail({ kind: 'cancelled', message: 'The search was cancelled.' }))
    await store().search()
    expect(store().error).toBeNull()
    expect(store().notice).toBe('Search cancelled.')
  })

  it('retry repeats the latest request', async () => {
    const api = installFakeApi()
    await store().search()
    api.search.mockResolvedValueOnce(fail({ kind: 'timeout', message: 'Convoso took too long.' }))
    await store().goToPage(4)
    await store().retry()
    const offsets = api.search.mock.calls.map(([request]) => request.offset)
    expect(offsets).toEqual([0, 300, 300])
    expect(store().error).toBeNull()
    expect(store().results?.offset).toBe(300)
  })
})

describe('search store: paging', () => {
  it('shows the last page an account serves when its API refused the one asked for, and pages within it', async () => {
    const api = installFakeApi({ total: 2500 })
    await store().search()
    api.search.mockImplementationOnce(async ({ requestId, limit }) => {
      const answer = searchPage(requestId, 2500, 1000, limit)
      return answer.ok
        ? { ...answer, data: { ...answer.data, maxOffset: 1000, refusedOffset: 2400 } }
        : answer
    })
    await store().goToPage(25)
    expect(store().results).toMatchObject({ offset: 1000, maxOffset: 1000, total: 2500 })
    expect(store().notice).toBe(
      'Convoso would not serve page 25: this account pages through the first 1,001 matches of a search only. This is the last page it serves.',
    )
    expect(store().error).toBeNull()
    api.search.mockImplementationOnce(async ({ requestId, offset, limit }) => {
      const answer = searchPage(requestId, 2500, offset, limit)
      return answer.ok ? { ...answer, data: { ...answer.data, maxOffset: 1000 } } : answer
    })
    await store().goToPage(25)
    expect(lastSearchRequest(api).offset).toBe(1000)
  })

  it('never asks for an offset past the 1,000,000 cap', async () => {
    const api = installFakeApi({ total: 5_000_000 })
    await store().setPageSize(1000)
    await store().search()
    await store().goToPage(999_999)
    const last = lastSearchRequest(api)
    expect(last.offset).toBe(1_000_000)
    expect(last.limit).toBe(1000)
  })

  it('clamps a page below 1 to the first page', async () => {
    const api = installFakeApi()
    await store().search()
    await store().goToPage(-5)
    expect(lastSearchRequest(api).offset).toBe(0)
  })

  it('keeps the first visible row in view when the page size changes', async () => {
    const api = installFakeApi()
    await store().search()
    await store().goToPage(21) // rows 2,001–2,100
    await store().setPageSize(250)
    expect(lastSearchRequest(api)).toMatchObject({ offset: 2000, limit: 250 })
    await store().setPageSize(1000)
    expect(lastSearchRequest(api)).toMatchObject({ offset: 2000, limit: 1000 })
    await store().goToPage(2) // rows 1,001–2,000
    await store().setPageSize(500)
    expect(lastSearchRequest(api)).toMatchObject({ offset: 1000, limit: 500 })
  })

  it('pages through the query on screen, not the edited form', async () => {
    const api = installFakeApi()
    store().setFilter('campaignId', '5')
    await store().search()
    store().setFilter('campaignId', '6')
    await store().goToPage(2)
    expect(lastSearchRequest(api).filters.campaignId).toBe('5')
  })

  it('only remembers the page size before the first search', async () => {
    const api = installFakeApi()
    await store().setPageSize(25)
    expect(api.search).not.toHaveBeenCalled()
    await store().search()
    expect(searchRequest(api, 0).limit).toBe(25)
  })
})

describe('search store: applying a preset', () => {
  it('replaces the whole form and page size, forgets old errors, and searches from the first row', async () => {
    const api = installFakeApi()
    store().setFilter('campaignId', '5')
    await store().search()
    await store().goToPage(3)
    store().setFilter('id', '12x')
    store().touch('id')
    expect(visibleFieldErrors(store())).toEqual({ id: 'A record ID is digits only.' })

    const preset = { ...EMPTY_FILTERS, campaignId: '0', reasonMode: 'blank' as const }
    expect(await store().applyPreset(preset, 500)).toBe(true)
    expect(store().filters).toEqual(preset)
    expect(store().pageSize).toBe(500)
    expect(visibleFieldErrors(store())).toEqual({})
    expect(lastSearchRequest(api)).toMatchObject({ filters: preset, offset: 0, limit: 500 })
  })

  it('shows the errors of a preset that cannot be searched, and sends nothing', async () => {
    const api = installFakeApi()
    expect(await store().applyPreset({ ...EMPTY_FILTERS, insertDate: '2024-02-30' }, 25)).toBe(false)
    expect(api.search).not.toHaveBeenCalled()
    expect(visibleFieldErrors(store())).toEqual({ insertDate: 'That date does not exist.' })
  })
})
