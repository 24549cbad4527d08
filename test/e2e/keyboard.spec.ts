import { test, expect } from './fixtures'
import { cell, connect, runSearch } from './helpers'

test.describe('keyboard only', () => {
  test('the Settings dialog takes focus, keeps Tab inside, and Escape closes it', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    const opener = page.getByRole('button', { name: 'Settings', exact: true })
    await opener.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'API settings' })
    const field = dialog.getByLabel('Convoso API base URL')
    await expect(field).toHaveValue(convoso.apiBase)
    await expect(field).toBeFocused()

    const focusInside = () => dialog.evaluate((node) => node.contains(document.activeElement))
    for (let press = 0; press < 10; press += 1) {
      await page.keyboard.press('Tab')
      expect(await focusInside()).toBe(true)
    }
    for (let press = 0; press < 10; press += 1) {
      await page.keyboard.press('Shift+Tab')
      expect(await focusInside()).toBe(true)
    }

    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(opener).toBeFocused()
  })

  test('the results grid is one Tab stop: one Tab from a cell reaches the pager', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    await runSearch(page)
    const first = cell(page, 0, 'id')
    await expect(first).toHaveText(/\d/)
    await first.click()
    await expect(first).toBeFocused()

    // Arrow keys move inside the grid.
    await page.keyboard.press('ArrowDown')
    await expect(cell(page, 1, 'id')).toBeFocused()
    await page.keyboard.press('ArrowRight')
    await expect(cell(page, 1, 'phone_code')).toBeFocused()

    // The focused cell shows a 2 px ring in the accent colour.
    const ring = await cell(page, 1, 'phone_code').evaluate((node) => {
      const style = getComputedStyle(node)
      const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()
      const probe = document.createElement('span')
      probe.style.color = accent
      document.body.append(probe)
      const accentRgb = getComputedStyle(probe).color
      probe.remove()
      return { width: style.outlineWidth, style: style.outlineStyle, color: style.outlineColor, accentRgb }
    })
    expect(ring.width).toBe('2px')
    expect(ring.style).toBe('solid')
    expect(ring.color).toBe(ring.accentRgb)

    await page.keyboard.press('Tab')
    const pager = page.locator('.pager')
    expect(await pager.evaluate((node) => node.contains(document.activeElement))).toBe(true)

    // And back: Shift+Tab from the pager's first control returns to the grid in one press.
    await page.keyboard.press('Shift+Tab')
    expect(await page.getByRole('grid').evaluate((node) => node.contains(document.activeElement))).toBe(true)
  })
})
