import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../src/renderer/src/App'
import { ErrorBoundary } from '../../../src/renderer/src/components/ErrorBoundary'
import { LIVE, installFakeApi, ok } from '../fake-api'

function renderApp() {
  return render(
    <ErrorBoundary>
      <App />
    </ErrorBoundary>,
  )
}

describe('finding 1: the token is bound to its API host (issue 10)', () => {
  it('finding 1: API settings says, before saving, that another host asks for the token again', async () => {
    const api = installFakeApi({ status: LIVE })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Settings' }))
    const dialog = await screen.findByRole('dialog', { name: 'API settings' })
    const field = within(dialog).getByLabelText('Convoso API base URL') as HTMLInputElement
    await waitFor(() => expect(field.value).toBe('https://api.convoso.com/v1'))

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
    installFakeApi({ status: { mode: 'disconnected' } })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'API settings' }))
    const dialog = await screen.findByRole('dialog', { name: 'API settings' })
    const field = within(dialog).getByLabelText('Convoso API base URL') as HTMLInputElement
    await waitFor(() => expect(field.value).toBe('https://api.convoso.com/v1'))
    await user.clear(field)
    await user.type(field, 'https://staging.example.com/v1')
    expect(within(dialog).queryByText(/disconnects Opt-Out Desk/)).toBeNull()
  })
})
