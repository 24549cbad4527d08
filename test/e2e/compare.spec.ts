import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from '@playwright/test'
import type { OptOutDeskApi } from '../../src/shared/contract'
import type { ReportEntry } from '../../src/shared/exports'
import type { OptOutRecord } from '../../src/shared/records'
import type { Result } from '../../src/shared/result'
import type { FakeConvosoServer } from '../support/convoso-server/fake-convoso'
import { test, expect, type AppHandle, type ConvosoUnderTest, type LaunchOptions } from './fixtures'
import { connect, formatCount, JOB_FINISH_TIMEOUT, runSearch, screenshot } from './helpers'

const EDITED_REASON = 'Edited in Convoso after the first report'
const ADDED = 10

const pad = (value: number) => String(value).padStart(2, '0')

/** Convoso's wall-clock text for a moment: `YYYY-MM-DD HH:MM:SS`. */
function convosoTime(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  )
}

/**
 * Ten records inserted after the first report was made (a day later, so no clock or zone reading
 * makes them back-dated), with numbers and ids the data set does not hold (so none is re-entered).
 */
function newRecords(records: OptOutRecord[], template: OptOutRecord): OptOutRecord[] {
  const ids = new Set(records.map((record) => record.id))
  const numbers = new Set(records.map((record) => record.phone_number))
  const inserted = convosoTime(new Date(Date.now() + 24 * 3600 * 1000))
  const added: OptOutRecord[] = []
  for (let n = 9_000_001, phone = 2_025_550_100; added.length < ADDED; n += 1, phone += 1) {
    if (ids.has(String(n)) || numbers.has(String(phone))) continue
    added.push({ ...template, id: String(n), phone_number: String(phone), insert_date: inserted })
  }
  return added
}

async function exportAll(app: AppHandle, fileName: string, format: 'Excel' | 'CSV'): Promise<string> {
  const { page } = app
  const target = join(app.userDataDir, fileName)
  if (app.dialogs) app.dialogs.nextReportPath = target
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await page.getByRole('menuitem', { name: `All matching records as ${format}` }).click()
  await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
    timeout: JOB_FINISH_TIMEOUT,
  })
  return target
}

/**
 * The start both specs share, at 1024x640: connected, searched, and every record exported once.
 * Two whole exports, a comparison and its export take minutes on a loaded machine.
 */
async function firstExport(
  launchApp: (options?: LaunchOptions) => Promise<AppHandle>,
  convoso: ConvosoUnderTest,
  fileName: string,
  format: 'Excel' | 'CSV',
): Promise<{ app: AppHandle; page: Page; server: FakeConvosoServer; older: string }> {
  test.slow()
  const server = convoso.server
  if (!server) throw new Error('no local server')
  const app = await launchApp()
  const { page } = app
  await page.setViewportSize({ width: 1024, height: 640 })
  await connect(app, convoso)
  await runSearch(page)
  return { app, page, server, older: await exportAll(app, fileName, format) }
}

/** The Reports list as main keeps it, through the window's bridge. */
async function listReports(page: Page): Promise<ReportEntry[]> {
  return page.evaluate(async () => {
    const { api } = window as unknown as { api: OptOutDeskApi }
    const answer = (await api.listReports()) as Result<ReportEntry[]>
    if (!answer.ok) throw new Error(answer.error.message)
    return answer.data
  })
}

/** The grid's record ids on screen, in order (the first column). */
async function gridIds(page: Page): Promise<string[]> {
  const grid = page.getByRole('tabpanel').getByRole('grid')
  return grid.locator('[role="row"][aria-rowindex] [role="gridcell"][aria-colindex="1"]').allTextContents()
}

