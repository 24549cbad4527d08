import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FilterPanel } from '../../../src/renderer/src/components/FilterPanel'
import { ResultsPanel } from '../../../src/renderer/src/components/ResultsPanel'
import { installRealApi } from '../../support/renderer/api'

const STALE = 'Filters changed — press Search'
const INVITATION = 'press Enter or Search'
/** All the page's text, as read in order (the invitation's keys are in <kbd> elements). */
const pageText = () => document.body.textContent ?? ''

/** The form and the results, as the main screen lays them out, on the real main process. */
async function renderSearch(options: Parameters<typeof installRealApi>[0] = {}) {
  const app = await installRealApi({ recordCount: 300, ...options })
  render(
    <>
      <FilterPanel />
      <ResultsPanel />
    </>,
  )
  return { app, user: userEvent.setup() }
}

/** The polite live region "Filters changed" appears in (always in the page, so it is announced). */
function staleRegion(): HTMLElement {
  const region = document.querySelector<HTMLElement>('.results-stale')
  if (!region) throw new Error('the stale-results live region is not in the page')
  return region
}

describe('ResultsPanel: results that say when they are out of date', () => {
  it('says "Filters changed — press Search" when a filter is edited after a search, keeping the rows', async () => {
    const { user } = await renderSearch()
    expect(staleRegion().getAttribute('role')).toBe('status')
    expect(staleRegion().getAttribute('aria-live')).toBe('polite')
    await user.type(screen.getByLabelText('Campaign ID'), '0{Enter}')
    await screen.findByText(/^Showing 1–\d+ of \d+$/)
    expect(staleRegion().textContent).toBe('')

    await user.type(screen.getByLabelText('Campaign ID'), '1')
    expect(within(staleRegion()).getByText(STALE)).toBeTruthy()
    expect(staleRegion().textContent).toContain('The rows below are from the search before your edits.')
    // The rows and the pager stay.
    expect(screen.getByText(/^Showing 1–\d+ of \d+$/)).toBeTruthy()
    expect(document.querySelectorAll('.ag-row').length).toBeGreaterThan(0)

    // Editing back to the searched filters: the rows answer the form again.
    await user.type(screen.getByLabelText('Campaign ID'), '{Backspace}')
    expect(staleRegion().textContent).toBe('')
  })

  it('does not count retyping the same search differently as a change (compared as sent)', async () => {
    const { user } = await renderSearch()
    await user.type(screen.getByLabelText('Campaign ID'), '42{Enter}')
    await screen.findByText(/^Showing|No opt-outs match/)
    const field = screen.getByLabelText('Campaign ID')
    await user.clear(field)
    await user.type(field, ' 042 ')
    expect(staleRegion().textContent).toBe('')
    await user.clear(field)
    await user.type(field, '43')
    expect(staleRegion().textContent).toContain(STALE)
  })

  it('clears the notice when the edited filters are searched', async () => {
    const { app, user } = await renderSearch()
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await screen.findByText(/^Showing 1–100 of 300/)
    await user.type(screen.getByLabelText('Campaign ID'), '0')
    expect(staleRegion().textContent).toContain(STALE)
    await user.click(screen.getByRole('button', { name: 'Search' }))
    const global = app.records.filter((record) => record.campaign_id === '0').length
    await screen.findByText(`Showing 1–${Math.min(100, global)} of ${global}`)
    expect(staleRegion().textContent).toBe('')
  })
})

describe('ResultsPanel: banners and the invitation', () => {
  it('a failed first search shows its banner and not the "press Enter" invitation', async () => {
    const { app, user } = await renderSearch()
    expect(pageText()).toContain(INVITATION)
    app.server.injectFault({ kind: 'reset' }, Infinity)
    await user.click(screen.getByRole('button', { name: 'Search' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The search did not complete')
    expect(pageText()).not.toContain(INVITATION)
    expect(screen.queryByText('Search the opt-out list')).toBeNull()
    expect(screen.queryByText('Set filters on the left, then search.')).toBeNull()
    expect(screen.getByText('No results yet.')).toBeTruthy()
  })

  it('a search the form refuses (a bad date) clears the banner of an earlier failed search', async () => {
    const { app, user } = await renderSearch()
    app.server.injectFault({ kind: 'reset' }, Infinity)
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await screen.findByRole('alert')

    await user.type(screen.getByLabelText('Insert date From'), '2024-02-30{Enter}')
    await waitFor(() => expect(screen.queryByText('The search did not complete')).toBeNull())
    // What is wrong now is the date, said at the field, where focus went.
    expect(screen.getByText('That date does not exist.')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Insert date From'))
    expect(app.api.search).toHaveBeenCalledTimes(1)
  })

  it('with rows on screen, a failed search keeps them and its banner says so; no "Filters changed" beside it', async () => {
    const { app, user } = await renderSearch()
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await screen.findByText(/^Showing 1–100 of 300/)
    await user.type(screen.getByLabelText('Campaign ID'), '0')
    app.server.injectFault({ kind: 'reset' }, Infinity)
    await user.click(screen.getByRole('button', { name: 'Search' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The rows below are from the previous search.')
    expect(staleRegion().textContent).toBe('')
    expect(screen.getByText(/^Showing 1–100 of 300/)).toBeTruthy()

    // Dismissed, the rows are still not the form's: the notice says so.
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(staleRegion().textContent).toContain(STALE)
  })
})
