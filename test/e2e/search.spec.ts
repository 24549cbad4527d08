import { test, expect } from './fixtures'
import { cell, connect, formatCount, runSearch, screenshot } from './helpers'
import type { OptOutRecord } from '../../src/shared/records'

test.describe('searching and paging', () => {
  test.beforeEach(({ convoso }) => {
    test.skip(!convoso.server, 'these specs check rows against the local server’s data set')
  })

  test('a phone number typed with punctuation finds its record', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    await connect(app, convoso)
    const target = convoso.records.find(
      (record) => record.phone_code === '1' && record.phone_number.length === 10,
    )
    if (!target) throw new Error('the data set has no US number')
    const n = target.phone_number
    const typed = `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`
    await app.page.getByLabel('Phone number').fill(typed)
    await app.page.getByLabel('Phone number').press('Enter')

    // The grid shows the number formatted for its country (the US national form typed here); the
    // request below, and any export, keep Convoso's digits.
    await expect(cell(app.page, 0, 'phone_number')).toHaveText(typed)
    const expected = convoso.records.filter((record) => record.phone_number === n)
    await expect(app.page.getByText(`Showing 1–${expected.length} of ${expected.length}`)).toBeVisible()
    const sent = convoso.server?.requests.at(-1)?.fields
    expect(sent?.['phone_number']).toBe(n)
    expect(sent?.['auth_token']).not.toBe(convoso.goodToken)
  })

  test('reason blank (-BLANK-) shows only records without a reason', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    await connect(app, convoso)
    await app.page.getByLabel('Reason', { exact: true }).selectOption({ label: 'Blank' })
    await runSearch(app.page)
    const blank = convoso.records.filter((record) => record.reason.trim() === '')
    await expect(app.page.getByText(`of ${formatCount(blank.length)}`).first()).toBeVisible()
    expect(convoso.server?.requests.at(-1)?.fields['reason']).toBe('-BLANK-')
    await expect(cell(app.page, 0, 'id')).toHaveText(blank[0]?.id ?? '')
    // A blank reason is marked on screen so a "Reason blank" review can be seen to be right.
    await expect(cell(app.page, 0, 'reason')).toHaveText('(blank)')
  })

  test('pages forward and back, each page showing the right rows', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    const total = formatCount(convoso.records.length)
    const expectPage = async (first: number, rows: OptOutRecord[]) => {
      await expect(
        page.getByText(`Showing ${formatCount(first)}–${formatCount(first + 99)} of ${total}`),
      ).toBeVisible()
      await expect(cell(page, 0, 'id')).toHaveText(rows[first - 1]?.id ?? '')
    }
    await expectPage(1, convoso.records)
    await page.getByRole('button', { name: 'Next page' }).click()
    await expectPage(101, convoso.records)
    await page.getByRole('button', { name: 'Next page' }).click()
    await expectPage(201, convoso.records)
    await page.getByRole('button', { name: 'Next page' }).click()
    await expectPage(301, convoso.records)
    await screenshot(page, 'results-page')
    await page.getByRole('button', { name: 'Previous page' }).click()
    await expectPage(201, convoso.records)
    await page.getByRole('button', { name: 'First page' }).click()
    await expectPage(1, convoso.records)

    await page.getByRole('button', { name: 'Last page' }).click()
    const lastFirst = Math.floor((convoso.records.length - 1) / 100) * 100 + 1
    await expect(page.getByText(`Showing ${formatCount(lastFirst)}–${total} of ${total}`)).toBeVisible()

    await page.getByLabel('Go to page').fill('7')
    await page.getByLabel('Go to page').press('Enter')
    await expectPage(601, convoso.records)
  })

  test('an account whose API refuses offsets early: the pager learns its limit and says it', async ({
    launchApp,
    convoso,
  }) => {
    convoso.server?.setMaxOffset(1000)
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    const total = formatCount(convoso.records.length)
    await expect(page.getByText(`Showing 1–100 of ${total}`)).toBeVisible()

    await page.getByRole('button', { name: 'Last page' }).click()
    await expect(page.getByText(`Showing 1,001–1,100 of ${total}`)).toBeVisible()
    await expect(
      page.getByText(/this account pages through the first 1,001 matches of a search only/),
    ).toBeVisible()
    await expect(
      page.getByText(/This Convoso account lets apps page through the first 1,100 matches only/),
    ).toBeVisible()
    await expect(page.getByText('of 11', { exact: true })).toBeVisible()
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[1000]?.id ?? '')
    await expect(page.getByRole('button', { name: 'Last page' })).toBeDisabled()
  })

  test('page size 1000 asks Convoso for 1000 rows and shows them', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    await page.getByLabel('Rows per page').selectOption('1000')
    await expect(page.getByText(`Showing 1–1,000 of ${formatCount(convoso.records.length)}`)).toBeVisible()
    expect(convoso.server?.requests.at(-1)?.fields['limit']).toBe('1000')
    // AG Grid declares every row to assistive technology even when it renders only the visible ones.
    await expect(page.getByRole('treegrid').or(page.getByRole('grid')).first()).toHaveAttribute(
      'aria-rowcount',
      '1001',
    )
    await page.getByRole('button', { name: 'Next page' }).click()
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[1000]?.id ?? '')
  })

  test('a server error keeps the results, says what happened, and the next search recovers', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[0]?.id ?? '')

    convoso.server?.injectFault({ kind: 'status', status: 500 })
    await page.getByRole('button', { name: 'Next page' }).click()
    await expect(
      page.getByRole('alert').filter({ hasText: /problem on its side \(HTTP 500\)/ }),
    ).toBeVisible()
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[0]?.id ?? '')
    await screenshot(page, 'server-error')

    await page.getByRole('button', { name: 'Next page' }).click()
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[100]?.id ?? '')
    await expect(page.getByRole('alert').filter({ hasText: /problem on its side \(HTTP 500\)/ })).toHaveCount(
      0,
    )
  })

  test('a search in flight can be cancelled, and a slow earlier answer never replaces a newer one', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[0]?.id ?? '')

    convoso.server?.injectFault({ kind: 'latency', ms: 10_000 })
    await page.getByRole('button', { name: 'Next page' }).click()
    await expect(page.getByRole('progressbar', { name: 'Searching Convoso' })).toBeVisible()
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await expect(page.getByText(/Search cancelled/)).toBeVisible()
    await expect(cell(page, 0, 'id')).toHaveText(convoso.records[0]?.id ?? '')

    // A slow page 2, overtaken by a fresh search for page 1 of a narrower filter.
    convoso.server?.injectFault({ kind: 'latency', ms: 1_500 })
    await page.getByRole('button', { name: 'Next page' }).click()
    await expect(page.getByRole('progressbar', { name: 'Searching Convoso' })).toBeVisible()
    await page.getByLabel('Campaign ID').fill('0')
    await runSearch(page)
    const global = convoso.records.filter((record) => record.campaign_id === '0')
    await expect(page.getByText(`Showing 1–100 of ${formatCount(global.length)}`)).toBeVisible()
    // Long enough for the slow answer to have come back and been ignored.
    await page.waitForTimeout(2_000)
    await expect(page.getByText(`Showing 1–100 of ${formatCount(global.length)}`)).toBeVisible()
    await expect(cell(page, 0, 'id')).toHaveText(global[0]?.id ?? '')
  })

  test('a documented Convoso error shows the server text', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    await connect(app, convoso)
    convoso.server?.injectFault({ kind: 'convoso-error', code: 6006, text: 'Invalid Campaign ID' })
    await app.page.getByLabel('Campaign ID').fill('987654')
    await runSearch(app.page)
    await expect(app.page.getByRole('alert').filter({ hasText: 'Invalid Campaign ID' })).toBeVisible()
    await expect(app.page.getByLabel('Campaign ID')).toHaveValue('987654')
  })

  test('an invalid field blocks the search and says why', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    await connect(app, convoso)
    const before = convoso.server?.requests.length ?? 0
    await app.page.getByLabel('Record ID').fill('12ab')
    await runSearch(app.page)
    await expect(app.page.getByText('A record ID is digits only.')).toBeVisible()
    expect(convoso.server?.requests.length).toBe(before)
  })
})

test('demo mode explores generated data without a token', async ({ launchApp }) => {
  const app = await launchApp()
  const { page } = app
  await page.getByRole('button', { name: 'Explore with demo data' }).click()
  await expect(page.getByText(/Demo data/).first()).toBeVisible()
  await runSearch(page)
  await expect(page.getByText('Showing 1–100 of 25,000')).toBeVisible()
  await expect(cell(page, 0, 'id')).not.toHaveText('')
  await screenshot(page, 'demo-results')
  if (app.keychain) expect(app.keychain.calls).toBe(1)
})