/** Each row of a sheet as the text of its cells (exceljs values, dates as ISO). */
function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = []
  sheet.eachRow((row) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell) => {
      const value = cell.value
      cells.push(
        value instanceof Date
          ? value.toISOString()
          : typeof value === 'object' && value !== null && 'richText' in value
            ? value.richText.map((run) => run.text).join('')
            : String(value ?? ''),
      )
    })
    rows.push(cells)
  })
  return rows
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name} `) })

test.describe('comparing two reports', () => {
  test.beforeEach(({ convoso, target }) => {
    test.skip(!convoso.server, 'this spec changes the local server’s data between two exports')
    test.skip(target === 'electron', 'native save dialogs cannot be scripted inside Electron')
  })

  test('export, delete one, edit a reason, add ten, export again: the comparison finds exactly that, at 1024x640', async ({
    launchApp,
    convoso,
  }) => {
    const { app, page, server, older } = await firstExport(launchApp, convoso, 'march.xlsx', 'Excel')

    // What Convoso lets anyone do, with no history kept.
    const [gone, edited, template] = [convoso.records[10], convoso.records[20], convoso.records[30]]
    if (!gone || !edited || !template) throw new Error('the data set is too small')
    expect(server.deleteRecords([gone.id])).toBe(1)
    expect(server.updateRecord(edited.id, { reason: EDITED_REASON })).not.toBeNull()
    const added = newRecords(convoso.records, template)
    server.addRecords(added)

    await runSearch(page)
    const total = convoso.records.length - 1 + ADDED
    await expect(page.getByText(`of ${formatCount(total)}`).first()).toBeVisible()
    const newer = await exportAll(app, 'june.xlsx', 'Excel')
    const entries = await listReports(page)
    const march = entries.find((entry) => entry.filePath === older)
    const june = entries.find((entry) => entry.filePath === newer)
    if (!march || !june) throw new Error('the two exports are not in the Reports list')

    // From the Reports list: tick both, Compare.
    await page.getByRole('button', { name: 'Reports', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Reports' })
    await dialog.getByRole('checkbox', { name: 'Choose march.xlsx to compare' }).check()
    await dialog.getByRole('checkbox', { name: 'Choose june.xlsx to compare' }).check()
    await dialog.getByRole('button', { name: 'Compare reports…' }).click()
    await expect(dialog).toBeHidden()
    const panel = page.getByRole('main', { name: 'Compare two reports' })
    await expect(panel).toBeVisible()
    // Each side says what it is before anything is compared.
    const first = panel.getByRole('region', { name: 'First report' })
    const second = panel.getByRole('region', { name: 'Second report' })
    await expect(first.getByText('march.xlsx')).toBeVisible()
    await expect(first.getByText(`${formatCount(convoso.records.length)} rows`)).toBeVisible()
    await expect(second.getByText('june.xlsx')).toBeVisible()
    await expect(second.getByText(`${formatCount(total)} rows`)).toBeVisible()
    await screenshot(page, 'compare-choose-1024')

    await panel.getByRole('button', { name: 'Compare', exact: true }).click()
    const summary = `${formatCount(convoso.records.length)} → ${formatCount(total)} records: ${ADDED} added, 1 removed, 1 changed`
    await expect(panel.getByText(summary)).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })
    for (const [name, count] of [
      ['Removed', 1],
      ['Changed', 1],
      ['Added', ADDED],
      ['Re-entered', 0],
      ['Back-dated', 0],
    ] as const) {
      await expect(tab(page, name)).toHaveText(`${name} ${count}`)
    }
    // Removed comes first: the finding that matters.
    await expect(tab(page, 'Removed')).toHaveAttribute('aria-selected', 'true')
    await expect.poll(() => gridIds(page)).toEqual([gone.id])
    await screenshot(page, 'compare-result-1024')

    await tab(page, 'Changed').click()
    await expect.poll(() => gridIds(page)).toEqual([edited.id])
    const change = `Reason: ${edited.reason || '(blank)'} → ${EDITED_REASON}`
    // In the grid's Changes column, and in full in the row's details.
    await expect(page.getByRole('tabpanel').getByRole('gridcell', { name: change })).toBeVisible()
    await page.getByRole('tabpanel').getByRole('gridcell', { name: edited.id, exact: true }).click()
    const details = page.getByRole('region', { name: `Opt-out record ${edited.id}` })
    await expect(details.getByRole('region', { name: 'Changes' })).toContainText(
      `Reason: ${edited.reason || '(blank)'} → ${EDITED_REASON}`,
    )
    await screenshot(page, 'compare-changed-1024')
    await page.keyboard.press('Escape')

    await tab(page, 'Added').click()
    await expect.poll(() => gridIds(page)).toEqual(added.map((record) => record.id))

    await tab(page, 'Re-entered').click()
    await expect(page.getByText('No records were re-entered')).toBeVisible()

    // The comparison as a report of its own, read back.
    const saved = join(app.userDataDir, 'march-to-june.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = saved
    await panel.getByRole('button', { name: 'Export comparison' }).click()
    await page.getByRole('menuitem', { name: /Comparison as Excel/ }).click()
    await expect(panel.getByText('Comparison saved')).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(saved)
    const ids = (name: string): string[] => {
      const sheet = workbook.getWorksheet(name)
      if (!sheet) throw new Error(`no ${name} sheet in ${workbook.worksheets.map((s) => s.name).join(', ')}`)
      const rows = sheetRows(sheet)
      const idColumn = (rows[0] ?? []).findIndex((header) => /record id/i.test(header))
      return rows.slice(1).map((row) => row[idColumn] ?? '')
    }
    expect(ids('Removed')).toEqual([gone.id])
    expect(ids('Changed')).toEqual([edited.id])
    expect(ids('Added')).toEqual(added.map((record) => record.id))
    const report = workbook.getWorksheet('Report')
    if (!report) throw new Error('no Report sheet')
    const reportText = sheetRows(report)
      .map((row) => row.join(' '))
      .join('\n')
    for (const needle of ['march.xlsx', 'june.xlsx', march.sha256, june.sha256]) {
      expect(reportText).toContain(needle)
    }

    await panel.getByRole('button', { name: 'Close comparison' }).click()
    await expect(page.getByRole('main', { name: 'SMS opt-outs' })).toBeVisible()
  })

  test('a CSV pair chosen with the file dialog: 1 removed, and the comparison as one CSV per list', async ({
    launchApp,
    convoso,
  }) => {
    const { app, page, server, older } = await firstExport(launchApp, convoso, 'march.csv', 'CSV')
    const gone = convoso.records[40]
    if (!gone) throw new Error('the data set is too small')
    server.deleteRecords([gone.id])
    await runSearch(page)
    await expect(page.getByText(`of ${formatCount(convoso.records.length - 1)}`).first()).toBeVisible()
    const newer = await exportAll(app, 'june.csv', 'CSV')

    await page.getByRole('banner').getByRole('button', { name: 'Compare', exact: true }).click()
    const panel = page.getByRole('main', { name: 'Compare two reports' })
    for (const [path, name] of [
      [newer, 'june.csv'],
      [older, 'march.csv'],
    ] as const) {
      if (app.dialogs) app.dialogs.nextReportToOpen = path
      await panel.getByRole('button', { name: 'Choose a file…' }).first().click()
      await expect(panel.getByText(name, { exact: true }).first()).toBeVisible()
    }
    await panel.getByRole('button', { name: 'Compare', exact: true }).click()
    // Told apart by generation time: the file chosen first is the newer one.
    await expect(
      panel.getByText(
        `${formatCount(convoso.records.length)} → ${formatCount(convoso.records.length - 1)} records: 0 added, 1 removed, 0 changed`,
      ),
    ).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })
    await expect(panel.getByText('Older', { exact: true }).locator('..')).toContainText('march.csv')
    await expect.poll(() => gridIds(page)).toEqual([gone.id])

    if (app.dialogs) app.dialogs.nextReportPath = join(app.userDataDir, 'march-to-june.csv')
    await panel.getByRole('button', { name: 'Export comparison' }).click()
    await page.getByRole('menuitem', { name: /Comparison as CSV/ }).click()
    const saved = panel.getByRole('status').filter({ hasText: 'Comparison saved' })
    await expect(saved).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })
    const names = await saved.locator('.export-file').allTextContents()
    expect(names).toHaveLength(5)
    const removed = names.find((name) => /removed/i.test(name))
    if (!removed) throw new Error(`no removed list among ${names.join(', ')}`)
    const text = await readFile(join(app.userDataDir, removed), 'utf8')
    expect(text.split('\r\n').filter((line) => line.startsWith(`${gone.id},`))).toHaveLength(1)
  })
})
