import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { OptOutDeskRequests } from '../../src/shared/contract'
import type { AppError, Result } from '../../src/shared/result'
import { App } from '../../src/renderer/src/App'
import { ErrorBoundary } from '../../src/renderer/src/components/ErrorBoundary'
import { SORT_NOTE } from '../../src/renderer/src/components/ResultsPanel'
import { EMPTY_FILTERS } from '../../src/shared/filters'
import {
  RENDERER_TOKEN,
  SECOND_TOKEN,
  expectOk,
  installRealApi,
  searchRequest,
  searchSent,
  type RendererApp,
} from '../support/renderer/api'
import { editSettingsFile } from '../support/renderer/settings'
import { deferred, makeRecord, required } from '../support/renderer/values'

function renderApp() {
  return render(
    <ErrorBoundary>
      <App />
    </ErrorBoundary>,
  )
}

const lastFour = (token: string): string => `••••${token.slice(-4)}`

/** Opens API settings from the connect screen ("API settings") or the header ("Settings") once it has loaded. */
async function openApiSettings(
  app: RendererApp,
  user: ReturnType<typeof userEvent.setup>,
  button: 'API settings' | 'Settings',
) {
  await user.click(await screen.findByRole('button', { name: button }))
  const dialog = await screen.findByRole('dialog', { name: 'API settings' })
  const field = within(dialog).getByLabelText('Convoso API base URL') as HTMLInputElement
  await waitFor(() => expect(field.value).toBe(app.server.apiBase))
  return { dialog, field }
}

/** The error main answered the `index`-th call of this request with (the test fails if it succeeded). */
async function errorOf<M extends keyof OptOutDeskRequests>(
  app: RendererApp,
  method: M,
  index = -1,
): Promise<AppError> {
  const results = app.api[method].mock.results
  const answer: Result<unknown> = await required(results.at(index), `a ${method} call`).value
  if (answer.ok) throw new Error(`${method} succeeded`)
  return answer.error
}

describe('start-up', () => {
  it('shows a loading state, then the connect screen when no token is stored', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    // Held so the test sees the window before main has answered.
    const answered = deferred<undefined>()
    app.api.getSessionStatus.mockImplementationOnce(async () => {
      await answered.promise
      return app.call('getSessionStatus', undefined)
    })
    renderApp()
    expect(screen.getByText('Opening Opt-Out Desk…')).toBeTruthy()
    answered.resolve(undefined)
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    expect(screen.getByText('API → Authorization Tokens')).toBeTruthy()
    expect(screen.getByText('SMS Opt-Out')).toBeTruthy()
  })

  it('goes straight to the main screen with a stored token', async () => {
    await installRealApi()
    renderApp()
    expect(await screen.findByText(/^Connected ·/)).toBeTruthy()
    expect(screen.getByText(lastFour(RENDERER_TOKEN))).toBeTruthy()
    expect(screen.getByText('Search the opt-out list')).toBeTruthy()
  })

  it('shows a keychain failure on the connect screen and still offers the demo', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    app.keychain.unavailable = true
    const user = userEvent.setup()
    renderApp()
    const alert = await screen.findByRole('alert')
    const error = await errorOf(app, 'getSessionStatus', 0)
    expect(error.kind).toBe('keychain-unavailable')
    expect(alert.textContent).toContain(error.message)
    await user.click(screen.getByRole('button', { name: 'Explore with demo data' }))
    expect(app.api.startDemo).toHaveBeenCalledTimes(1)
    expect(await screen.findByText('Demo data — not your Convoso account')).toBeTruthy()
    expect(screen.getByRole('region', { name: 'Demo mode' }).textContent).toContain(
      '(25,000 generated records)',
    )
  })
})

