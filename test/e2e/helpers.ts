import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { runExport } from '../../src/main/services/export/export-job'
import { RECORD_FIELDS, type OptOutRecord, type RecordField } from '../../src/shared/records'
import { expect, type AppHandle, type ConvosoUnderTest } from './fixtures'

/**
 * How long a spec waits for an export or a report to finish. A user waits for these, and on a
 * loaded machine the final fsync and check alone have taken over 20 s, so the wait is generous.
 */
export const JOB_FINISH_TIMEOUT = 90_000

export const SCREENSHOT_DIR = join(__dirname, '../../test-results/screenshots')

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false })
}

/** Writes a presets file in the format "Export presets" writes; entries go in as given, bad ones included. */
export async function writePresetsFile(path: string, presets: unknown[]): Promise<void> {
  await writeFile(path, JSON.stringify({ format: 'opt-out-desk-presets', version: 1, presets }))
}

export async function connect(app: AppHandle, convoso: ConvosoUnderTest): Promise<void> {
  const { page } = app
  await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
  await page.getByLabel('API token', { exact: true }).fill(convoso.goodToken)
  await page.getByRole('button', { name: 'Verify and save' }).click()
  await expect(page.getByText(/Connected/)).toBeVisible()
}

/**
 * The grid cell of a column in the n-th data row, found the way assistive
 * technology finds it: by ARIA row and column index (row 1 is the header).
 */
export function cell(page: Page, rowIndex: number, column: RecordField): Locator {
  const ariaRow = rowIndex + 2
  const ariaColumn = RECORD_FIELDS.indexOf(column) + 1
  return page
    .getByRole('grid')
    .locator(`[role="row"][aria-rowindex="${ariaRow}"] [role="gridcell"][aria-colindex="${ariaColumn}"]`)
}

export async function runSearch(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Search', exact: true }).click()
}

const numbers = new Intl.NumberFormat('en-US')

/** Counts as the app prints them: 12,345. */
export function formatCount(value: number): string {
  return numbers.format(value)
}

/** A report of `records` written by the app's own pipeline, straight from Node. */
export async function writeReport(records: OptOutRecord[], path: string): Promise<void> {
  const result = await runExport({
    search: async (offset, limit) => ({
      ok: true,
      data: { offset, limit, total: records.length, records: records.slice(offset, offset + limit) },
    }),
    params: {},
    scope: { kind: 'all' },
    format: path.endsWith('.csv') ? 'csv' : 'xlsx',
    filePath: path,
    appVersion: 'e2e',
    apiBase: 'https://api.convoso.com/v1',
  })
  if (!result.ok) throw new Error(result.error.message)
}
