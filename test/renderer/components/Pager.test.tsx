import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { pagerState } from '../../../src/shared/paging'
import { capText, Pager, rangeText } from '../../../src/renderer/src/components/Pager'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import { installRealApi, lastSearchRequest } from '../../support/renderer/api'
import { beyondTheCap } from '../../support/renderer/reports'

/** Runs a real first search through the store against a server holding `total` rows, then renders the pager. */
async function renderPager(total: number | 'beyond the cap', pageSize: 25 | 100 | 1000 = 100) {
  const records = total === 'beyond the cap' ? beyondTheCap((await installRealApi()).records) : undefined
  const { api } = await installRealApi(records ? { records } : { recordCount: total as number })
  await useSearchStore.getState().setPageSize(pageSize)
  await useSearchStore.getState().search()
  const view = render(<PagerFromStore />)
  return { api, view }
}

function PagerFromStore() {
  const results = useSearchStore((s) => s.results)
  return results ? <Pager results={results} /> : null
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement

describe('pager text', () => {
  it('formats the visible range with grouping', () => {
    expect(rangeText(pagerState(12_345, 1000, 1000, 1000))).toBe('Showing 1,001–2,000 of 12,345')
  })

  it('says so when nothing matched', () => {
    expect(rangeText(pagerState(0, 0, 100, 0))).toBe('No matches')
    expect(capText(pagerState(0, 0, 100, 0))).toBeNull()
  })

  it('explains the 1,000,000 offset cap with the number of reachable rows', () => {
    const state = pagerState(5_000_000, 1_000_000, 1000, 1000)
    expect(state.pageCount).toBe(1001)
    expect(capText(state)).toBe(
      'Convoso lets apps page through the first 1,001,000 matches only; narrow the filters (campaign or insert date) to see the rest.',
    )
  })

  it('names this account’s lower limit when its API host refuses earlier offsets', () => {
    const state = pagerState(2500, 1000, 100, 100, 1000)
    expect(state.pageCount).toBe(11)
    expect(capText(state, 1000)).toBe(
      'This Convoso account lets apps page through the first 1,100 matches only; narrow the filters (campaign or insert date) to see the rest.',
    )
  })
})

describe('Pager', () => {
  it('with 0 rows: one page, every move disabled', async () => {
    await renderPager(0)
    expect(screen.getByText('No matches')).toBeTruthy()
    expect(screen.getByText('of 1')).toBeTruthy()
    for (const name of ['First page', 'Previous page', 'Next page', 'Last page']) {
      expect(button(name).disabled).toBe(true)
    }
  })

  it('with exactly one page: shows every row and cannot move', async () => {
    await renderPager(100)
    expect(screen.getByText('Showing 1–100 of 100')).toBeTruthy()
    expect(button('Next page').disabled).toBe(true)
    expect(button('Last page').disabled).toBe(true)
  })

  it('next, previous, first and last ask for the right offsets', async () => {
    const { api } = await renderPager(12_345)
    const user = userEvent.setup()
    expect(button('Previous page').disabled).toBe(true)
    await user.click(button('Next page'))
    expect(lastSearchRequest(api).offset).toBe(100)
    expect(await screen.findByText('Showing 101–200 of 12,345')).toBeTruthy()
    await user.click(button('Last page'))
    expect(lastSearchRequest(api).offset).toBe(12_300)
    expect(await screen.findByText('Showing 12,301–12,345 of 12,345')).toBeTruthy()
    expect(button('Next page').disabled).toBe(true)
    await user.click(button('Previous page'))
    expect(lastSearchRequest(api).offset).toBe(12_200)
    await user.click(await screen.findByRole('button', { name: 'First page' }))
    expect(lastSearchRequest(api).offset).toBe(0)
  })

  it('stops at the offset cap: total 1,005,000 with 1,000 a page ends at page 1,001', async () => {
    const { api } = await renderPager('beyond the cap', 1000)
    const user = userEvent.setup()
    expect(screen.getByText('of 1,001')).toBeTruthy()
    expect(screen.getByRole('note').textContent).toContain('first 1,001,000 matches only')
    await user.click(button('Last page'))
    expect(lastSearchRequest(api)).toMatchObject({ offset: 1_000_000, limit: 1000 })
    expect(await screen.findByText('Showing 1,000,001–1,001,000 of 1,005,000')).toBeTruthy()
    expect(button('Next page').disabled).toBe(true)
  })

  it('clamps a typed page to the reachable range', async () => {
    const { api } = await renderPager(12_345)
    const user = userEvent.setup()
    const goTo = screen.getByLabelText('Go to page') as HTMLInputElement
    await user.clear(goTo)
    await user.type(goTo, '5000{Enter}')
    await waitFor(() => expect(lastSearchRequest(api).offset).toBe(12_300))
    expect(((await screen.findByLabelText('Go to page')) as HTMLInputElement).value).toBe('124')

    const again = screen.getByLabelText('Go to page') as HTMLInputElement
    await user.clear(again)
    await user.type(again, '0{Enter}')
    await waitFor(() => expect(lastSearchRequest(api).offset).toBe(0))
  })

  it('ignores a go-to that is not a number', async () => {
    const { api } = await renderPager(12_345)
    const user = userEvent.setup()
    const goTo = screen.getByLabelText('Go to page') as HTMLInputElement
    await user.clear(goTo)
    await user.type(goTo, 'abc')
    await user.click(button('Go'))
    expect(api.search).toHaveBeenCalledTimes(1)
    expect(goTo.value).toBe('1')
  })

  it('changing the page size re-runs the search with the new limit, keeping the first row in view', async () => {
    const { api } = await renderPager(12_345)
    const user = userEvent.setup()
    await user.click(button('Next page'))
    await screen.findByText('Showing 101–200 of 12,345')
    await user.selectOptions(screen.getByLabelText('Rows per page'), '25')
    expect(lastSearchRequest(api)).toMatchObject({ offset: 100, limit: 25 })
    expect(await screen.findByText('Showing 101–125 of 12,345')).toBeTruthy()
  })
})