describe('connect screen', () => {
  it('masks the token, can show it, and empties the field the moment it is sent', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    // Held so the test sees the window while main is verifying.
    const verified = deferred<undefined>()
    app.api.verifyAndSaveToken.mockImplementationOnce(async (request) => {
      await verified.promise
      return app.call('verifyAndSaveToken', request)
    })
    const user = userEvent.setup()
    renderApp()
    const field = (await screen.findByLabelText('API token')) as HTMLInputElement
    expect(field.type).toBe('password')
    await user.type(field, RENDERER_TOKEN)
    await user.click(screen.getByRole('button', { name: 'Show' }))
    expect(field.type).toBe('text')

    await user.click(screen.getByRole('button', { name: 'Verify and save' }))
    expect(app.api.verifyAndSaveToken).toHaveBeenCalledWith({ token: RENDERER_TOKEN })
    expect(field.value).toBe('')
    expect(field.type).toBe('password')
    expect(screen.getByRole('button', { name: 'Verifying with Convoso…' })).toBeTruthy()

    verified.resolve(undefined)
    expect(await screen.findByText(lastFour(RENDERER_TOKEN))).toBeTruthy()
    expect(app.keychain.tokens()).toEqual([RENDERER_TOKEN])
  })

  it('shows why a token was rejected, inline, and stays on the connect screen', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('API token'), 'nope-not-a-token')
    await user.click(screen.getByRole('button', { name: 'Verify and save' }))
    const alert = await screen.findByRole('alert')
    const error = await errorOf(app, 'verifyAndSaveToken')
    expect(error.kind).toBe('token-rejected')
    expect(alert.textContent).toContain(error.message)
    expect(screen.getByLabelText('API token').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    expect(app.keychain.tokens()).toEqual([])
  })

  it('shows a network failure while verifying', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    app.server.injectFault({ kind: 'reset' }, Infinity)
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('API token'), `${RENDERER_TOKEN}{Enter}`)
    const alert = await screen.findByRole('alert')
    const error = await errorOf(app, 'verifyAndSaveToken')
    expect(error.kind).toBe('network')
    expect(alert.textContent).toContain(error.message)
  })

  it('API settings shows main’s validation error on the field', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    const user = userEvent.setup()
    renderApp()
    const { field } = await openApiSettings(app, user, 'API settings')
    await user.clear(field)
    await user.type(field, 'http://example.com/v1{Enter}')
    expect(app.api.saveSettings).toHaveBeenCalledWith({
      apiBase: 'http://example.com/v1',
      exportConcurrency: 2,
    })
    const error = await errorOf(app, 'saveSettings')
    if (error.kind !== 'validation') throw new Error(`saveSettings answered ${error.kind}, not validation`)
    const fieldError = required(error.fieldErrors?.apiBase, 'a field error on apiBase')
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'))
    const errorId = required(field.getAttribute('aria-describedby'), 'aria-describedby').split(' ')[0] ?? ''
    expect(document.getElementById(errorId)?.textContent).toBe(fieldError)
  })
})

