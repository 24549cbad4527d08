import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { RecordDetails } from '../../../../src/renderer/src/components/results/RecordDetails'
import { useSearchStore } from '../../../../src/renderer/src/stores/search'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import { installRealApi, lastSearchRequest } from '../../../support/renderer/api'
import { makeRecord } from '../../../support/renderer/values'

const LONG_REASON =
  'Customer called twice, asked to stop all marketing texts on every line of the account, and confirmed by email the next day'

describe('RecordDetails (the row detail panel)', () => {
  it('shows every field in full: the number formatted and as stored, global or campaign, blanks marked, unknown fields', () => {
    const record = makeRecord(0, { reason: LONG_REASON, purpose: '', extra: { campaign_uid: 'c-77' } })
    render(<RecordDetails record={record} focusRequest={0} onClose={() => undefined} />)
    const panel = screen.getByRole('region', { name: 'Opt-out record 2778557' })
    expect(within(panel).getByText('(818) 123-3567')).toBeTruthy()
    expect(within(panel).getByText('+1 818 123 3567')).toBeTruthy()
    expect(panel.textContent).toContain('As Convoso stores it: 8181233567')
    expect(panel.textContent).toContain('Global: every campaign')
    expect(within(panel).getByText(LONG_REASON)).toBeTruthy()
    expect(within(panel).getByText('(blank)').className).toBe('cell-blank')
    expect(panel.textContent).toContain('2024-04-22 17:01:31')
    expect(within(panel).getByText('campaign_uid')).toBeTruthy()
    expect(within(panel).getByText('c-77')).toBeTruthy()
  })

  it('shows a number it cannot format exactly as stored, and says so', () => {
    render(
      <RecordDetails
        record={makeRecord(0, { phone_number: '12345' })}
        focusRequest={0}
        onClose={() => undefined}
      />,
    )
    const panel = screen.getByRole('region', { name: /Opt-out record/ })
    expect(within(panel).getByText('12345')).toBeTruthy()
    expect(panel.textContent).toContain('Shown as Convoso stores it')
  })

  it('takes focus only when asked (Enter on a row), and Escape closes it', () => {
    const onClose = vi.fn()
    const record = makeRecord(0)
    const { rerender } = render(<RecordDetails record={record} focusRequest={0} onClose={onClose} />)
    const heading = screen.getByRole('heading', { name: 'Opt-out record 2778557' })
    expect(document.activeElement).not.toBe(heading)
    rerender(<RecordDetails record={record} focusRequest={1} onClose={onClose} />)
    expect(document.activeElement).toBe(heading)
    fireEvent.keyDown(heading, { key: 'Escape' })
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('"Copy" puts the record on the clipboard through main and says "Copied"', async () => {
    const app = await installRealApi()
    render(
      <RecordDetails record={makeRecord(3, { reason: '' })} focusRequest={0} onClose={() => undefined} />,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Copy' }))
    const panel = screen.getByRole('region', { name: /Opt-out record/ })
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toBe('Copied the record'))
    expect(app.clipboard.text).toContain('Record ID: 2778560')
    expect(app.clipboard.text).toContain('Reason: (blank)')
    expect(app.api.copyText).toHaveBeenCalledTimes(1)
  })

  it('"Search this number" searches the number and its code alone, from page 1', async () => {
    const app = await installRealApi()
    const target = app.records[4]
    if (!target) throw new Error('no record 4')
    useSearchStore.getState().setFilter('campaignId', '1006')
    useSearchStore.getState().setFilter('reasonMode', 'blank')
    render(<RecordDetails record={target} focusRequest={0} onClose={() => undefined} />)
    await userEvent.click(screen.getByRole('button', { name: 'Search this number' }))
    await waitFor(() => expect(useSearchStore.getState().results).not.toBeNull())
    const request = lastSearchRequest(app.api)
    expect(request.filters).toEqual({
      ...EMPTY_FILTERS,
      phoneNumber: target.phone_number,
      phoneCode: target.phone_code,
    })
    expect(request.offset).toBe(0)
    const shown = useSearchStore.getState().results?.records ?? []
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.every((row) => row.phone_number === target.phone_number)).toBe(true)
  })
})
