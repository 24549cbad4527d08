import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FilterPanel } from '../../../../src/renderer/src/components/FilterPanel'
import { ResultsPanel } from '../../../../src/renderer/src/components/ResultsPanel'
import { installRealApi, lastSearchRequest } from '../../../support/renderer/api'
import { LOOKUP_RECORDS } from '../../../support/lookup-records'

function Window() {
  return (
    <>
      <FilterPanel />
      <ResultsPanel />
    </>
  )
}

async function searchFor(text: string) {
  const user = userEvent.setup()
  const phone = screen.getByLabelText('Phone number')
  await user.clear(phone)
  await user.type(phone, `${text}{Enter}`)
  return user
}

describe('the sentence above the grid for one number', () => {
  it('says where, since when and why a number is opted out, one clause per record', async () => {
    const { api } = await installRealApi({ records: LOOKUP_RECORDS })
    render(<Window />)
    await searchFor('(818) 123-3567')
    expect(
      await screen.findByText(
        '(818) 123-3567 is opted out in 2 places: global, since 2024-04-22 17:01, reason: Customer asked by phone; ' +
          'campaign 42 (Spring promo), since 2025-01-05 09:30, reason: STOP reply, purpose: TELEMKT.',
      ),
    ).toBeTruthy()
    // The search ran as before: one search, the grid below the sentence.
    expect(api.search).toHaveBeenCalledTimes(1)
    expect(api.startLookup).not.toHaveBeenCalled()
    expect(lastSearchRequest(api).filters.phoneNumber).toBe('(818) 123-3567')
    expect(await screen.findByRole('grid')).toBeTruthy()
  })

  it('says one record in one sentence, and "no reason recorded" when there is none', async () => {
    await installRealApi({ records: LOOKUP_RECORDS })
    render(<Window />)
    await searchFor('213.555.0100')
    expect(
      await screen.findByText('(213) 555-0100 is opted out: global, since 2023-07-01, no reason recorded.'),
    ).toBeTruthy()
  })

  it('says a number is not on the list, and does not count the same digits under another country code', async () => {
    await installRealApi({ records: LOOKUP_RECORDS })
    render(<Window />)
    await searchFor('310 555 0199')
    expect(
      await screen.findByText(
        '(310) 555-0199 is not on the opt-out list. The grid also shows 1 record for the same digits under another country code.',
      ),
    ).toBeTruthy()

    await searchFor('(626) 555-0142')
    expect(await screen.findByText('(626) 555-0142 is not on the opt-out list.')).toBeTruthy()
    expect(screen.getByText('No opt-outs match these filters')).toBeTruthy()
  })

  it('with another filter set, claims no verdict: the rows match that filter too', async () => {
    await installRealApi({ records: LOOKUP_RECORDS })
    const user = userEvent.setup()
    render(<Window />)
    await user.type(screen.getByLabelText('Campaign ID'), '42')
    await searchFor('8181233567')
    expect(
      await screen.findByText(
        'Only (818) 123-3567’s records that also match campaign 42 are shown. Clear the other filters to see whether it is opted out anywhere.',
      ),
    ).toBeTruthy()
    expect(screen.queryByText(/is not on the opt-out list/)).toBeNull()
  })

  it('shows nothing for a search that was not for a phone number', async () => {
    await installRealApi({ records: LOOKUP_RECORDS })
    const user = userEvent.setup()
    render(<Window />)
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(await screen.findByRole('grid')).toBeTruthy()
    expect(screen.queryByText(/opted out|opt-out list/)).toBeNull()
  })
})
