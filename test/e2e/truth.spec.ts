import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { connect, formatCount, runSearch, screenshot } from './helpers'

/** Issue 13: results that say when they are out of date, and a form that is there again at the next start. */
test.describe('filters and results that tell the truth', () => {
  test('editing a filter after a search says the rows are out of date; editing back or searching clears it', async ({
    launchApp,
    convoso,
  }) => {
    test.skip(!convoso.server, 'counts rows of the local server’s data set')
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    // Connected: work starts in the first filter.
    await expect(page.getByLabel('Record ID')).toBeFocused()

    await page.getByLabel('Campaign ID').fill('0')
    await runSearch(page)
    const global = convoso.records.filter((record) => record.campaign_id === '0').length
    await expect(page.getByText(`of ${formatCount(global)}`).first()).toBeVisible()
    const notice = page.getByRole('status').filter({ hasText: 'Filters changed — press Search' })
    await expect(notice).toHaveCount(0)

    await page.getByLabel('Reason', { exact: true }).selectOption('blank')
    await expect(notice).toBeVisible()
    await expect(notice).toHaveAttribute('aria-live', 'polite')
    // The rows stay on screen below the notice.
    await expect(page.getByRole('grid')).toBeVisible()
    await expect(page.getByText(`of ${formatCount(global)}`).first()).toBeVisible()
    await screenshot(page, 'results-stale')

    await page.getByLabel('Reason', { exact: true }).selectOption('any')
    await expect(notice).toHaveCount(0)

    await page.getByLabel('Reason', { exact: true }).selectOption('blank')
    await expect(notice).toBeVisible()
    await runSearch(page)
    const globalBlank = convoso.records.filter(
      (record) => record.campaign_id === '0' && record.reason.trim() === '',
    ).length
    await expect(page.getByText(`of ${formatCount(globalBlank)}`).first()).toBeVisible()
    await expect(notice).toHaveCount(0)
  })

  test('the next start (a new window on the same profile) brings back the last filters and page size, not the results', async ({
    launchApp,
    convoso,
  }) => {
    const first = await launchApp()
    await connect(first, convoso)
    await first.page.getByLabel('Campaign ID').fill('0')
    await first.page.getByLabel('Purpose', { exact: true }).selectOption('notBlank')
    await runSearch(first.page)
    await expect(first.page.getByRole('navigation', { name: 'Result pages' })).toBeVisible()
    await first.page.getByLabel('Rows per page').selectOption('250')
    await expect(first.page.getByText(/^Showing 1–/)).toBeVisible()
    // An edit not searched is not what the next start shows.
    await first.page.getByLabel('Record ID').fill('12345')
    // Written when the page size changed, before the window closes.
    const file = join(first.userDataDir, 'last-search.json')
    await expect
      .poll(
        async () =>
          (JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { pageSize?: number }).pageSize,
      )
      .toBe(250)
    await first.close()

    // What was written holds the form only: no token, no address, no rows.
    const remembered = await readFile(file, 'utf8')
    expect(Object.keys(JSON.parse(remembered) as object).sort()).toEqual(['filters', 'pageSize', 'version'])
    expect(remembered).not.toContain(convoso.apiBase)

    const second = await launchApp({ userDataDir: first.userDataDir, keychain: first.keychain ?? undefined })
    const { page } = second
    await expect(page.getByText(/Connected/)).toBeVisible()
    await expect(page.getByLabel('Campaign ID')).toHaveValue('0')
    await expect(page.getByLabel('Purpose', { exact: true })).toHaveValue('notBlank')
    await expect(page.getByLabel('Record ID')).toHaveValue('')
    // Not the results: the invitation shows until the user searches.
    await expect(page.getByRole('heading', { name: 'Search the opt-out list' })).toBeVisible()
    await expect(page.getByRole('grid')).toHaveCount(0)

    const before = convoso.server?.requests.length ?? 0
    await runSearch(page)
    await expect(page.getByLabel('Rows per page')).toHaveValue('250')
    if (convoso.server) {
      await expect.poll(() => convoso.server?.requests.length).toBeGreaterThan(before)
      expect(convoso.server.requests.at(-1)?.fields).toMatchObject({ campaign_id: '0', limit: '250' })
    }
  })

  test('the Undo toast names its keys; F6 reaches it without it taking focus, and Ctrl+Z undoes', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    const presets = page.getByRole('list', { name: 'Presets' })
    const preset = (name: string) => presets.getByRole('button', { name: new RegExp(`^${name}`) })
    await preset('Missing reason').focus()
    await page.keyboard.press('Delete')
    const toast = page.getByRole('status').filter({ hasText: 'Deleted “Missing reason”.' })
    // Main tells the window its platform: Cmd+Z on a Mac, Ctrl+Z elsewhere.
    const undoKey = process.platform === 'darwin' ? 'Cmd+Z' : 'Ctrl+Z'
    await expect(toast).toContainText(`${undoKey} undoes it · F6 goes here`)
    await screenshot(page, 'undo-toast')
    // The toast did not take focus: it stayed in the list, on the preset that took its place.
    await expect(preset('Missing purpose')).toBeFocused()

    await page.keyboard.press('F6')
    await expect(toast.getByRole('button', { name: 'Undo' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(preset('Missing purpose')).toBeFocused()

    await page.keyboard.press('ControlOrMeta+z')
    await expect(preset('Missing reason')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0)
  })
})
