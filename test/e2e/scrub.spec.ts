import { execFileSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { hasSoffice, parseCsv } from '../main/services/export/helpers'
import {
  expectedClean,
  expectedCounts,
  expectedSuppressed,
  heldDigits,
  scrubFixture,
  SEND_CAMPAIGN,
  SEND_LIST_HEADER,
  sendListCsv,
} from '../support/scrub-send-list'
import { test, expect } from './fixtures'
import { connect, formatCount, JOB_FINISH_TIMEOUT, screenshot } from './helpers'

const LIST_ROWS = 1_000

/** The first sheet of a workbook as LibreOffice shows it ("as shown" text, UTF-8 CSV). */
function sheetAsLibreOfficeShowsIt(xlsxPath: string, outDir: string): Promise<string> {
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false'
  execFileSync('soffice', ['--headless', '--convert-to', filter, xlsxPath, '--outdir', outDir], {
    stdio: 'ignore',
    timeout: 180_000,
  })
  const base = xlsxPath.slice(xlsxPath.lastIndexOf('/') + 1).replace(/\.xlsx$/, '.csv')
  return readFile(join(outDir, base), 'utf8')
}

/** Serious and critical WCAG 2.1 AA violations inside the scrub window (the rest of the page is a11y.spec's). */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('main.scrub')
    .options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
    .analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    )
}

/** Every part of the page that scrolls or sticks out sideways at this size (the window must not). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    ['html', 'body', '#root', '.app-shell', '.app-header'].filter((selector) => {
      const node = document.querySelector(selector)
      return (
        node !== null &&
        (node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1)
      )
    }),
  )
}

/** The counts on the verdict tabs, by tab name. */
async function tabCounts(page: Page): Promise<Record<string, string>> {
  const tabs = page.getByRole('tablist', { name: 'Rows by verdict' }).getByRole('tab')
  const texts = await tabs.allTextContents()
  return Object.fromEntries(
    texts.map((text) => {
      const match = /^(.*?)([\d,]+)$/.exec(text.trim())
      return [match?.[1]?.trim() ?? text, match?.[2] ?? '']
    }),
  )
}

