import { stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Page } from '@playwright/test'
import type { OptOutRecord } from '../../src/shared/records'
import { test, expect } from './fixtures'
import { connect, JOB_FINISH_TIMEOUT, runSearch, screenshot } from './helpers'

/** A US number as the app writes it: (818) 123-3567. */
const usDisplay = (n: string): string => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`

/** Every record that is this US number: its digits, stored with code 1 or none. */
function recordsOf(records: OptOutRecord[], n: string): OptOutRecord[] {
  return records.filter(
    (record) => record.phone_number === n && ['', '1', '+1'].includes(record.phone_code.trim()),
  )
}

/** Distinct US numbers from the data set: a plain area code, and a plain reason to spell out. */
function usNumbers(records: OptOutRecord[]): string[] {
  const numbers = records
    .filter((record) => record.phone_code === '1' && /^[2-9]\d{9}$/.test(record.phone_number))
    .map((record) => record.phone_number)
  return [...new Set(numbers)]
}

/** A US number the data set does not hold under any country code. */
function absentNumber(records: OptOutRecord[]): string {
  const held = new Set(records.map((record) => record.phone_number))
  for (let n = 2_025_550_100; ; n += 1) if (!held.has(String(n))) return String(n)
}

/** The verdict table's body rows as cell texts. */
async function verdictRows(page: Page): Promise<string[][]> {
  const table = page.getByRole('table', { name: 'Verdicts, one per number' })
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent ?? '')),
    )
}

test.describe('looking numbers up', () => {
  test.beforeEach(({ convoso }) => {
    test.skip(!convoso.server, 'these specs pick numbers from the local server’s data set')
  })

  test('a pasted list of 3 numbers (two opted out, one not) gives three verdicts, at 1024x640', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 640 })
    await connect(app, convoso)
    const [first, second] = usNumbers(convoso.records)
    if (!first || !second) throw new Error('the data set has fewer than two US numbers')
    const absent = absentNumber(convoso.records)
    const before = convoso.server?.requests.length ?? 0

    // Pasted as people paste them: one per line, in three spellings.
    await page
      .getByLabel('Phone number')
      .fill(`${usDisplay(first)}\n+1 ${second}\n${absent.replace(/(\d{3})(\d{3})/, '$1.$2.')}`)
    await expect(page.getByText('3 numbers to look up: Search checks each one.')).toBeVisible()
    await runSearch(page)

    await expect(page.getByRole('heading', { name: 'Number lookup' })).toBeVisible()
    await expect(page.getByText('2 opted out · 1 not found · 0 invalid')).toBeVisible()
    const rows = await verdictRows(page)
    // A number's further places are rows of three cells under its own: the numbers' rows have five.
    const numberRows = rows.filter((row) => row.length === 5)
    expect(numberRows.map((row) => row.slice(0, 2))).toEqual([
      [usDisplay(first), 'Opted out'],
      [usDisplay(second), 'Opted out'],
      [usDisplay(absent), 'Not found'],
    ])
    // Each record of the two opted-out numbers has its line: where, and since when.
    const places = [first, second].flatMap((n) => recordsOf(convoso.records, n))
    expect(rows).toHaveLength(places.length + 1)
    for (const record of places) {
      const where = record.campaign_id === '0' ? 'global' : `campaign ${record.campaign_id}`
      const line = rows.find(
        (row) => row.at(-3)?.startsWith(where) && row.at(-2) === record.insert_date.slice(0, 16),
      )
      expect(line, `a line for record ${record.id}`).toBeDefined()
    }
    // Never one joined number: each was asked for on its own.
    const asked = new Set(
      convoso.server?.requests.slice(before).map((request) => request.fields['phone_number']),
    )
    expect([...asked].sort()).toEqual([first, second, absent].sort())

    await screenshot(page, '1024x640-lookup')
    const close = page.getByRole('button', { name: 'Close lookup' })
    const box = await close.boundingBox()
    expect(box && box.x + box.width <= 1024 && box.y + box.height <= 640, 'Close lookup is on screen').toBe(
      true,
    )
    const overflowing = await page.evaluate(() =>
      ['html', 'body', '#root', '.app-shell', '.workspace', '.results'].filter((selector) => {
        const node = document.querySelector(selector)
        return (
          node !== null &&
          (node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1)
        )
      }),
    )
    expect(overflowing, 'the window scrolls').toEqual([])

    // The table is one Tab stop: Tab from Close reaches it, the next Tab leaves it.
    const region = page.getByRole('region', { name: 'Verdicts, one per number' })
    await region.focus()
    await page.keyboard.press('Shift+Tab')
    await expect(close).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(region).toBeFocused()
    await page.keyboard.press('Tab')
    expect(await region.evaluate((node) => node.contains(document.activeElement))).toBe(false)

    // The verdicts saved as a report, and the window says where (scripted save dialog: browser runs only).
    if (app.dialogs) {
      const target = join(app.userDataDir, 'verdicts.xlsx')
      app.dialogs.nextReportPath = target
      await page.getByRole('button', { name: 'Export verdicts' }).click()
      await page.getByRole('menuitem', { name: 'Verdicts as Excel' }).click()
      await expect(page.getByText('Verdicts saved')).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })
      await expect(page.getByText(dirname(target), { exact: true })).toBeVisible()
      expect((await stat(target)).size).toBeGreaterThan(0)
      await screenshot(page, '1024x640-lookup-saved')
    }

    // Close goes back to the results, with focus on their heading.
    await close.focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { name: 'SMS opt-outs' })).toBeFocused()
  })

  test('one number gives a plain sentence above the grid', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    // A number with one global record and a plain reason, so the sentence can be spelled out here.
    const target = usNumbers(convoso.records)
      .map((n) => recordsOf(convoso.records, n))
      .find(
        (found) =>
          found.length === 1 &&
          found[0]?.campaign_id === '0' &&
          /^[A-Za-z ]+$/.test(found[0].reason) &&
          /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(found[0].insert_date),
      )?.[0]
    if (!target) throw new Error('the data set has no US number with one global record and a plain reason')
    const n = target.phone_number
    await page.getByLabel('Phone number').fill(`${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`)
    await page.getByLabel('Phone number').press('Enter')

    const purpose = target.purpose.trim() === '' ? '' : `, purpose: ${target.purpose}`
    await expect(
      page.getByText(
        `${usDisplay(n)} is opted out: global, since ${target.insert_date.slice(0, 16)}, reason: ${target.reason}${purpose}.`,
        { exact: true },
      ),
    ).toBeVisible()
    await expect(page.getByText('Showing 1–1 of 1')).toBeVisible()
    await screenshot(page, 'lookup-one-number')

    const absent = absentNumber(convoso.records)
    await page.getByLabel('Phone number').fill(absent)
    await page.getByLabel('Phone number').press('Enter')
    await expect(
      page.getByText(`${usDisplay(absent)} is not on the opt-out list.`, { exact: true }),
    ).toBeVisible()
  })
})
