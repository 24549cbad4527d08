import { describe, expect, it, vi } from 'vitest'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import { resultsAreStale, useSearchStore, visibleFieldErrors } from '../../../src/renderer/src/stores/search'
import {
  expectOk,
  installRealApi,
  lastSearchRequest,
  RENDERER_TOKEN,
  searchRequest,
  searchSent,
  type RendererApp,
} from '../../support/renderer/api'
import { beyondTheCap } from '../../support/renderer/reports'
import { deferred } from '../../support/renderer/values'

const store = () => useSearchStore.getState()

/** Enough rows to page through (25 pages of 100), generated once per run. */
const RECORDS = 2_500
const install = (): Promise<RendererApp> => installRealApi({ recordCount: RECORDS })
const matching = (app: RendererApp, campaignId: string) =>
  app.records.filter((record) => record.campaign_id === campaignId).length

/** Long enough that a search is surely still in flight when the test acts; cancelled searches end at once. */
const SLOW = { kind: 'latency', ms: 20_000 } as const

describe('search store: validation', () => {
  it('derives validation from the filters on every edit', async () => {
    await install()
    expect(store().validation.ok).toBe(true)
    store().setFilter('phoneNumber', '(818) 123-3567')
    expect(store().validation).toEqual({ ok: true, params: { phone_number: '8181233567' } })
    store().setFilter('campaignId', 'twelve')
    expect(store().validation.ok).toBe(false)
  })

  it('hides a field error until the field is touched, then shows it', async () => {
    await install()
    store().setFilter('insertDate', '2024-02-30')
    expect(visibleFieldErrors(store())).toEqual({})
    store().touch('insertDate')
    expect(visibleFieldErrors(store())).toEqual({ insertDate: 'That date does not exist.' })
  })

  it('refuses to send a search with an invalid field and shows every error', async () => {
    const app = await install()
    store().setFilter('id', '12a')
    store().setFilter('reasonMode', 'equals')
    const sent = await store().search()
    expect(sent).toBe(false)
    expect(app.api.search).not.toHaveBeenCalled()
    expect(Object.keys(visibleFieldErrors(store())).sort()).toEqual(['id', 'reasonText'])
  })

  it('sends the raw filters (main normalises) from offset 0 with the chosen page size', async () => {
    const app = await install()
    store().setFilter('phoneNumber', '(818) 123-3567')
    store().setFilter('phoneNumber', '')
    store().setFilter('campaignId', ' 0 ')
    await store().search()
    expect(app.api.search).toHaveBeenCalledTimes(1)
    const request = searchRequest(app.api, 0)
    expect(request.filters).toEqual({ ...EMPTY_FILTERS, campaignId: ' 0 ' })
    expect(request.offset).toBe(0)
    expect(request.limit).toBe(100)
    expect(request.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(store().results?.records).toHaveLength(100)
    expect(store().results?.total).toBe(matching(app, '0'))
    expect(app.server.requests.at(-1)?.fields).toMatchObject({ campaign_id: '0', offset: '0', limit: '100' })
  })

  it('gives every search a fresh request id', async () => {
    const app = await install()
    await store().search()
    await store().search()
    const [first, second] = app.api.search.mock.calls.map(([request]) => request.requestId)
    expect(first).not.toBe(second)
  })

  it('shows main’s field errors and drops one when the user edits that field', async () => {
    const app = await install()
    // Main checks every search again with the shared rules; a window whose own check let a bad
    // campaign through (another build's rules) gets main's answer, which this plays by sending it.
    app.api.search.mockImplementationOnce((request) =>
      app.call('search', { ...request, filters: { ...request.filters, campaignId: 'twelve' } }),
    )
    await store().search()
    expect(store().error?.kind).toBe('validation')
    const shown = visibleFieldErrors(store())
    expect(Object.keys(shown)).toEqual(['campaignId'])
    expect(shown.campaignId).toMatch(/\S/)
    store().setFilter('campaignId', '7')
    expect(visibleFieldErrors(store())).toEqual({})
  })
})

describe('search store: ordering, failures and cancelling', () => {
  it('ignores a slow answer to an older search (two searches, the first resolves last)', async () => {
    const app = await install()
    const first = deferred<undefined>()
    // Only the order of the answers matters here: the first search reaches main after the second has answered.
    app.api.search.mockImplementationOnce(async (request) => {
      await first.promise
      return app.call('search', request)
    })

    store().setFilter('campaignId', '0')
    const older = store().search()
    store().setFilter('campaignId', '1004')
    await store().search()
    first.resolve(undefined)
    await older
    await app.api.search.mock.results[0]?.value

    expect(store().results?.total).toBe(matching(app, '1004'))
    expect(store().lastParams).toEqual({ campaign_id: '1004' })
    expect(store().loading).toBe(false)
  })

  it('cancels the previous in-flight search when a new one starts', async () => {
    const app = await install()
    app.server.injectFault(SLOW)
    void store().search()
    const { requestId: firstId } = await searchSent(app, 0)
    await store().search()
    expect(app.api.cancelSearch).toHaveBeenCalledWith({ requestId: firstId })
    expect(await app.api.search.mock.results[0]?.value).toMatchObject({
      ok: false,
      error: { kind: 'cancelled' },
    })
    expect(store().notice).toBeNull()
    expect(store().error).toBeNull()
    expect(store().results?.records).toHaveLength(100)
  })

  it('keeps the previous results and the filters when a search fails', async () => {
    const app = await install()
    store().setFilter('campaignId', '1004')
    await store().search()
    const before = store().results
    app.server.injectFault({ kind: 'reset' })
    await store().goToPage(2)
    expect(store().results).toBe(before)
    expect(store().error?.kind).toBe('network')
    expect(store().error?.message).toMatch(/\S/)
    expect(store().filters.campaignId).toBe('1004')
  })

  it('turns a rejected bridge call into an internal error instead of hanging', async () => {
    const app = await install()
    // Main never throws across IPC (the dispatcher answers errors as values); a rejection can only
    // come from the IPC layer itself, which is what this plays.
    app.api.search.mockRejectedValueOnce(new Error('IPC handler crashed'))
    await store().search()
    expect(store().loading).toBe(false)
    expect(store().error?.kind).toBe('internal')
    expect(store().error?.message).toContain('IPC handler crashed')
  })

  it('reports token-rejected as an error whose kind asks for a new token', async () => {
    const app = await install()
    await store().search()
    app.server.revokeToken(RENDERER_TOKEN)
    await store().search()
    expect(store().error?.kind).toBe('token-rejected')
    expect(store().results?.records).toHaveLength(100)
  })

  it('cancel stops waiting at once, tells main, and ignores a late answer', async () => {
    const app = await install()
    await store().search()
    const before = store().results
    app.server.injectFault(SLOW)
    void store().goToPage(3)
    const { requestId } = await searchSent(app, 1)
    expect(store().loading).toBe(true)

    await store().cancel()
    expect(app.api.cancelSearch).toHaveBeenCalledWith({ requestId })
    expect(store().loading).toBe(false)
    expect(store().notice).toMatch(/^Search cancelled/)
    expect(store().error).toBeNull()

    await app.api.search.mock.results[1]?.value
    await Promise.resolve()
    expect(store().results).toBe(before)
  })

  it('shows a cancelled answer from main as a quiet notice, not an error', async () => {
    const app = await install()
    app.server.injectFault(SLOW)
    const searching = store().search()
    const { requestId } = await searchSent(app, 0)
    // Main ends the search itself (as it does when the session changes under it).
    expect(await app.call('cancelSearch', { requestId })).toEqual({ ok: true, data: true })
    await searching
    expect(store().error).toBeNull()
    expect(store().notice).toBe('Search cancelled.')
  })

  it('retry repeats the latest request', async () => {
    const app = await install()
    await store().search()
    app.server.injectFault({ kind: 'status', status: 500 })
    await store().goToPage(4)
    expect(store().error).not.toBeNull()
    await store().retry()
    const offsets = app.api.search.mock.calls.map(([request]) => request.offset)
    expect(offsets).toEqual([0, 300, 300])
    expect(store().error).toBeNull()
    expect(store().results?.offset).toBe(300)
  })
})

describe('search store: paging', () => {
  it('shows the last page an account serves when its API refused the one asked for, and pages within it', async () => {
    const app = await install()
    app.server.setMaxOffset(1000)
    await store().search()
    await store().goToPage(25)
    expect(store().results).toMatchObject({ offset: 1000, maxOffset: 1000, total: RECORDS })
    expect(store().notice).toBe(
      'Convoso would not serve page 25: this account pages through the first 1,001 matches of a search only. This is the last page it serves.',
    )
    expect(store().error).toBeNull()
    await store().goToPage(25)
    expect(lastSearchRequest(app.api).offset).toBe(1000)
  })

  it('never asks for an offset past the 1,000,000 cap', async () => {
    // More rows than any app may reach: the demo rows repeated (the server pages them like any others).
    const base = (await install()).records
    const app = await installRealApi({ records: beyondTheCap(base) })
    await store().setPageSize(1000)
    await store().search()
    await store().goToPage(999_999)
    const last = lastSearchRequest(app.api)
    expect(last.offset).toBe(1_000_000)
    expect(last.limit).toBe(1000)
    expect(store().results?.offset).toBe(1_000_000)
  })

  it('clamps a page below 1 to the first page', async () => {
    const app = await install()
    await store().search()
    await store().goToPage(-5)
    expect(lastSearchRequest(app.api).offset).toBe(0)
  })

  it('keeps the first visible row in view when the page size changes', async () => {
    const app = await install()
    await store().search()
    await store().goToPage(21) // rows 2,001–2,100
    await store().setPageSize(250)
    expect(lastSearchRequest(app.api)).toMatchObject({ offset: 2000, limit: 250 })
    await store().setPageSize(1000)
    expect(lastSearchRequest(app.api)).toMatchObject({ offset: 2000, limit: 1000 })
    await store().goToPage(2) // rows 1,001–2,000
    await store().setPageSize(500)
    expect(lastSearchRequest(app.api)).toMatchObject({ offset: 1000, limit: 500 })
  })

  it('pages through the query on screen, not the edited form', async () => {
    const app = await install()
    store().setFilter('campaignId', '0')
    await store().search()
    store().setFilter('campaignId', '6')
    await store().goToPage(2)
    expect(lastSearchRequest(app.api).filters.campaignId).toBe('0')
    expect(store().results?.params).toEqual({ campaign_id: '0' })
  })

  it('only remembers the page size before the first search', async () => {
    const app = await install()
    await store().setPageSize(25)
    expect(app.api.search).not.toHaveBeenCalled()
    await store().search()
    expect(searchRequest(app.api, 0).limit).toBe(25)
  })
})

describe('search store: applying a preset', () => {
  it('replaces the whole form and page size, forgets old errors, and searches from the first row', async () => {
    const app = await install()
    store().setFilter('campaignId', '0')
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
    expect(lastSearchRequest(app.api)).toMatchObject({ filters: preset, offset: 0, limit: 500 })
  })

  it('shows the errors of a preset that cannot be searched, and sends nothing', async () => {
    const app = await install()
    expect(await store().applyPreset({ ...EMPTY_FILTERS, insertDate: '2024-02-30' }, 25)).toBe(false)
    expect(app.api.search).not.toHaveBeenCalled()
    expect(visibleFieldErrors(store())).toEqual({ insertDate: 'That date does not exist.' })
  })
})

describe('search store: results that tell the truth', () => {
  it('marks the results stale when the form differs from their search, and not when it is edited back', async () => {
    await install()
    store().setFilter('campaignId', '0')
    await store().search()
    expect(resultsAreStale(store())).toBe(false)
    store().setFilter('reasonMode', 'blank')
    expect(resultsAreStale(store())).toBe(true)
    store().setFilter('reasonMode', 'any')
    expect(resultsAreStale(store())).toBe(false)
    // The same search typed differently is not a change; a new page of the same search is not either.
    store().setFilter('campaignId', ' 00 ')
    expect(resultsAreStale(store())).toBe(false)
    await store().goToPage(2)
    expect(resultsAreStale(store())).toBe(false)
  })

  it('is never stale before a search has answered, nor while one runs', async () => {
    const app = await install()
    store().setFilter('id', '5')
    expect(resultsAreStale(store())).toBe(false)
    await store().search()
    app.server.injectFault(SLOW)
    store().setFilter('id', '6')
    const running = store().search()
    expect(store().loading).toBe(true)
    expect(resultsAreStale(store())).toBe(false)
    await store().cancel()
    await running
    expect(resultsAreStale(store())).toBe(true)
  })

  it('a search the form refuses clears the error of an earlier failed search (the field errors say what is wrong now)', async () => {
    const app = await install()
    app.server.injectFault({ kind: 'status', status: 500 }, Infinity)
    await store().search()
    expect(store().error?.kind).toBe('server')
    store().setFilter('insertDate', 'yesterday')
    expect(await store().search()).toBe(false)
    expect(store().error).toBeNull()
    expect(visibleFieldErrors(store())).toEqual({ insertDate: 'Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.' })
  })
})

describe('search store: the remembered form', () => {
  it('tells main the filters and page size of every search it sends, and nothing for a refused one', async () => {
    const app = await install()
    store().setFilter('campaignId', '0')
    await store().setPageSize(250)
    await store().search()
    expect(app.api.saveLastSearch).toHaveBeenLastCalledWith({
      filters: { ...EMPTY_FILTERS, campaignId: '0' },
      pageSize: 250,
    })
    const calls = app.api.saveLastSearch.mock.calls.length
    store().setFilter('id', 'x')
    await store().search()
    expect(app.api.saveLastSearch).toHaveBeenCalledTimes(calls)
    await vi.waitFor(async () =>
      expect(expectOk(await app.call('getLastSearch', undefined), 'getLastSearch')).toEqual({
        filters: { ...EMPTY_FILTERS, campaignId: '0' },
        pageSize: 250,
      }),
    )
  })

  it('remembers a new page size at once, keeping the last search’s filters (not an unsent edit)', async () => {
    const app = await install()
    store().setFilter('campaignId', '0')
    await store().search()
    store().setFilter('campaignId', '77')
    await store().setPageSize(50)
    expect(app.api.saveLastSearch).toHaveBeenLastCalledWith({ pageSize: 50 })
    await vi.waitFor(async () =>
      expect(expectOk(await app.call('getLastSearch', undefined), 'getLastSearch')).toEqual({
        filters: { ...EMPTY_FILTERS, campaignId: '0' },
        pageSize: 50,
      }),
    )
  })

  it('restores the remembered filters and page size into the form, with no results and no search', async () => {
    const app = await install()
    const filters = { ...EMPTY_FILTERS, campaignId: '0', reasonMode: 'blank' as const }
    expectOk(await app.call('saveLastSearch', { filters, pageSize: 500 }), 'saveLastSearch')
    expect(store().restored).toBe(false)
    await store().restoreLast()
    expect(store()).toMatchObject({
      filters,
      pageSize: 500,
      startFilters: filters,
      restored: true,
      results: null,
    })
    expect(store().validation.ok).toBe(true)
    expect(app.api.search).not.toHaveBeenCalled()
  })

  it('starts with an empty form when main cannot answer, and still lets the window start', async () => {
    const app = await install()
    app.api.getLastSearch.mockRejectedValueOnce(new Error('bridge gone'))
    await store().restoreLast()
    expect(store()).toMatchObject({ filters: EMPTY_FILTERS, pageSize: 100, restored: true })
  })
})
