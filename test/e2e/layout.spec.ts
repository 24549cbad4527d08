import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { EMPTY_FILTERS } from '../../src/shared/filters'
import { test, expect, type AppHandle } from './fixtures'
import { connect, runSearch, screenshot, writePresetsFile, JOB_FINISH_TIMEOUT } from './helpers'

/** Both sizes in the light theme, and the laptop's in the dark one (the system's setting, emulated). */
const CASES = [
  { width: 1024, height: 640, scheme: 'light' },
  { width: 1360, height: 860, scheme: 'light' },
  { width: 1024, height: 640, scheme: 'dark' },
] as const

/** The whole of `locator` lies inside the window, with nothing below the edge or beside it. */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox()
  const viewport = page.viewportSize()
  if (!box || !viewport) throw new Error(`${what} is not rendered`)
  expect(box.x, `${what} starts left of the window`).toBeGreaterThanOrEqual(0)
  expect(box.y, `${what} starts above the window`).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, `${what} ends right of the window`).toBeLessThanOrEqual(viewport.width)
  expect(box.y + box.height, `${what} ends below the window`).toBeLessThanOrEqual(viewport.height)
}

/** The pager and Settings are on screen, the title sits on one line and the window itself does not scroll. */
async function expectMainScreenFits(page: Page, state: string): Promise<void> {
  await expectOnScreen(page, page.locator('nav.pager'), `the pager (${state})`)
  await expectOnScreen(
    page,
    page.getByRole('button', { name: 'Settings', exact: true }),
    `Settings (${state})`,
  )
  const name = page.locator('.app-name')
  const lineHeight = await name.evaluate((node) => parseFloat(getComputedStyle(node).lineHeight))
  expect((await name.boundingBox())?.height, `the title wraps (${state})`).toBeLessThanOrEqual(
    lineHeight * 1.5,
  )
  // Nothing from the page down to the results panel holds more than it shows (overflow: hidden still
  // scrolls when focus moves below the edge, which is how the whole window came to scroll).
  const overflowing = await page.evaluate(() =>
    ['html', 'body', '#root', '.app-shell', '.workspace', '.results'].filter((selector) => {
      const node = document.querySelector(selector)
      return (
        node !== null &&
        (node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1)
      )
    }),
  )
  expect(overflowing, `overflowing, so the window scrolls (${state})`).toEqual([])
  // The grid keeps a usable height. Four full rows is what 1024x640 leaves with both the report's banner
  // and a finished export's card open (the card can be dismissed); it showed two before.
  const rows = await page
    .locator('.grid-frame [role="row"]:not([aria-rowindex="1"])')
    .evaluateAll((nodes) => {
      const frame = document.querySelector('.grid-frame')?.getBoundingClientRect()
      if (!frame) return 0
      const inView = (box: DOMRect) =>
        box.height > 0 && box.top >= frame.top && box.bottom <= Math.min(frame.bottom, innerHeight)
      return new Set(
        nodes
          .filter((node) => inView(node.getBoundingClientRect()))
          .map((node) => node.getAttribute('aria-rowindex')),
      ).size
    })
  expect(rows, `rows in full view in the grid (${state})`).toBeGreaterThanOrEqual(4)
}

async function exportThisPage(app: AppHandle, fileName: string): Promise<string> {
  const target = join(app.userDataDir, fileName)
  if (app.dialogs) app.dialogs.nextReportPath = target
  await app.page.getByRole('button', { name: 'Export', exact: true }).click()
  await app.page.getByRole('menuitem', { name: 'This page as Excel' }).click()
  await expect(app.page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
    timeout: JOB_FINISH_TIMEOUT,
  })
  return target
}