describe('main screen', () => {
  it('searches, hands the rows to the grid and announces the count', async () => {
    await installRealApi({
      records: [
        makeRecord(0, { id: '501', campaign_id: '0', campaign_name: '', insert_date: '2024-04-22 17:01:31' }),
        makeRecord(1, { id: '502', campaign_id: '77', campaign_name: 'Renewals', insert_date: '2024-04-23' }),
      ],
    })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    const status = await screen.findByText(
      (_, el) => el?.className === 'results-summary' && /2 opt-outs/.test(el.textContent ?? ''),
    )
    expect(status.getAttribute('aria-live')).toBe('polite')
    expect(status.textContent).toContain('all records')
    expect(screen.getByText(SORT_NOTE)).toBeTruthy()
    expect(screen.getByText('Showing 1–2 of 2')).toBeTruthy()

    // AG Grid renders in jsdom: the header labels and the cell values reach the DOM as given.
    await waitFor(() => expect(document.querySelectorAll('.ag-row').length).toBeGreaterThan(0))
    expect(screen.getByText('Campaign name')).toBeTruthy()
    expect(screen.getByText('Global')).toBeTruthy()
    expect(screen.getByText('Renewals')).toBeTruthy()
    expect(screen.getByText('2024-04-22 17:01:31')).toBeTruthy()
    expect(screen.getByText('2024-04-23')).toBeTruthy()
  })

  it('shows the empty state when nothing matches', async () => {
    await installRealApi({ records: [makeRecord(0, { campaign_id: '0' }), makeRecord(1)] })
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('Campaign ID'), '9{Enter}')
    expect(await screen.findByText('No opt-outs match these filters')).toBeTruthy()
    expect(screen.getByText(/Searched for campaign 9\./)).toBeTruthy()
    expect(screen.getByText('No matches')).toBeTruthy()
    expect(document.querySelector('.ag-root')).toBeNull()
  })

  it('shows progress with a Cancel button, and cancelling is a quiet status', async () => {
    const app = await installRealApi()
    // Convoso is slow to answer: the search is still running when the user cancels.
    app.server.injectFault({ kind: 'latency', ms: 60_000 })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    expect(screen.getByRole('progressbar', { name: 'Searching Convoso' })).toBeTruthy()
    expect(document.querySelector('.results-body')?.getAttribute('aria-busy')).toBe('true')
    const { requestId } = await searchSent(app, 0)

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(app.api.cancelSearch).toHaveBeenCalledWith({ requestId })
    expect(screen.getByText('Search cancelled.')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByRole('progressbar')).toBeNull()
    const search = await required(app.api.search.mock.results[0], 'the search').value
    expect(search.ok === false && search.error.kind).toBe('cancelled')
  })

  it('on a rejected token keeps the rows, says why, and offers to replace the token', async () => {
    const app = await installRealApi()
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    await screen.findByText('Showing 1–100 of 120')

    // Convoso stops accepting the token (deleted in its admin screens).
    app.server.injectFault({ kind: 'status', status: 401 })
    await user.click(screen.getByRole('button', { name: 'Next page' }))
    const alert = await screen.findByRole('alert')
    const error = await errorOf(app, 'search')
    expect(error.kind).toBe('token-rejected')
    expect(alert.textContent).toContain(error.message)
    expect(screen.getByText('Showing 1–100 of 120')).toBeTruthy()

    await user.click(within(alert).getByRole('button', { name: 'Replace token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Replace the API token' })
    expect(document.activeElement).toBe(within(dialog).getByLabelText('API token'))
    // The current session stays until a new token verifies.
    expect(screen.getByText(lastFour(RENDERER_TOKEN))).toBeTruthy()
  })

  it('offers to try again after a network failure', async () => {
    const app = await installRealApi()
    app.server.injectFault({ kind: 'reset' }, Infinity)
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    const alert = await screen.findByRole('alert')
    expect((await errorOf(app, 'search')).kind).toBe('network')
    app.server.clearFaults()
    await user.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('Showing 1–100 of 120')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(app.api.search).toHaveBeenCalledTimes(2)
    expect(searchRequest(app.api, 1).filters).toEqual(searchRequest(app.api, 0).filters)
  })

  it('replacing the token swaps the session once the new one verifies', async () => {
    const app = await installRealApi()
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Replace token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Replace the API token' })
    await user.type(within(dialog).getByLabelText('API token'), SECOND_TOKEN)
    await user.click(within(dialog).getByRole('button', { name: 'Verify and replace' }))
    expect(app.api.verifyAndSaveToken).toHaveBeenCalledWith({ token: SECOND_TOKEN })
    expect(await screen.findByText(lastFour(SECOND_TOKEN))).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(app.keychain.tokens()).toEqual([SECOND_TOKEN])
  })

  it('Forget token asks first, then returns to the connect screen', async () => {
    const app = await installRealApi()
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Forget token' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Forget the API token?' })
    await user.click(within(dialog).getByRole('button', { name: 'Keep token' }))
    expect(app.api.forgetToken).not.toHaveBeenCalled()

    await user.click(screen.getByRole('button', { name: 'Forget token' }))
    const again = await screen.findByRole('alertdialog')
    await user.click(within(again).getByRole('button', { name: 'Forget token' }))
    expect(app.api.forgetToken).toHaveBeenCalledTimes(1)
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    expect(app.keychain.tokens()).toEqual([])
  })

  it('Escape closes a dialog', async () => {
    await installRealApi()
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Settings' }))
    await screen.findByRole('dialog', { name: 'API settings' })
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('the Settings dialog takes focus, keeps Tab inside and gives focus back when Escape closes it', async () => {
    const app = await installRealApi()
    const user = userEvent.setup()
    renderApp()
    const opener = await screen.findByRole('button', { name: 'Settings' })
    const { dialog, field } = await openApiSettings(app, user, 'Settings')
    await waitFor(() => expect(document.activeElement).toBe(field))

    // Shift+Tab from the first control goes round to the last; Tab from the last back to the first.
    const first = within(dialog).getByRole('button', { name: 'Close' })
    first.focus()
    await user.tab({ shift: true })
    expect(dialog.contains(document.activeElement)).toBe(true)
    expect(document.activeElement).not.toBe(first)
    await user.tab()
    expect(document.activeElement).toBe(first)
    for (let press = 0; press < 12; press += 1) {
      await user.tab()
      expect(dialog.contains(document.activeElement)).toBe(true)
    }

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('Leave demo returns to the connect screen', async () => {
    const app = await installRealApi({ connect: 'demo' })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Leave demo' }))
    expect(app.api.stopDemo).toHaveBeenCalledTimes(1)
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
  })
})

describe('error boundary', () => {
  it('shows a recoverable message instead of a blank window', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    let broken = true
    function Flaky() {
      if (broken) throw new Error('render exploded')
      return <p>Recovered</p>
    }
    const user = userEvent.setup()
    render(
      <ErrorBoundary>
        <Flaky />
      </ErrorBoundary>,
    )
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('Something went wrong on this screen')
    expect(alert.textContent).toContain('render exploded')
    broken = false
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByText('Recovered')).toBeTruthy()
    spy.mockRestore()
  })
})

