import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from '@playwright/test'
import { generateDemoRecords } from '../../src/main/services/demo-convoso/dataset'
import { startFakeConvoso } from '../support/convoso-server/fake-convoso'
import { RECORD_FIELDS, type OptOutRecord } from '../../src/shared/records'
import { test, expect, type AppHandle, type ConvosoUnderTest } from './fixtures'
import { connect, runSearch, screenshot, JOB_FINISH_TIMEOUT } from './helpers'

/**
 * Requests an "export all" makes before its first page: the plan asks for the total and for the
 * last page it will need (an account may refuse offsets early); the start reuses the plan and asks nothing.
 */
const PLAN_AND_START_REQUESTS = 2

const pad = (value: number) => String(value).padStart(2, '0')

/** Turns a cell back into the text Convoso sent, the way an auditor would compare them. */
function asConvosoText(cell: ExcelJS.Cell): string {
  const value = cell.value
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`
    const hasTime = String(cell.numFmt ?? '').includes('hh')
    const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`
    return hasTime ? `${date} ${time}` : date
  }
  if (typeof value === 'number' || typeof value === 'string') return String(value)
  // exceljs reads text with significant spaces back as rich text.
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((run) => run.text).join('')
  throw new Error(`unexpected cell ${JSON.stringify(value)} at ${cell.address}`)
}

async function readWorkbookRows(path: string): Promise<{ rows: string[][]; report: Map<string, string> }> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path)
  const data = workbook.getWorksheet('Opt-outs')
  const reportSheet = workbook.getWorksheet('Report')
  if (!data || !reportSheet) throw new Error('the workbook lacks its Opt-outs or Report sheet')
  const rows: string[][] = []
  const formulas: string[] = []
  data.eachRow((row, number) => {
    if (number === 1) return
    rows.push(RECORD_FIELDS.map((_, index) => asConvosoText(row.getCell(index + 1))))
    row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) formulas.push(cell.address)
    })
  })
  // Formula-like text must be stored as text, never as a formula.
  expect(formulas).toEqual([])
  const report = new Map<string, string>()
  reportSheet.eachRow((row) =>
    report.set(String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')),
  )
  return { rows, report }
}

const expectedRows = (records: readonly OptOutRecord[]) =>
  records.map((record) => RECORD_FIELDS.map((field) => record[field]))

async function chooseExport(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await page.getByRole('menuitem', { name: item }).click()
}

async function noFilesLeft(app: AppHandle, target: string): Promise<void> {
  await expect(stat(target)).rejects.toThrow()
  const leftovers = (await readdir(join(target, '..'))).filter(
    (name) => name.includes('.partial') || name.endsWith('.tmp'),
  )
  expect(leftovers).toEqual([])
}

/**
 * Connects, searches and starts "all matching records as Excel". Planning (the total, then the last
 * page, to learn the account's offset limit) and the first two pages answer at once (the start
 * reuses the plan); the third page then takes two minutes, so the export is surely still running,
 * with 2,000 rows written, however slow the machine. `before`: the server's request count before it.
 */
async function startStalledExport(
  app: AppHandle,
  convoso: ConvosoUnderTest,
  fileName: string,
): Promise<{ app: AppHandle; target: string; before: number }> {
  test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
  await connect(app, convoso)
  await runSearch(app.page)
  const before = convoso.server?.requests.length ?? 0
  convoso.server?.injectFault({ kind: 'latency', ms: 0 }, PLAN_AND_START_REQUESTS + 2)
  convoso.server?.injectFault({ kind: 'latency', ms: 120_000 }, Number.POSITIVE_INFINITY)
  const target = join(app.userDataDir, fileName)
  if (app.dialogs) app.dialogs.nextReportPath = target
  await chooseExport(app.page, 'All matching records as Excel')
  await expect(app.page.getByText(/^2,000 of 2,500 rows written$/)).toBeVisible({ timeout: 30_000 })
  return { app, target, before }
}