test.describe('scrubbing a send list', () => {
  test.beforeEach(({ convoso, target }) => {
    test.skip(!convoso.server, 'this spec adds known opt-outs to the local server')
    test.skip(target === 'electron', 'native open and save dialogs cannot be scripted inside Electron')
  })

  test('a 1,000-row CSV against a fresh export: exact counts, and the clean and suppressed lists read back by LibreOffice', async ({
    launchApp,
    convoso,
  }) => {
    // A fresh export of every opt-out, the scrub, two workbooks and LibreOffice twice on a loaded machine.
    test.setTimeout(10 * 60_000)
    const server = convoso.server
    if (!server) throw new Error('unreachable')
    const fixture = scrubFixture(LIST_ROWS, heldDigits(convoso.records))
    server.addRecords(fixture.records)

    const app = await launchApp()
    const { page } = app
    const dialogs = app.dialogs
    if (!dialogs) throw new Error('unreachable')
    await page.setViewportSize({ width: 1024, height: 640 })
    await connect(app, convoso)

    const work = join(app.userDataDir, 'scrub')
    await mkdir(work, { recursive: true })
    const listPath = join(work, 'june send.csv')
    await writeFile(listPath, sendListCsv(fixture.rows))

    // Step 1: the list, its columns and the country.
    await page.getByRole('button', { name: 'Scrub a send list…' }).click()
    await expect(page.getByRole('heading', { name: 'Scrub a send list', level: 1 })).toBeFocused()
    dialogs.nextSendListToOpen = listPath
    await page.getByRole('button', { name: 'Choose a send list…' }).click()
    await expect(page.getByText('june send.csv')).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })
    await expect(page.getByLabel('Phone number column')).toHaveValue('1')
    // What the numbers read as: the first row as written (a US number in the US form), the UK one, a text.
    const normalised = page.getByRole('region', { name: 'How the numbers read' })
    const first = fixture.rows[0]?.cells[1] ?? ''
    await expect(normalised.getByRole('row').nth(1)).toHaveText(`${first}→ ${first}`)
    await expect(normalised.getByRole('row', { name: /^\+44 7911 123456/ })).toHaveText(/→ \+44 7911 ?123456/)
    await expect(normalised.getByRole('row', { name: /^12345/ })).not.toHaveText(/→/)
    await screenshot(page, '1024x640-scrub-list')
    expect(await overflowing(page), 'the window scrolls or the header is cut').toEqual([])
    expect(await axeViolations(page), 'axe, step 1').toEqual([])
    await page.getByRole('button', { name: 'Next: snapshot and rules' }).click()

    // Step 2: no snapshot yet, so a fresh export of every opt-out is offered first.
    await expect(page.getByText(/There is no snapshot yet/)).toBeVisible()
    const snapshotPath = join(work, 'all opt-outs.xlsx')
    dialogs.nextReportPath = snapshotPath
    await page.getByRole('button', { name: 'Make a fresh full export now' }).click()
    await expect(page.getByText('all opt-outs.xlsx: it is the snapshot now.', { exact: false })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    await page.getByLabel('Campaign for this send (optional)').fill(SEND_CAMPAIGN)
    await expect(page.getByLabel('Hold back for review (not in the clean list)')).toBeChecked()
    await screenshot(page, '1024x640-scrub-snapshot')
    expect(await axeViolations(page), 'axe, step 2').toEqual([])
    await page.getByRole('button', { name: 'Scrub the list' }).click()

    // Step 3: the result.
    const counts = expectedCounts(fixture.rows)
    await expect(page.getByText(`${formatCount(LIST_ROWS)} rows:`, { exact: false })).toBeVisible({
      timeout: JOB_FINISH_TIMEOUT,
    })
    expect(await tabCounts(page)).toEqual({
      'Do not send': formatCount(counts['do-not-send']),
      Review: formatCount(counts.review),
      Invalid: formatCount(counts.invalid),
      Duplicate: formatCount(counts.duplicate),
      Clear: formatCount(counts.clear),
    })
    // Do not send first: each row with why, where and since.
    const rows = page.getByRole('region', { name: 'Rows of the send list with this verdict' })
    await expect(rows.getByRole('row')).toHaveCount(counts['do-not-send'] + 1)
    await expect(
      rows.getByText(`campaign ${SEND_CAMPAIGN} (Appointment Reminders)`, { exact: true }),
    ).toBeVisible()
    await screenshot(page, '1024x640-scrub-result')
    expect(await overflowing(page), 'the window scrolls or the header is cut').toEqual([])
    expect(await axeViolations(page), 'axe, the result').toEqual([])

    // The tabs are one Tab stop, arrow keys move between them.
    await page.getByRole('tab', { name: /Do not send/ }).focus()
    await page.keyboard.press('ArrowRight')
    await expect(page.getByRole('tab', { name: /Review/ })).toBeFocused()
    await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true')
    await expect(rows.getByRole('row')).toHaveCount(counts.review + 1)

    // Save the outputs as Excel; the clean and suppressed workbooks read back by LibreOffice.
    const base = join(work, 'june send')
    dialogs.nextReportPath = `${base}.xlsx`
    await page.getByRole('button', { name: 'Save outputs' }).click()
    await page.getByRole('menuitem', { name: 'Outputs as Excel' }).click()
    const saved = page.getByRole('region', { name: 'Saved outputs' })
    await expect(saved.getByText('Outputs saved: 3 files')).toBeVisible({ timeout: JOB_FINISH_TIMEOUT })
    await expect(saved.getByText('june send - clean.xlsx')).toBeVisible()
    await expect(saved.getByText('june send - suppressed.xlsx')).toBeVisible()
    await expect(saved.getByText('june send - scrub report.xlsx')).toBeVisible()
    await screenshot(page, '1024x640-scrub-saved')
    await saved.getByRole('button', { name: 'Show june send - clean.xlsx in its folder' }).click()
    await expect.poll(() => app.shell?.shown.at(-1)).toBe(`${base} - clean.xlsx`)

    // Escape closes the window; focus goes back to the button that opened it.
    await page.getByRole('tab', { name: /Review/ }).focus()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('button', { name: 'Scrub a send list…' })).toBeFocused()

    if (!hasSoffice()) {
      console.log(
        '[scrub] LibreOffice read-back skipped: `soffice` is not installed (Debian: libreoffice-calc-nogui).',
      )
      return
    }
    const out = join(work, 'libreoffice')
    await mkdir(out, { recursive: true })
    const clean = parseCsv(await sheetAsLibreOfficeShowsIt(`${base} - clean.xlsx`, out), '\n')
    expect(clean).toEqual([SEND_LIST_HEADER, ...expectedClean(fixture.rows)])
    const suppressed = parseCsv(await sheetAsLibreOfficeShowsIt(`${base} - suppressed.xlsx`, out), '\n')
    expect(suppressed[0]?.slice(0, SEND_LIST_HEADER.length)).toEqual(SEND_LIST_HEADER)
    const verdictColumn = suppressed[0]?.findIndex((name) => /verdict/i.test(name)) ?? -1
    expect(verdictColumn, 'the suppressed list has a Verdict column').toBeGreaterThanOrEqual(
      SEND_LIST_HEADER.length,
    )
    expect(
      suppressed.slice(1).map((row) => [...row.slice(0, SEND_LIST_HEADER.length), row[verdictColumn]]),
    ).toEqual(expectedSuppressed(fixture.rows))
  })
})