describe('finding 1: the token is bound to its API host (security review)', () => {
  it('finding 1: API settings says, before saving, that another host asks for the token again', async () => {
    const app = await installRealApi()
    const host = new URL(app.server.apiBase).host
    const user = userEvent.setup()
    renderApp()
    const { dialog, field } = await openApiSettings(app, user, 'Settings')

    // Another path on the same host keeps the token: no warning.
    await user.clear(field)
    await user.type(field, new URL('/v2', app.server.apiBase).href)
    expect(within(dialog).queryByText(/disconnects Opt-Out Desk/)).toBeNull()

    await user.clear(field)
    await user.type(field, 'https://staging.example.com/v1')
    const warning = within(dialog).getByText(/disconnects Opt-Out Desk/)
    expect(warning.textContent).toContain(`checked with ${host} only`)
    expect(warning.textContent).toContain('paste a token for staging.example.com')
    expect(field.getAttribute('aria-describedby')).toContain(warning.id)

    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(app.api.saveSettings).toHaveBeenCalledWith({
      apiBase: 'https://staging.example.com/v1',
      exportConcurrency: 2,
    })
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    // Main removed the token and says why.
    expect(
      screen.getByText(/The API address moved to staging\.example\.com, so the saved token was removed\./),
    ).toBeTruthy()
    expect(app.keychain.tokens()).toEqual([])
  })

  it('finding 1: the connect screen says plainly why a saved token is not used', async () => {
    // A token saved for one server, then settings.json edited by hand to point elsewhere.
    const earlier = await installRealApi()
    const app = await installRealApi({ connect: 'disconnected', keychain: earlier.keychain })
    await editSettingsFile(app, 'https://attacker.example/v1')
    renderApp()
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    const notice = await screen.findByText(/^The saved token was checked with/)
    expect(notice.textContent).toContain(`checked with ${new URL(earlier.server.apiBase).host}`)
    expect(notice.textContent).toContain('the API address is now attacker.example. Nothing was sent there.')
    expect(app.server.requests.length).toBe(app.serverRequestsAtStart)
  })

  it('says nothing about the token while not connected with one', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    const user = userEvent.setup()
    renderApp()
    const { dialog, field } = await openApiSettings(app, user, 'API settings')
    await user.clear(field)
    await user.type(field, 'https://staging.example.com/v1')
    expect(within(dialog).queryByText(/disconnects Opt-Out Desk/)).toBeNull()
  })
})

describe('issue 13: where work starts, and what the window remembers', () => {
  it('after a token is verified, focus moves to the first filter field', async () => {
    await installRealApi({ connect: 'disconnected' })
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('API token'), RENDERER_TOKEN)
    await user.click(screen.getByRole('button', { name: 'Verify and save' }))
    const first = await screen.findByLabelText('Record ID')
    await waitFor(() => expect(document.activeElement).toBe(first))
  })

  it('after starting the demo, focus moves to the first filter field', async () => {
    await installRealApi({ connect: 'disconnected' })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Explore with demo data' }))
    const first = await screen.findByLabelText('Record ID', {}, { timeout: 60_000 })
    await waitFor(() => expect(document.activeElement).toBe(first))
  })

  it('the form first appears holding the last search’s filters and page size, with no results', async () => {
    const app = await installRealApi()
    const filters = { ...EMPTY_FILTERS, campaignId: '0', reasonMode: 'blank' as const }
    expectOk(await app.call('saveLastSearch', { filters, pageSize: 250 }), 'saveLastSearch')
    // Main's answer is held: the window keeps its start-up screen rather than show an empty form first.
    const answered = deferred<undefined>()
    app.api.getLastSearch.mockImplementationOnce(async () => {
      await answered.promise
      return app.call('getLastSearch', undefined)
    })
    renderApp()
    await waitFor(() => expect(app.api.getSessionStatus).toHaveBeenCalled())
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(screen.getByText('Opening Opt-Out Desk…')).toBeTruthy()
    expect(screen.queryByLabelText('Campaign ID')).toBeNull()

    answered.resolve(undefined)
    const campaign = (await screen.findByLabelText('Campaign ID')) as HTMLInputElement
    expect(campaign.value).toBe('0')
    expect((screen.getByLabelText('Reason') as HTMLSelectElement).value).toBe('blank')
    expect(screen.getByText('Search the opt-out list')).toBeTruthy()
    expect(app.api.search).not.toHaveBeenCalled()
    await searchUsesRememberedPageSize(app)
  })
})

/** The restored page size is the one the next search asks for. */
async function searchUsesRememberedPageSize(app: RendererApp) {
  await userEvent.setup().click(screen.getByRole('button', { name: 'Search' }))
  await waitFor(() => expect(app.api.search).toHaveBeenCalledTimes(1))
  expect(searchRequest(app.api, 0)).toMatchObject({
    filters: { ...EMPTY_FILTERS, campaignId: '0', reasonMode: 'blank' },
    limit: 250,
  })
}
