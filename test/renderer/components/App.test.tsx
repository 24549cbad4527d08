import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { SearchResponse, SessionStatus } from '../../../src/shared/contract'
import type { Result } from '../../../src/shared/result'
import { App } from '../../../src/renderer/src/App'
import { ErrorBoundary } from '../../../src/renderer/src/components/ErrorBoundary'
import { SORT_NOTE } from '../../../src/renderer/src/components/ResultsPanel'
import {
  DEMO,
  DISCONNECTED,
  LIVE,
  deferred,
  fail,
  installFakeApi,
  makeRecord,
  ok,
  searchRequest,
  required,
} from '../fake-api'

function renderApp() {
  return render(
    <ErrorBoundary>
      <App />
    </ErrorBoundary>,
  )
}

/** Opens API settings from the connect screen ("API settings") or the header ("Settings") once it has loaded. */
async function openApiSettings(
  user: ReturnType<typeof userEvent.setup>,
  button: 'API settings' | 'Settings',
) {
  await user.click(await screen.findByRole('button', { name: button }))
  const dialog = await screen.findByRole('dialog', { name: 'API settings' })
  const field = within(dialog).getByLabelText('Convoso API base URL') as HTMLInputElement
  await waitFor(() => expect(field.value).toBe('https://api.convoso.com/v1'))
  return { dialog, field }
}

describe('start-up', () => {
  it('shows a loading state, then the connect screen when no token is stored', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    const status = deferred<Result<SessionStatus>>()
    api.getSessionStatus.mockImplementationOnce(() => status.promise)
    renderApp()
    expect(screen.getByText('Opening Opt-Out Desk…')).toBeTruthy()
    status.resolve(ok(DISCONNECTED))
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    expect(screen.getByText('API → Authorization Tokens')).toBeTruthy()
    expect(screen.getByText('SMS Opt-Out')).toBeTruthy()
  })

  it('goes straight to the main screen with a stored token', async () => {
    installFakeApi({ status: LIVE })
    renderApp()
    expect(await screen.findByText(/Connected · token ending/)).toBeTruthy()
    expect(screen.getByText('••••abcd')).toBeTruthy()
    expect(screen.getByText('Search the opt-out list')).toBeTruthy()
  })

  it('shows a keychain failure on the connect screen and still offers the demo', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    api.getSessionStatus.mockResolvedValueOnce(
      fail({ kind: 'keychain-unavailable', message: 'The system keychain is locked.' }),
    )
    const user = userEvent.setup()
    renderApp()
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The system keychain is locked.')
    await user.click(screen.getByRole('button', { name: 'Explore with demo data' }))
    expect(api.startDemo).toHaveBeenCalledTimes(1)
    expect(await screen.findByText('Demo data — not your Convoso account')).toBeTruthy()
    expect(screen.getByRole('note', { name: 'Demo mode' }).textContent).toContain(
      '(25,000 generated records)',
    )
  })
})

describe('connect screen', () => {
  it('masks the token, can show it, and empties the field the moment it is sent', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    const answer = deferred<Result<SessionStatus>>()
    api.verifyAndSaveToken.mockImplementationOnce(() => answer.promise)
    const user = userEvent.setup()
    renderApp()
    const field = (await screen.findByLabelText('API token')) as HTMLInputElement
    expect(field.type).toBe('password')
    await user.type(field, 'f00dfeedabcd')
    await user.click(screen.getByRole('button', { name: 'Show' }))
    expect(field.type).toBe('text')

    await user.click(screen.getByRole('button', { name: 'Verify and save' }))
    expect(api.verifyAndSaveToken).toHaveBeenCalledWith({ token: 'f00dfeedabcd' })
    expect(field.value).toBe('')
    expect(field.type).toBe('password')
    expect(screen.getByRole('button', { name: 'Verifying with Convoso…' })).toBeTruthy()

    answer.resolve(ok({ mode: 'live', tokenLast4: 'abcd', apiBase: 'https://api.convoso.com/v1' }))
    expect(await screen.findByText('••••abcd')).toBeTruthy()
  })

  it('shows why a token was rejected, inline, and stays on the connect screen', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    api.verifyAndSaveToken.mockResolvedValueOnce(
      fail({ kind: 'token-rejected', message: 'Convoso rejected this token (Auth token is invalid).' }),
    )
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('API token'), 'nope')
    await user.click(screen.getByRole('button', { name: 'Verify and save' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Convoso rejected this token (Auth token is invalid).')
    expect(screen.getByLabelText('API token').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
  })

  it('shows a network failure while verifying', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    api.verifyAndSaveToken.mockResolvedValueOnce(
      fail({ kind: 'network', message: 'Could not reach Convoso.' }),
    )
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('API token'), 'tok{Enter}')
    expect((await screen.findByRole('alert')).textContent).toContain('Could not reach Convoso.')
  })

  it('API settings shows main’s validation error on the field', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    api.saveSettings.mockResolvedValueOnce(
      fail({
        kind: 'validation',
        message: 'Check the address.',
        fieldErrors: { apiBase: 'Use https:// for anything but this computer.' },
      }),
    )
    const user = userEvent.setup()
    renderApp()
    const { field } = await openApiSettings(user, 'API settings')
    await user.clear(field)
    await user.type(field, 'http://example.com/v1{Enter}')
    expect(api.saveSettings).toHaveBeenCalledWith({ apiBase: 'http://example.com/v1', exportConcurrency: 2 })
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'))
    const errorId = required(field.getAttribute('aria-describedby'), 'aria-describedby').split(' ')[0] ?? ''
    expect(document.getElementById(errorId)?.textContent).toBe('Use https:// for anything but this computer.')
  })
})