test.describe('exporting reports', () => {
  test.beforeEach(({ convoso }) => {
    test.skip(!convoso.server, 'these specs compare the report with the local server’s rows')
  })

  test('this page as Excel: every cell equals the rows on screen', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
    await connect(app, convoso)
    await runSearch(app.page)
    await app.page.getByRole('button', { name: 'Next page' }).click()
    await expect(app.page.getByText('Showing 101–200')).toBeVisible()
    const target = join(app.userDataDir, 'page-2.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = target
    await chooseExport(app.page, 'This page as Excel')
    await expect(app.page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    const { rows, report } = await readWorkbookRows(target)
    expect(rows).toEqual(expectedRows(convoso.records.slice(100, 200)))
    expect([...report.values()].join(' ')).toMatch(/[0-9a-f]{64}/)
  })

  test('all matching records as Excel and CSV, listed under Reports', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
    await connect(app, convoso)
    await runSearch(app.page)
    const target = join(app.userDataDir, 'all.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = target
    await chooseExport(app.page, 'All matching records as Excel')
    await expect(app.page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    await screenshot(app.page, 'export-done')
    const { rows } = await readWorkbookRows(target)
    expect(rows).toEqual(expectedRows(convoso.records))
    await app.page.getByRole('button', { name: 'Show in folder' }).click()
    await expect.poll(() => app.shell?.shown).toEqual([target])

    const csvTarget = join(app.userDataDir, 'all.csv')
    if (app.dialogs) app.dialogs.nextReportPath = csvTarget
    await chooseExport(app.page, 'All matching records as CSV')
    const exists = (path: string) =>
      stat(path).then(
        () => true,
        () => false,
      )
    await expect.poll(() => exists(csvTarget), { timeout: 30_000 }).toBe(true)
    // The CSV's metadata and hash sit beside it.
    expect(await exists(join(app.userDataDir, 'all.report.json'))).toBe(true)

    await app.page.getByRole('button', { name: 'Reports' }).click()
    const reports = app.page.getByRole('dialog', { name: 'Reports' })
    await expect(reports.getByText('all.csv')).toBeVisible()
    await expect(reports.getByText('all.xlsx')).toBeVisible()
    await expect(reports.getByText('Complete').first()).toBeVisible()
    await screenshot(app.page, 'reports-list')
  })

  test('cancel mid-way leaves no file', async ({ launchApp, convoso }) => {
    const { app, target } = await startStalledExport(await launchApp(), convoso, 'stopped.xlsx')
    await screenshot(app.page, 'export-progress')
    await app.page.getByRole('button', { name: 'Cancel export' }).click()
    await expect(app.page.getByText('Export cancelled')).toBeVisible({ timeout: 20_000 })
    convoso.server?.clearFaults()
    await noFilesLeft(app, target)
  })

  test('reload recovery: a running export survives a reload of the window, with its progress and Cancel', async ({
    launchApp,
    convoso,
  }) => {
    const { app, target, before } = await startStalledExport(await launchApp(), convoso, 'reloaded.xlsx')
    // "Export all" planned once: one-row requests for the total and the last page, none again at the start.
    const probes = (convoso.server?.requests ?? [])
      .slice(before)
      .filter((request) => request.fields['limit'] === '1')
    expect(probes.map((request) => request.fields['offset'])).toEqual(['0', '2000'])
    expect(probes).toHaveLength(PLAN_AND_START_REQUESTS)

    await app.page.reload()
    // The reloaded window asks main for its jobs and shows the export still running, progress and all.
    const panel = app.page.getByRole('region', { name: 'Export progress' })
    await expect(panel.getByText(/^2,000 of 2,500 rows written$/)).toBeVisible({ timeout: 20_000 })
    await expect(panel.getByText('reloaded.xlsx')).toBeVisible()
    await screenshot(app.page, 'export-after-reload')
    await panel.getByRole('button', { name: 'Cancel export' }).click()
    await expect(app.page.getByText('Export cancelled')).toBeVisible({ timeout: 20_000 })
    convoso.server?.clearFaults()
    await noFilesLeft(app, target)
    // The window saw the outcome, so main forgot the job: another reload shows no export.
    await app.page.reload()
    await expect(app.page.getByRole('button', { name: 'Search', exact: true })).toBeVisible({
      timeout: 20_000,
    })
    await expect(app.page.getByRole('region', { name: 'Export progress' })).toHaveCount(0)
  })

  test('a 500 and a 429 mid-export are retried and the report is complete', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
    await connect(app, convoso)
    await runSearch(app.page)
    const target = join(app.userDataDir, 'retried.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = target
    // Planning and starting ask Convoso first (see PLAN_AND_START_REQUESTS); the faults then hit the export's pages.
    convoso.server?.injectFault({ kind: 'latency', ms: 0 }, PLAN_AND_START_REQUESTS)
    convoso.server?.injectFault({ kind: 'status', status: 500 })
    convoso.server?.injectFault({ kind: 'status', status: 429, retryAfter: 1 })
    await chooseExport(app.page, 'All matching records as Excel')
    await expect(app.page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    expect((await readWorkbookRows(target)).rows).toEqual(expectedRows(convoso.records))
  })

  test('a revoked token and a dropped connection beyond the retry budget fail cleanly with no file', async ({
    launchApp,
    convoso,
  }) => {
    // The retry budget's backoff runs in real time here.
    test.setTimeout(150_000)
    const app = await launchApp()
    test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
    await connect(app, convoso)
    await runSearch(app.page)

    const revokedTarget = join(app.userDataDir, 'revoked.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = revokedTarget
    // Planning, starting and two pages go through, then the token stops working.
    convoso.server?.injectFault({ kind: 'latency', ms: 0 }, PLAN_AND_START_REQUESTS + 2)
    convoso.server?.injectFault({ kind: 'convoso-error', code: 5001, text: 'Auth token is invalid' }, 50)
    await chooseExport(app.page, 'All matching records as Excel')
    await expect(app.page.getByRole('alert').filter({ hasText: /token/i }).first()).toBeVisible({
      timeout: 30_000,
    })
    convoso.server?.clearFaults()
    await noFilesLeft(app, revokedTarget)

    const droppedTarget = join(app.userDataDir, 'dropped.xlsx')
    if (app.dialogs) app.dialogs.nextReportPath = droppedTarget
    // This second export's plan knows the last page is served already: only its total is asked.
    convoso.server?.injectFault({ kind: 'latency', ms: 0 }, 1)
    convoso.server?.injectFault({ kind: 'reset' }, Number.POSITIVE_INFINITY)
    await app.page.getByRole('button', { name: 'Dismiss' }).first().click()
    await chooseExport(app.page, 'All matching records as Excel')
    await expect(
      app.page
        .getByRole('alert')
        .filter({ hasText: /reach|connection/i })
        .first(),
    ).toBeVisible({
      timeout: 120_000,
    })
    convoso.server?.clearFaults()
    await noFilesLeft(app, droppedTarget)
  })
})

test('a filter over the offset cap is announced before anything is written', async ({ launchApp }) => {
  const base = generateDemoRecords(1000, 11)
  // More rows than any export can reach; the same records repeat, only the count matters here.
  const records = Array.from({ length: 1_001_500 }, (_, index) => base[index % base.length] as OptOutRecord)
  const server = await startFakeConvoso({ records, tokens: ['cap-token-000000000000'] })
  try {
    const app = await launchApp({ apiBase: server.apiBase })
    test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
    await app.page.getByLabel('API token', { exact: true }).fill('cap-token-000000000000')
    await app.page.getByRole('button', { name: 'Verify and save' }).click()
    await runSearch(app.page)
    await chooseExport(app.page, 'All matching records as Excel')
    await expect(app.page.getByText(/1,001,000/).first()).toBeVisible()
    await expect(app.page.getByText(/campaign or insert date/).first()).toBeVisible()
    await screenshot(app.page, 'export-over-cap')
    await expect(app.page.getByRole('button', { name: 'Export the first 1,001,000 rows' })).toBeVisible()
    await app.page.getByRole('button', { name: 'Cancel', exact: true }).click()
    expect(app.dialogs?.suggestedNames.filter((name) => name.startsWith('sms-opt-outs'))).toEqual([])
  } finally {
    await server.close()
  }
})

test('an account whose API refuses offsets early: "export all" announces its real limit and writes a partial report', async ({
  launchApp,
  convoso,
}) => {
  test.skip(!convoso.server, 'this spec sets a lower offset limit on the local server')
  convoso.server?.setMaxOffset(1000)
  const app = await launchApp()
  test.skip(!app.dialogs, 'native save dialogs cannot be scripted inside Electron')
  await connect(app, convoso)
  await runSearch(app.page)
  const target = join(app.userDataDir, 'limited.xlsx')
  if (app.dialogs) app.dialogs.nextReportPath = target
  await chooseExport(app.page, 'All matching records as Excel')
  await expect(
    app.page.getByRole('alertdialog', { name: 'Only the first 2,000 rows can be exported' }),
  ).toBeVisible({
    timeout: 30_000,
  })
  await app.page.getByRole('button', { name: 'Export the first 2,000 rows' }).click()
  await expect(app.page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
    timeout: JOB_FINISH_TIMEOUT,
  })
  await expect(app.page.getByText(/Partial report: the filter matches 2,500 opt-outs/)).toBeVisible()
  const { rows, report } = await readWorkbookRows(target)
  expect(rows).toEqual(expectedRows(convoso.records.slice(0, 2000)))
  expect([...report.values()].join(' ')).toMatch(/partial/i)
})
