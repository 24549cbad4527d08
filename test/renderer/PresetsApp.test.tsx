import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { installRealApi, lastSearchRequest } from '../support/renderer/api'
import { presetsFileWithOneDamaged, setDefaultPreset, withFilters } from '../support/renderer/presets'

const list = () => screen.getByRole('list', { name: 'Presets' })

describe('presets on the main screen', () => {
  it('runs the default preset once when the app opens, not again after leaving and re-entering demo', async () => {
    const app = await installRealApi({ connect: 'demo' })
    await setDefaultPreset(app, 'Global opt-outs')
    const { api } = app
    const user = userEvent.setup()
    render(<App />)
    await waitFor(() => expect(api.search).toHaveBeenCalledTimes(1))
    expect(lastSearchRequest(api)).toMatchObject({
      filters: withFilters({ campaignId: '0' }),
      offset: 0,
      limit: 100,
    })
    expect(((await screen.findByLabelText('Campaign ID')) as HTMLInputElement).value).toBe('0')
    const preset = within(list()).getByRole('button', { name: /^Global opt-outs/ })
    expect(preset.getAttribute('aria-current')).toBe('true')
    expect(preset.textContent).toContain('runs when the app opens')

    await user.click(screen.getByRole('button', { name: 'Leave demo' }))
    await user.click(await screen.findByRole('button', { name: 'Explore with demo data' }))
    await screen.findByRole('list', { name: 'Presets' })
    await waitFor(() => expect(api.listPresets).toHaveBeenCalledTimes(2))
    expect(api.search).toHaveBeenCalledTimes(1)
  })

  it('waits for a session before running the default preset', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    await setDefaultPreset(app, 'Missing reason')
    app.api.listPresets.mockClear()
    const { api } = app
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('heading', { name: 'Connect to Convoso' })
    expect(api.listPresets).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Explore with demo data' }))
    await waitFor(() => expect(api.search).toHaveBeenCalledTimes(1))
    expect(lastSearchRequest(api).filters).toEqual(withFilters({ reasonMode: 'blank' }))
  })

  it('shows a problem with the presets file once, as a dismissible warning', async () => {
    const app = await installRealApi()
    await presetsFileWithOneDamaged(app)
    const { api } = app
    const user = userEvent.setup()
    render(<App />)
    const warning = await screen.findByText(/^1 saved preset was damaged and left out/)
    const problem = warning.textContent ?? ''
    expect(problem).toMatch(/It was kept as presets\.damaged-.*\.json; the other 3 were recovered\.$/)
    const box = warning.closest('.alert') as HTMLElement
    expect(box.textContent).toContain('Your presets file had a problem')
    // The list is still there and usable.
    expect(within(list()).getAllByRole('listitem')).toHaveLength(3)

    await user.click(within(box).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText(problem)).toBeNull()
    // Later answers carry the same problem; it is not shown again.
    await user.click(screen.getByRole('button', { name: 'Actions for Global opt-outs' }))
    await user.click(screen.getByRole('menuitem', { name: 'Duplicate' }))
    await waitFor(() => expect(api.duplicatePreset).toHaveBeenCalledTimes(1))
    await within(list()).findByRole('button', { name: /^Global opt-outs \(2\)/ })
    expect(screen.queryByText(problem)).toBeNull()
  })
})
