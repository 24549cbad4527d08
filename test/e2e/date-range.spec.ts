import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startFakeConvoso, type FakeConvosoServer } from '../support/convoso-server/fake-convoso'
import type { OptOutRecord } from '../../src/shared/records'
import { test, expect } from './fixtures'
import { cell, JOB_FINISH_TIMEOUT, runSearch, screenshot } from './helpers'

const TOKEN = 'range-token-7c1d2e3f4a5b'

/** Records on five days, the range's three in the middle; the server holds them with the days interleaved. */
const PER_DAY: [string, number][] = [
  ['2024-03-31', 12],
  ['2024-04-01', 30],
  ['2024-04-02', 40],
  ['2024-04-03', 35],
  ['2024-04-04', 9],
]

function recordsOnDays(): OptOutRecord[] {
  const records: OptOutRecord[] = []
  let id = 500_000
  for (const [day, count] of PER_DAY) {
    for (let index = 0; index < count; index += 1) {
      id += 1
      const minute = String(index % 60).padStart(2, '0')
      records.push({
        id: String(id),
        phone_number: String(8_180_000_000 + id),
        phone_code: '1',
        reason: `Range reason ${id}`,
        purpose: 'TELEMKT',
        insert_date: `${day} 09:${minute}:00`,
        campaign_id: '0',
        campaign_name: '',
      })
    }
  }
  // Every fourth record first, so the server's own order mixes the days.
  return [...records.filter((_, index) => index % 4 === 0), ...records.filter((_, index) => index % 4 !== 0)]
}

const RECORDS = recordsOnDays()
const RANGE_DAYS = ['2024-04-01', '2024-04-02', '2024-04-03']
/** What the range must show: day by day, oldest first, each day in the server's order. */
const EXPECTED = RANGE_DAYS.flatMap((day) => RECORDS.filter((record) => record.insert_date.startsWith(day)))

let server: FakeConvosoServer

test.beforeAll(async () => {
  server = await startFakeConvoso({ records: RECORDS, tokens: [TOKEN] })
})
test.afterAll(() => server.close())

/** The Record ID of every data row the grid has rendered, in row order (one round trip, not one per cell). */
async function idsOnScreen(page: Page): Promise<string[]> {
  return page.getByRole('grid').evaluate((grid) => {
    const rows = new Map<number, string>()
    for (const row of grid.querySelectorAll('[role="row"][aria-rowindex]')) {
      const index = Number(row.getAttribute('aria-rowindex'))
      const id = row.querySelector('[role="gridcell"][aria-colindex="1"]')
      // Row 1 is the header.
      if (index > 1 && id) rows.set(index, (id.textContent ?? '').trim())
    }
    return [...rows.entries()].sort(([a], [b]) => a - b).map(([, id]) => id)
  })
}

test('a 3-day insert-date range: cost stated first, rows day by day with the right total, paging across a day, export of all', async ({
  launchApp,
}) => {
  // A search, a page-size change, a second page and a whole export: four things a user waits for,
  // each slow on a loaded machine.
  test.slow()
  const app = await launchApp({ apiBase: server.apiBase })
  const { page } = app
  await page.getByLabel('API token', { exact: true }).fill(TOKEN)
  await page.getByRole('button', { name: 'Verify and save' }).click()
  await expect(page.getByText(/Connected/)).toBeVisible()

  await page.getByLabel('Insert date From').fill('2024-04-01')
  await page.getByLabel('Insert date To').fill('2024-04-03')
  // The cost is said before anything is asked.
  const asked = server.requests.length
  await expect(page.getByTestId('range-cost')).toHaveText(/^3 days: at least 3 requests/)
  await expect(page.getByText(/shown oldest day first/)).toBeVisible()
  expect(server.requests.length).toBe(asked)

  await runSearch(page)
  await expect(page.getByText('Showing 1–100 of 105')).toBeVisible()
  // Smaller pages than a day: the totals are known, so this asks only for the rows.
  await page.getByLabel('Rows per page').selectOption('25')
  await expect(page.getByText('Showing 1–25 of 105')).toBeVisible()
  await expect(page.getByText(/inserted 2024-04-01 to 2024-04-03/).first()).toBeVisible()
  await expect.poll(() => idsOnScreen(page)).toEqual(EXPECTED.slice(0, 25).map((record) => record.id))
  await screenshot(page, 'date-range-results')

  // Page 2 holds the last 5 rows of 2024-04-01 and the first 20 of 2024-04-02; no day is counted again.
  const beforePage2 = server.requests.length
  await page.getByRole('button', { name: 'Next page' }).click()
  await expect(page.getByText('Showing 26–50 of 105')).toBeVisible()
  await expect.poll(() => idsOnScreen(page)).toEqual(EXPECTED.slice(25, 50).map((record) => record.id))
  await expect(cell(page, 4, 'insert_date')).toContainText('2024-04-01')
  await expect(cell(page, 5, 'insert_date')).toContainText('2024-04-02')
  const page2Requests = server.requests.slice(beforePage2).map((request) => request.fields)
  expect(page2Requests.map((fields) => [fields['insert_date'], fields['offset'], fields['limit']])).toEqual([
    ['2024-04-01', '25', '5'],
    ['2024-04-02', '0', '20'],
  ])

  test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
  const target = join(app.userDataDir, 'range.csv')
  if (app.dialogs) app.dialogs.nextReportPath = target
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await page.getByRole('menuitem', { name: 'All matching records as CSV' }).click()
  await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
    timeout: JOB_FINISH_TIMEOUT,
  })
  const lines = (await readFile(target, 'utf8')).replace(/^\uFEFF/, '').split('\r\n')
  const ids = lines
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(',')[0])
  expect(ids).toEqual(EXPECTED.map((record) => record.id))
  const report = JSON.parse(await readFile(join(app.userDataDir, 'range.report.json'), 'utf8')) as {
    filters: string
    filtersAsSent: Record<string, string>
  }
  expect(report.filters).toBe('inserted 2024-04-01 to 2024-04-03')
  expect(report.filtersAsSent['insert_date']).toBe(
    'each day from 2024-04-01 to 2024-04-03, one search per day',
  )
})
