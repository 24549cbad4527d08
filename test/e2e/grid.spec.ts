import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { RECORD_FIELD_LABELS, RECORD_FIELDS, type OptOutRecord } from '../../src/shared/records'
import { test, expect, type AppHandle, type ConvosoUnderTest } from './fixtures'
import { cell, connect, JOB_FINISH_TIMEOUT, runSearch, screenshot, writeReport } from './helpers'

/**
 * The app connected and showing the first page of the local server's records; `records` are those
 * records in the order the grid shows them.
 */
async function showResults(
  launchApp: () => Promise<AppHandle>,
  convoso: ConvosoUnderTest,
  size?: { width: number; height: number },
): Promise<{ app: AppHandle; page: Page; records: OptOutRecord[] }> {
  test.skip(convoso.server === null, 'these checks compare the grid with the local server’s own records')
  const app = await launchApp()
  if (size) await app.page.setViewportSize(size)
  await connect(app, convoso)
  await runSearch(app.page)
  await expect(cell(app.page, 0, 'id')).toHaveText(convoso.records[0]?.id ?? '')
  return { app, page: app.page, records: convoso.records }
}

function record(records: OptOutRecord[], index: number): OptOutRecord {
  const found = records[index]
  if (!found) throw new Error(`the local server has no record ${index}`)
  return found
}

/** A US number as people write it, worked out here rather than by the app's formatter. */
const usNational = (digits: string): string =>
  `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`

const tsvRow = (row: OptOutRecord): string => RECORD_FIELDS.map((field) => row[field]).join('\t')
const TSV_HEADER = RECORD_FIELDS.map((field) => RECORD_FIELD_LABELS[field]).join('\t')

const focusInside = (page: Page, selector: string) =>
  page.locator(selector).evaluate((node) => node.contains(document.activeElement))

