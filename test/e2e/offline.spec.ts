import { copyFile, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from '@playwright/test'
import type { OptOutDeskApi, SearchResponse } from '../../src/shared/contract'
import { EMPTY_FILTERS, type SearchFilters } from '../../src/shared/filters'
import type { OptOutRecord } from '../../src/shared/records'
import type { Result } from '../../src/shared/result'
import { MemoryKeychain } from '../support/memory-keychain'
import { test, expect, type AppHandle } from './fixtures'
import { connect, formatCount, runSearch, screenshot, writeReport, JOB_FINISH_TIMEOUT } from './helpers'

/** A keychain that is locked or missing, as on a machine without a secret service. */
class UnavailableKeychain extends MemoryKeychain {
  override async getPassword(): Promise<string | null> {
    throw new Error('The name org.freedesktop.secrets was not provided by any .service files')
  }
  override async setPassword(): Promise<void> {
    throw new Error('The name org.freedesktop.secrets was not provided by any .service files')
  }
}

/** Every row the window's search answers for `filters`, page by page, through the real bridge. */
async function allRows(page: Page, filters: SearchFilters): Promise<OptOutRecord[]> {
  return page.evaluate(async (wanted) => {
    const rows: OptOutRecord[] = []
    for (let offset = 0; ; offset += 1000) {
      const { api } = window as unknown as { api: OptOutDeskApi }
      const answer = (await api.search({
        requestId: `all-${offset}`,
        filters: wanted,
        offset,
        limit: 1000,
      })) as Result<SearchResponse>
      if (!answer.ok) throw new Error(answer.error.message)
      rows.push(...answer.data.page.records)
      if (offset + 1000 >= answer.data.page.total) return rows
    }
  }, filters)
}

const banner = (page: Page) => page.getByRole('region', { name: 'Opened report' })

async function viewReport(app: AppHandle, path: string): Promise<void> {
  if (app.dialogs) app.dialogs.nextReportToOpen = path
  await app.page.getByRole('button', { name: 'Open a report…' }).first().click()
}

const MISSING_REASON: SearchFilters = { ...EMPTY_FILTERS, reasonMode: 'blank' }

test.describe('offline reports', () => {
  test.beforeEach(({ convoso, target }) => {
    test.skip(!convoso.server, 'these specs compare the report with the local server’s rows')
    test.skip(target === 'electron', 'native open dialogs cannot be scripted inside Electron')
  })

  test('export, open offline: every row equals the API’s, and a preset answers the same', async ({
    launchApp,
    convoso,
  }) => {
    // Two exports, an open and every page read twice: on a loaded machine this passes two minutes.
    test.slow()
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    const live = await allRows(page, MISSING_REASON)
    expect(live.length).toBeGreaterThan(0)

    const target = join(app.userDataDir, 'evidence.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = target
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    await page.getByRole('menuitem', { name: 'All matching records as Excel' }).click()
    await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })

    await viewReport(app, target)
    await expect(banner(page)).toBeVisible({ timeout: 30_000 })
    await expect(banner(page).getByText('Intact')).toBeVisible()
    await expect(banner(page).getByText('Complete')).toBeVisible()
    await expect(page.getByText(`of ${formatCount(convoso.records.length)}`).first()).toBeVisible()
    await screenshot(page, 'offline-report')

    const requestsBefore = convoso.server?.requests.length
    expect(await allRows(page, EMPTY_FILTERS)).toEqual(convoso.records)
    // The same question asked of the file gives the same rows as Convoso gave.
    expect(await allRows(page, MISSING_REASON)).toEqual(live)
    await page
      .getByRole('button', { name: /^Missing reason/ })
      .first()
      .click()
    await expect(page.getByText(`of ${formatCount(live.length)}`).first()).toBeVisible()
    // Nothing of it went to Convoso.
    expect(convoso.server?.requests.length).toBe(requestsBefore)

    // A report made from the opened report says where its rows came from.
    const copy = join(app.userDataDir, 'from-report.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = copy
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    await page.getByRole('menuitem', { name: 'All matching records as Excel' }).click()
    await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(copy)
    const report = new Map<string, string>()
    workbook.getWorksheet('Report')?.eachRow((row) => {
      report.set(String(row.getCell(1).value), String(row.getCell(2).value))
    })
    expect(report.get('Source file')).toBe('evidence.xlsx')
    expect(report.get('Rows written')).toBe(String(live.length))
    expect(report.get('Filters')).toContain('reason blank')

    await banner(page).getByRole('button', { name: 'Close report' }).click()
    await expect(banner(page)).toBeHidden()
  })

  test('a tampered cell reads Modified; a foreign workbook and a cut file say what is wrong', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    const original = join(app.userDataDir, 'original.xlsx')
    await writeReport(convoso.records.slice(0, 300), original)

    const tampered = join(app.userDataDir, 'tampered.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(original)
    const sheet = workbook.getWorksheet('Opt-outs')
    if (!sheet) throw new Error('no Opt-outs sheet')
    sheet.getCell('C5').value = '5550000000'
    await workbook.xlsx.writeFile(tampered)
    await viewReport(app, tampered)
    await expect(banner(page).getByText('Modified')).toBeVisible({ timeout: 30_000 })
    await screenshot(page, 'offline-modified')
    await banner(page).getByRole('button', { name: 'Close report' }).click()

    const foreign = join(app.userDataDir, 'budget.xlsx')
    const other = new ExcelJS.Workbook()
    other.addWorksheet('Budget').addRow(['Quarter', 'Amount'])
    await other.xlsx.writeFile(foreign)
    await viewReport(app, foreign)
    await expect(
      page.getByRole('alert').filter({ hasText: '"budget.xlsx" could not be opened' }),
    ).toBeVisible({
      timeout: 30_000,
    })
    await page.getByRole('button', { name: 'Dismiss' }).first().click()

    const cut = join(app.userDataDir, 'cut.xlsx')
    const bytes = await readFile(original)
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await viewReport(app, cut)
    await expect(page.getByRole('alert').filter({ hasText: '"cut.xlsx" could not be opened' })).toBeVisible({
      timeout: 30_000,
    })
    await screenshot(page, 'offline-damaged')
    // The app is still there and usable.
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
  })

  test('opens with no network and no keychain, from a dropped file too', async ({ launchApp, convoso }) => {
    const app = await launchApp({ keychain: new UnavailableKeychain(), apiBase: 'http://127.0.0.1:9/v1' })
    const { page } = app
    const csv = join(app.userDataDir, 'carried.csv')
    await writeReport(convoso.records, csv)
    expect((await stat(join(app.userDataDir, 'carried.report.json'))).size).toBeGreaterThan(0)
    await expect(page.getByRole('button', { name: 'Open a report…' })).toBeVisible()

    await viewReport(app, csv)
    await expect(banner(page).getByText('Intact')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByText('Not connected to Convoso')).toBeVisible()
    await expect(page.getByText(`of ${formatCount(convoso.records.length)}`).first()).toBeVisible()
    expect(await allRows(page, MISSING_REASON)).toEqual(
      convoso.records.filter((record) => record.reason.trim() === ''),
    )
    await banner(page).getByRole('button', { name: 'Close report' }).click()
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()

    // Dropped on the window: the preload says where the file is; here the harness does.
    const copy = join(app.userDataDir, 'dropped.csv')
    await copyFile(csv, copy)
    await copyFile(join(app.userDataDir, 'carried.report.json'), join(app.userDataDir, 'dropped.report.json'))
    await page.evaluate((path) => {
      const host = window as unknown as { __optOutDeskDroppedPaths?: Record<string, string> }
      host.__optOutDeskDroppedPaths = { 'dropped.csv': path }
      const transfer = new DataTransfer()
      transfer.items.add(new File(['x'], 'dropped.csv'))
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer }))
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }))
    }, copy)
    await expect(banner(page).getByText('dropped.csv')).toBeVisible({ timeout: 30_000 })
    await expect(banner(page).getByText('Intact')).toBeVisible()
  })
})