describe('main screen', () => {
  it('searches, hands the rows to the grid and announces the count', async () => {
    const api = installFakeApi({ status: LIVE })
    api.search.mockImplementationOnce(async ({ requestId, offset, limit }) =>
      ok<SearchResponse>({
        requestId,
        offset,
        maxOffset: 1_000_000,
        page: {
          offset,
          limit,
          total: 2,
          records: [
            makeRecord(0, {
              id: '501',
              campaign_id: '0',
              campaign_name: '',
              insert_date: '2024-04-22 17:01:31',
            }),
            makeRecord(1, {
              id: '502',
              campaign_id: '77',
              campaign_name: 'Renewals',
              insert_date: '2024-04-23',
            }),
          ],
        },
        params: { campaign_id: '0' },
      }),
    )
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    const status = await screen.findByText(
      (_, el) => el?.className === 'results-summary' && /2 opt-outs/.test(el.textContent ?? ''),
    )
    expect(status.getAttribute('aria-live')).toBe('polite')
    expect(status.textContent).toContain('global')
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
    const api = installFakeApi({ status: LIVE })
    api.search.mockImplementationOnce(async ({ requestId, offset, limit }) =>
      ok<SearchResponse>({
        requestId,
        offset,
        maxOffset: 1_000_000,
        page: { offset, limit, total: 0, records: [] },
        params: { campaign_id: '9' },
      }),
    )
    const user = userEvent.setup()
    renderApp()
    await user.type(await screen.findByLabelText('Campaign ID'), '9{Enter}')
    expect(await screen.findByText('No opt-outs match these filters')).toBeTruthy()
    expect(screen.getByText(/Searched for campaign 9\./)).toBeTruthy()
    expect(screen.getByText('No matches')).toBeTruthy()
    expect(document.querySelector('.ag-root')).toBeNull()
  })

  it('shows progress with a Cancel button, and cancelling is a quiet status', async () => {
    const api = installFakeApi({ status: LIVE })
    const answer = deferred<Result<SearchResponse>>()
    api.search.mockImplementationOnce(() => answer.promise)
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    expect(screen.getByRole('progressbar', { name: 'Searching Convoso' })).toBeTruthy()
    expect(document.querySelector('.results-body')?.getAttribute('aria-busy')).toBe('true')

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    const requestId = searchRequest(api, 0).requestId
    expect(api.cancelSearch).toHaveBeenCalledWith({ requestId })
    expect(screen.getByText('Search cancelled.')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByRole('progressbar')).toBeNull()
  })

  it('on a rejected token keeps the rows, says why, and offers to replace the token', async () => {
    const api = installFakeApi({ status: LIVE })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    await screen.findByText('Showing 1–100 of 12,345')

    api.search.mockResolvedValueOnce(
      fail({ kind: 'token-rejected', message: 'Convoso no longer accepts this token.' }),
    )
    await user.click(screen.getByRole('button', { name: 'Next page' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Convoso no longer accepts this token.')
    expect(screen.getByText('Showing 1–100 of 12,345')).toBeTruthy()

    await user.click(within(alert).getByRole('button', { name: 'Replace token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Replace the API token' })
    expect(document.activeElement).toBe(within(dialog).getByLabelText('API token'))
    // The current session stays until a new token verifies.
    expect(screen.getByText('••••abcd')).toBeTruthy()
  })

  it('offers to try again after a network failure', async () => {
    const api = installFakeApi({ status: LIVE })
    api.search.mockResolvedValueOnce(fail({ kind: 'network', message: 'Could not reach Convoso.' }))
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    const alert = await screen.findByRole('alert')
    await user.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('Showing 1–100 of 12,345')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(api.search).toHaveBeenCalledTimes(2)
  })

  it('replacing the token swaps the session once the new one verifies', async () => {
    const api = installFakeApi({ status: LIVE })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Replace token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Replace the API token' })
    await user.type(within(dialog).getByLabelText('API token'), 'brand-new-5678')
    await user.click(within(dialog).getByRole('button', { name: 'Verify and replace' }))
    expect(api.verifyAndSaveToken).toHaveBeenCalledWith({ token: 'brand-new-5678' })
    expect(await screen.findByText('••••5678')).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('Forget token asks first, then returns to the connect screen', async () => {
    const api = installFakeApi({ status: LIVE })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Forget token' }))
    const dialog = await screen.findByRole('alertdialog', { name: 'Forget the API token?' })
    await user.click(within(dialog).getByRole('button', { name: 'Keep token' }))
    expect(api.forgetToken).not.toHaveBeenCalled()

    await user.click(screen.getByRole('button', { name: 'Forget token' }))
    const again = await screen.findByRole('alertdialog')
    await user.click(within(again).getByRole('button', { name: 'Forget token' }))
    expect(api.forgetToken).toHaveBeenCalledTimes(1)
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
  })

  it('Escape closes a dialog', async () => {
    installFakeApi({ status: LIVE })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Settings' }))
    await screen.findByRole('dialog', { name: 'API settings' })
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('Leave demo returns to the connect screen', async () => {
    const api = installFakeApi({ status: DEMO })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Leave demo' }))
    expect(api.stopDemo).toHaveBeenCalledTimes(1)
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
    const api = installFakeApi({ status: LIVE })
    const user = userEvent.setup()
    renderApp()
    const { dialog, field } = await openApiSettings(user, 'Settings')

    // Another path on the same host keeps the token: no warning.
    await user.clear(field)
    await user.type(field, 'https://api.convoso.com/v2')
    expect(within(dialog).queryByText(/disconnects Opt-Out Desk/)).toBeNull()

    await user.clear(field)
    await user.type(field, 'https://staging.example.com/v1')
    const warning = within(dialog).getByText(/disconnects Opt-Out Desk/)
    expect(warning.textContent).toContain('checked with api.convoso.com only')
    expect(warning.textContent).toContain('paste a token for staging.example.com')
    expect(field.getAttribute('aria-describedby')).toContain(warning.id)

    // Main answers as it does: the token is gone and the connect screen says why.
    const notice = 'The API address moved to staging.example.com, so the saved token was removed.'
    api.getSessionStatus.mockResolvedValue(ok({ mode: 'disconnected', notice }))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(api.saveSettings).toHaveBeenCalledWith({
      apiBase: 'https://staging.example.com/v1',
      exportConcurrency: 2,
    })
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    expect(screen.getByText(notice)).toBeTruthy()
  })

  it('finding 1: the connect screen says plainly why a saved token is not used', async () => {
    const notice =
      'The saved token was checked with api.convoso.com, but the API address is now attacker.example. Nothing was sent there.'
    installFakeApi({ status: { mode: 'disconnected', notice } })
    renderApp()
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    expect(screen.getByText(notice)).toBeTruthy()
  })

  it('says nothing about the token while not connected with one', async () => {
    installFakeApi({ status: DISCONNECTED })
    const user = userEvent.setup()
    renderApp()
    const { dialog, field } = await openApiSettings(user, 'API settings')
    await user.clear(field)
    await user.type(field, 'https://staging.example.com/v1')
    expect(within(dialog).queryByText(/disconnects Opt-Out Desk/)).toBeNull()
  })
})