test.describe('the results grid', () => {
  test('Ctrl/Cmd+C copies the focused cell as Convoso sent it, selected rows as tab-separated text', async ({
    launchApp,
    convoso,
  }) => {
    const { app, page, records } = await showResults(launchApp, convoso)
    const first = record(records, 0)

    const reason = cell(page, 0, 'reason')
    await reason.click()
    await expect(reason).toBeFocused()
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(() => app.clipboardText()).toBe(first.reason)
    await expect(page.locator('.grid-copy-status')).toHaveText('Copied the cell')

    // The phone cell shows the number formatted; a copy gives Convoso's exact text, as an export writes it.
    await page.keyboard.press('ArrowLeft')
    const phone = cell(page, 0, 'phone_number')
    await expect(phone).toBeFocused()
    await expect(phone).toHaveText(usNational(first.phone_number))
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(() => app.clipboardText()).toBe(first.phone_number)

    // Ctrl/Cmd+click selects rows; a copy then takes every selected row, in grid order, under a header line.
    await cell(page, 2, 'id').click({ modifiers: ['ControlOrMeta'] })
    await cell(page, 0, 'id').click({ modifiers: ['ControlOrMeta'] })
    await expect(page.locator('[role="row"][aria-selected="true"]')).toHaveCount(2)
    await page.keyboard.press('ControlOrMeta+c')
    await expect
      .poll(() => app.clipboardText())
      .toBe([TSV_HEADER, tsvRow(first), tsvRow(record(records, 2))].join('\n'))
    await expect(page.locator('.grid-copy-status')).toHaveText('Copied 2 rows')

    // Escape closes the details the first click opened, then clears the selection; the focused cell is copied again.
    await page.keyboard.press('Escape')
    await expect(page.getByRole('region', { name: /^Opt-out record/ })).toBeHidden()
    await expect(page.locator('[role="row"][aria-selected="true"]')).toHaveCount(2)
    await page.keyboard.press('Escape')
    await expect(page.locator('[role="row"][aria-selected="true"]')).toHaveCount(0)
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(() => app.clipboardText()).toBe(first.id)

    // Edit → Copy in the app menu (and Cmd+C on macOS, where the menu may take the key) reaches the grid as a
    // copy event: the focused cell's value travels in the event itself.
    const carried = await page.evaluate(() => {
      const event = new ClipboardEvent('copy', {
        clipboardData: new DataTransfer(),
        bubbles: true,
        cancelable: true,
      })
      document.activeElement?.dispatchEvent(event)
      return { text: event.clipboardData?.getData('text/plain'), handled: event.defaultPrevented }
    })
    expect(carried).toEqual({ text: first.id, handled: true })

    // Space selects the focused row from the keyboard.
    await page.keyboard.press('Space')
    await expect(page.locator('[role="row"][aria-selected="true"]')).toHaveCount(1)
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(() => app.clipboardText()).toBe([TSV_HEADER, tsvRow(first)].join('\n'))
  })

  test('a context menu on a cell copies the cell, the row or the phone number', async ({
    launchApp,
    convoso,
  }) => {
    const { app, page, records } = await showResults(launchApp, convoso)
    const second = record(records, 1)

    // From the keyboard: Shift+F10 on the focused cell, then the menu's own keys.
    await cell(page, 1, 'campaign_id').click()
    await page.keyboard.press('Shift+F10')
    const menu = page.getByRole('menu', { name: `Record ${second.id}` })
    await expect(menu).toBeVisible()
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Copy cell',
      'Copy row',
      'Copy phone number',
      /Show details/,
    ])
    await expect(menu.getByRole('menuitem', { name: 'Copy cell' })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(menu).toBeHidden()
    await expect.poll(() => app.clipboardText()).toBe(second.campaign_id)
    await expect(cell(page, 1, 'campaign_id')).toBeFocused()

    // With the mouse: a right-click on another cell.
    const france = record(records, 7)
    expect(france.phone_code).toBe('33')
    await cell(page, 7, 'reason').click({ button: 'right' })
    await page.getByRole('menuitem', { name: 'Copy phone number' }).click()
    // With its country code, formatted as in France: +33 6 80 49 17 44.
    const digits = france.phone_number
    await expect
      .poll(() => app.clipboardText())
      .toBe(
        `+33 ${digits[0]} ${digits.slice(1, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`,
      )
    await expect(page.locator('.grid-copy-status')).toHaveText('Copied the phone number')

    await cell(page, 7, 'reason').click({ button: 'right' })
    await page.getByRole('menuitem', { name: 'Copy row' }).click()
    await expect.poll(() => app.clipboardText()).toBe([TSV_HEADER, tsvRow(france)].join('\n'))
  })

  test('Enter opens the row details beside the grid, Escape returns to the cell, one Tab still leaves the grid', async ({
    launchApp,
    convoso,
  }) => {
    const { page, records } = await showResults(launchApp, convoso)
    const row = record(records, 2)
    const panel = page.getByRole('region', { name: `Opt-out record ${row.id}` })

    // A click shows the details without taking focus from the grid.
    const reason = cell(page, 2, 'reason')
    await reason.click()
    await expect(panel).toBeVisible()
    await expect(reason).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(panel).toBeHidden()
    await expect(reason).toBeFocused()

    await page.keyboard.press('Enter')
    await expect(panel).toBeVisible()
    await expect(panel.getByRole('heading', { name: `Opt-out record ${row.id}` })).toBeFocused()
    await expect(panel).toContainText(usNational(row.phone_number))
    await expect(panel).toContainText(`As Convoso stores it: ${row.phone_number}`)
    await expect(panel).toContainText(row.reason)
    await expect(panel).toContainText(row.insert_date)
    await expect(panel).toContainText(`Campaign ${row.campaign_id}`)
    await screenshot(page, 'grid-row-details-1360x860')

    await page.keyboard.press('Escape')
    await expect(panel).toBeHidden()
    await expect(reason).toBeFocused()

    // The grid is still one Tab stop: the details (when open) come before it, the pager after it.
    await page.keyboard.press('Enter')
    await expect(panel).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(reason).toBeFocused()
    await reason.click()
    await expect(panel).toBeVisible()
    await page.keyboard.press('Tab')
    expect(await focusInside(page, '.pager')).toBe(true)
  })

  test('"Search this number" searches every opt-out of the row’s number; Copy copies the record', async ({
    launchApp,
    convoso,
  }) => {
    const { app, page, records } = await showResults(launchApp, convoso)
    await page.getByLabel('Campaign ID').fill('1006')
    const row = record(records, 5)
    await cell(page, 5, 'id').click()
    await page.keyboard.press('Enter')
    const panel = page.getByRole('region', { name: `Opt-out record ${row.id}` })

    await panel.getByRole('button', { name: 'Copy' }).click()
    await expect(panel.getByRole('status')).toHaveText('Copied the record')
    const copied = await app.clipboardText()
    expect(copied).toContain(`Record ID: ${row.id}`)
    expect(copied).toContain(`Reason: ${row.reason}`)
    expect(copied).toContain(`(stored as ${row.phone_number})`)

    await panel.getByRole('button', { name: 'Search this number' }).click()
    await expect(page.getByLabel('Phone number')).toHaveValue(row.phone_number)
    await expect(page.getByLabel('Campaign ID')).toHaveValue('')
    const matches = records.filter(
      (r) => r.phone_number === row.phone_number && r.phone_code === row.phone_code,
    )
    await expect(
      page.getByRole('grid').locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])'),
    ).toHaveCount(matches.length)
    await expect(cell(page, 0, 'phone_number')).toHaveText(usNational(row.phone_number))
  })

  test('an opened report shows its rows the same way; a page exported from the grid keeps Convoso’s exact text', async ({
    launchApp,
  }) => {
    const app = await launchApp()
    const { page } = app
    test.skip(!app.dialogs, 'native open and save dialogs cannot be scripted inside Electron')
    const rows: OptOutRecord[] = [
      {
        id: '91',
        phone_code: '44',
        phone_number: '07700900123',
        reason: '',
        purpose: 'TELEMKT',
        insert_date: '2024-04-22 17:01:31',
        campaign_id: '0',
        campaign_name: '',
      },
      {
        id: '92',
        phone_code: '1',
        phone_number: '8181233567',
        reason: 'Asked by phone',
        purpose: '',
        insert_date: '2024-04-23',
        campaign_id: '1042',
        campaign_name: 'Spring Renewal',
      },
    ]
    const reportPath = join(app.userDataDir, 'two-rows.xlsx')
    await writeReport(rows, reportPath)

    // No token needed: "Open a report…" on the connect screen.
    if (app.dialogs) app.dialogs.nextReportToOpen = reportPath
    await page.getByRole('button', { name: 'Open a report…' }).first().click()
    await expect(page.getByRole('region', { name: 'Opened report' })).toBeVisible({ timeout: 30_000 })
    await expect(cell(page, 0, 'phone_number')).toHaveText('07700 900123')
    await expect(cell(page, 0, 'reason').locator('.cell-blank')).toHaveText('(blank)')
    await expect(cell(page, 1, 'purpose').locator('.cell-blank')).toHaveText('(blank)')

    await cell(page, 0, 'id').click()
    await page.keyboard.press('Enter')
    const panel = page.getByRole('region', { name: 'Opt-out record 91' })
    await expect(panel).toContainText('+44 7700 900123')
    await expect(panel).toContainText('As Convoso stores it: 07700900123')
    await expect(panel).toContainText('Global: every campaign')
    await page.keyboard.press('Escape')
    await expect(cell(page, 0, 'id')).toBeFocused()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(() => app.clipboardText()).toBe('07700900123')

    // The page on screen exported as CSV: the numbers and blanks as stored, not as the grid shows them.
    const csvPath = join(app.userDataDir, 'page.csv')
    if (app.dialogs) app.dialogs.nextReportPath = csvPath
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    await page.getByRole('menuitem', { name: 'This page as CSV' }).click()
    await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    const csv = await readFile(csvPath, 'utf8')
    expect(csv).toContain('07700900123')
    expect(csv).toContain('8181233567')
    expect(csv).not.toContain('07700 900123')
    expect(csv).not.toContain('(818) 123-3567')
    expect(csv).not.toContain('(blank)')
  })

  for (const size of [
    { width: 1360, height: 860 },
    { width: 1024, height: 640 },
  ]) {
    test(`headers show in full and a blank reason or purpose says "(blank)" at ${size.width}x${size.height}`, async ({
      launchApp,
      convoso,
    }) => {
      const { page, records } = await showResults(launchApp, convoso, size)

      const cut = await page
        .locator('.ag-header-cell-text')
        .evaluateAll((nodes) =>
          nodes.filter((node) => node.scrollWidth > node.clientWidth + 0.5).map((node) => node.textContent),
        )
      expect(cut, 'header labels cut short').toEqual([])
      // Columns scrolled out of view at 1024 wide are not rendered; every rendered one shows its whole label.
      const labels = await page.locator('.ag-header-cell-text').allTextContents()
      expect(labels.length).toBeGreaterThanOrEqual(size.width === 1360 ? RECORD_FIELDS.length : 5)
      expect(labels).toEqual(RECORD_FIELDS.slice(0, labels.length).map((f) => RECORD_FIELD_LABELS[f]))

      const blankReason = records.findIndex((r) => r.reason === '')
      const blankPurpose = records.findIndex((r) => r.purpose === '')
      expect(blankReason).toBeGreaterThanOrEqual(0)
      expect(blankReason).toBeLessThan(4)
      expect(blankPurpose).toBeLessThan(4)
      await expect(cell(page, blankReason, 'reason').locator('.cell-blank')).toHaveText('(blank)')
      await expect(cell(page, blankPurpose, 'purpose').locator('.cell-blank')).toHaveText('(blank)')
      const filled = records.findIndex((r) => r.reason !== '')
      await expect(cell(page, filled, 'reason').locator('.cell-blank')).toHaveCount(0)
      await expect(cell(page, filled, 'reason')).toHaveText(record(records, filled).reason)
      if (size.width === 1024) {
        await cell(page, 0, 'id').click()
        await screenshot(page, 'grid-row-details-1024x640')
      }
    })
  }
})