test.describe('the window at a laptop’s size and a desktop’s', () => {
  test.beforeEach(({ convoso, target }) => {
    test.skip(!convoso.server, 'these specs search the local server’s data set')
    test.skip(target === 'electron', 'native save and open dialogs cannot be scripted inside Electron')
  })

  for (const { scheme, ...size } of CASES) {
    const label = `${size.width}x${size.height}${scheme === 'dark' ? '-dark' : ''}`

    test(`at ${label} the pager and Settings stay on screen after a search, an export and with a report open`, async ({
      launchApp,
      convoso,
    }) => {
      test.slow()
      const app = await launchApp()
      const { page } = app
      await page.setViewportSize(size)
      await page.emulateMedia({ colorScheme: scheme })
      await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
      await screenshot(page, `${label}-connect`)
      // The whole connect card, down to API settings, without scrolling.
      await expectOnScreen(page, page.locator('.connect-card'), 'the connect card')

      await connect(app, convoso)
      await runSearch(page)
      await expect(page.getByText(/^Showing 1–100 of/)).toBeVisible()
      // The picture first, so a failure leaves it to look at.
      await screenshot(page, `${label}-results`)
      await expectMainScreenFits(page, 'results')

      const target = await exportThisPage(app, `layout-${label}.xlsx`)
      await screenshot(page, `${label}-export-done`)
      await expectMainScreenFits(page, 'export done')

      if (app.dialogs) app.dialogs.nextReportToOpen = target
      await page.getByRole('button', { name: 'Open a report…' }).first().click()
      const banner = page.getByRole('region', { name: 'Opened report' })
      await expect(banner).toBeVisible({ timeout: 30_000 })
      await expect(banner.getByText('Intact')).toBeVisible()
      await expect(page.getByText(/^Showing 1–100 of 100$/)).toBeVisible()
      await screenshot(page, `${label}-report-open`)
      await expectMainScreenFits(page, 'report open')

      await page.getByRole('button', { name: 'Reports', exact: true }).click()
      const reports = page.getByRole('dialog', { name: 'Reports' })
      await expect(reports.getByText(`layout-${label}.xlsx`)).toBeVisible()
      const row = reports.getByRole('row').filter({ hasText: `layout-${label}.xlsx` })
      const actions = row.getByRole('button')
      expect(await actions.count()).toBeGreaterThan(0)
      await screenshot(page, `${label}-reports-list`)
      for (const action of await actions.all()) {
        await expectOnScreen(
          page,
          action,
          `the Reports row action "${await action.getAttribute('aria-label')}"`,
        )
      }
      await expectOnScreen(page, reports, 'the Reports dialog')
    })
  }

  test('at 1024x640 the presets list shows every name in full and its first item below its header', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 640 })
    await connect(app, convoso)
    const names = [
      'Campaign 1003 opt-outs that a reviewer checks every Monday morning',
      'Global opt-outs with no reason recorded since the spring migration',
      'UK numbers',
      'Purpose blank',
    ]
    const file = join(app.userDataDir, 'long-names.json')
    await writePresetsFile(
      file,
      names.map((name, index) => ({
        name,
        filters: { ...EMPTY_FILTERS, campaignId: String(1000 + index) },
        pageSize: 50,
      })),
    )
    if (app.dialogs) app.dialogs.nextImportPath = file
    await page.getByRole('button', { name: 'Import presets' }).click()
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Import 4 presets/ })
      .click()
    const list = page.getByRole('list', { name: 'Presets' })
    // The presets header's buttons sit inside the sidebar, none cut by its edge.
    const sidebar = await page.locator('.sidebar').boundingBox()
    for (const name of ['Save as preset', 'Import presets', 'Export presets']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox()
      expect(
        box && sidebar && box.x + box.width <= sidebar.x + sidebar.width,
        `${name} inside the sidebar`,
      ).toBe(true)
    }
    await expect(list.getByRole('button', { name: names[0], exact: true })).toBeVisible()

    // No name is cut: each shows all of its text (it wraps instead).
    const cut = await list
      .locator('.preset-name')
      .evaluateAll((nodes) =>
        nodes
          .filter(
            (node) => node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1,
          )
          .map((node) => node.textContent),
      )
    expect(cut, 'preset names cut short').toEqual([])

    // Scrolled to its end and back by keyboard, the first preset sits wholly inside the list, under the header.
    await list.evaluate((node) => node.scrollTo({ top: node.scrollHeight }))
    await list.getByRole('button', { name: names[1], exact: true }).scrollIntoViewIfNeeded()
    await screenshot(page, '1024x640-presets-long-names')
    const first = list.getByRole('listitem').first()
    await first.getByRole('button').first().focus()
    await page.keyboard.press('Home')
    await expect(first.getByRole('button').first()).toBeFocused()
    await expect
      .poll(async () => {
        const [item, view, header] = await Promise.all([
          first.boundingBox(),
          list.boundingBox(),
          page.locator('.presets-header').boundingBox(),
        ])
        if (!item || !view || !header) return 'not rendered'
        if (item.y < view.y || item.y < header.y + header.height)
          return `first item at ${item.y}, list at ${view.y}`
        return 'in view'
      })
      .toBe('in view')
  })
})
