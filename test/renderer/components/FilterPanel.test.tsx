import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import { FilterPanel } from '../../../src/renderer/src/components/FilterPanel'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import { installRealApi, searchRequest } from '../../support/renderer/api'

function input(label: string | RegExp): HTMLInputElement {
  return screen.getByLabelText(label) as HTMLInputElement
}

function errorFor(element: HTMLElement): string | null {
  const ids = element.getAttribute('aria-describedby')?.split(' ') ?? []
  const error = ids.map((id) => document.getElementById(id)).find((el) => el?.className === 'field-error')
  return error?.textContent ?? null
}

describe('FilterPanel', () => {
  it('labels every control', async () => {
    await installRealApi()
    render(<FilterPanel />)
    for (const label of [
      'Record ID',
      'Campaign ID',
      'Phone code',
      'Phone number',
      'Reason',
      'Purpose',
      'Insert date',
      'Insert date From',
      'Insert date To',
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy()
    }
    expect(screen.getByText('0 = global opt-outs (all campaigns)')).toBeTruthy()
  })

  it('waits until a field is left before showing its error, then updates it as the user types', async () => {
    await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    const phone = input('Phone number')
    await user.type(phone, '818-12x')
    expect(phone.getAttribute('aria-invalid')).toBeNull()
    expect(errorFor(phone)).toBeNull()

    await user.tab()
    expect(phone.getAttribute('aria-invalid')).toBe('true')
    expect(errorFor(phone)).toBe('Use digits only; spaces, dashes, dots and parentheses are fine.')

    await user.clear(phone)
    await user.type(phone, '818 123 3567')
    expect(phone.getAttribute('aria-invalid')).toBeNull()
    expect(errorFor(phone)).toBeNull()
  })

  it('sends the phone number as typed, previews its normalised form, and Enter runs the search', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Phone number'), '(818) 123-3567')
    expect(screen.getByText('8181233567')).toBeTruthy()
    await user.keyboard('{Enter}')
    expect(api.search).toHaveBeenCalledTimes(1)
    expect(searchRequest(api, 0).filters).toEqual({ ...EMPTY_FILTERS, phoneNumber: '(818) 123-3567' })
  })

  it('previews a number typed with its country code', async () => {
    await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Phone number'), '+44 20 7946 0000')
    // The Phone number box is a textarea now, whose text is the typed number: only the preview counts.
    expect(
      screen.getByText('+44', { exact: false, ignore: 'script, style, textarea' }).textContent,
    ).toContain('+44')
    expect(screen.getByText('2079460000')).toBeTruthy()
  })

  it('does not send a search with an invalid field; shows the error and focuses the field', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Insert date From'), '2024-13-01')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(api.search).not.toHaveBeenCalled()
    const date = input('Insert date From')
    expect(errorFor(date)).toBe('That date does not exist.')
    expect(document.activeElement).toBe(date)
  })

  it('accepts a typed date-time and sends it untouched', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Insert date From'), '2024-04-22 17:01:31{Enter}')
    expect(searchRequest(api, 0).filters.insertDate).toBe('2024-04-22 17:01:31')
  })

  it('shows a text box for "Equals…", suggests known purposes, and requires the text', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    expect(screen.queryByLabelText('Purpose equals')).toBeNull()
    await user.selectOptions(input('Purpose'), 'equals')
    const text = input('Purpose equals')
    const list = document.getElementById(text.getAttribute('list') ?? '')
    expect(list?.querySelectorAll('option')).toHaveLength(12)
    expect(list?.querySelector('option[value="TELEMKT"]')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(api.search).not.toHaveBeenCalled()
    expect(errorFor(input('Purpose equals'))).toBe('Type the text to match, or choose "any".')

    await user.type(input('Purpose equals'), 'HIPAA')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(searchRequest(api, 0).filters).toMatchObject({
      purposeMode: 'equals',
      purposeText: 'HIPAA',
    })
  })

  it('runs the search when Enter is pressed on a select', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.selectOptions(input('Reason'), 'notBlank')
    input('Reason').focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(api.search).toHaveBeenCalledTimes(1))
    expect(searchRequest(api, 0).filters.reasonMode).toBe('notBlank')
  })

  it('Clear resets every filter and the errors', async () => {
    await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Record ID'), 'abc')
    await user.type(input('Campaign ID'), '0')
    await user.selectOptions(input('Reason'), 'blank')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(errorFor(input('Record ID'))).toBe('A record ID is digits only.')

    await user.click(screen.getByRole('button', { name: 'Clear' }))
    expect(useSearchStore.getState().filters).toEqual(EMPTY_FILTERS)
    expect(input('Record ID').value).toBe('')
    expect(input('Campaign ID').value).toBe('')
    expect(input('Reason').value).toBe('any')
    expect(errorFor(input('Record ID'))).toBeNull()
  })

  it('shows field errors main returned, keyed by filter field', async () => {
    const app = await installRealApi()
    // Main checks the filters again with the shared rules; a window whose own check let a bad campaign
    // through (another build's rules) gets main's field error, which this plays by sending one.
    app.api.search.mockImplementationOnce((request) =>
      app.call('search', { ...request, filters: { ...request.filters, campaignId: '1x' } }),
    )
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Campaign ID'), '12{Enter}')
    const answer = await vi.waitFor(async () => {
      const result = await app.api.search.mock.results[0]?.value
      if (!result) throw new Error('no answer yet')
      return result
    })
    const message = answer.ok ? '' : answer.error.fieldErrors?.['campaignId']
    expect(message).toMatch(/\S/)
    await waitFor(() => expect(errorFor(input('Campaign ID'))).toBe(message))
    expect(input('Campaign ID').getAttribute('aria-invalid')).toBe('true')
    // A failed search never clears the filters.
    expect(input('Campaign ID').value).toBe('12')
  })

  it('a match mode main’s schema refuses: main names the field by the request’s path, and the form marks that field', async () => {
    const app = await installRealApi()
    // The dispatcher's schema refuses an unknown mode before the search service sees it, keyed
    // `filters.reasonMode` (where the fake answered `reasonMode`).
    app.api.search.mockImplementationOnce((request) =>
      app.call('search', {
        ...request,
        filters: { ...request.filters, reasonMode: 'sometimes' as 'blank' },
      }),
    )
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.selectOptions(input('Reason'), 'blank')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await waitFor(() => expect(useSearchStore.getState().error?.kind).toBe('validation'))
    const error = useSearchStore.getState().error
    expect(error?.kind === 'validation' && Object.keys(error.fieldErrors)).toEqual(['filters.reasonMode'])
    const message = error?.kind === 'validation' ? error.fieldErrors['filters.reasonMode'] : undefined
    expect(message).toMatch(/\S/)
    await waitFor(() => expect(errorFor(input('Reason'))).toBe(message))
    expect(input('Reason').getAttribute('aria-invalid')).toBe('true')
    expect(input('Reason').value).toBe('blank')
  })

  it('an insert-date range: states its cost before it runs, then sends From and To', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    const cost = screen.getByTestId('range-cost')
    expect(cost.textContent).toBe('')
    await user.type(input('Insert date From'), '2024-04-01')
    expect(cost.textContent).toBe('')
    await user.type(input('Insert date To'), '2024-04-30')
    expect(cost.textContent).toMatch(/^30 days: at least 30 requests/)
    expect(screen.getByText(/shown oldest day first/)).toBeTruthy()
    await user.keyboard('{Enter}')
    expect(searchRequest(api, 0).filters).toMatchObject({
      insertDate: '2024-04-01',
      insertDateTo: '2024-04-30',
    })
  })

  it('a range with To before From, or with a time in From, is refused inline with what to do', async () => {
    const { api } = await installRealApi()
    const user = userEvent.setup()
    render(<FilterPanel />)
    await user.type(input('Insert date From'), '2024-04-30')
    await user.type(input('Insert date To'), '2024-04-01')
    await user.tab()
    expect(errorFor(input('Insert date To'))).toBe('To must be the same day as From or later.')
    expect(screen.getByTestId('range-cost').textContent).toBe('')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(api.search).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(input('Insert date To'))

    await user.clear(input('Insert date From'))
    await user.type(input('Insert date From'), '2024-03-30 10:00:00')
    expect(errorFor(input('Insert date From'))).toMatch(/without a time, or clear To/)
    expect(errorFor(input('Insert date To'))).toBeNull()
  })
})
