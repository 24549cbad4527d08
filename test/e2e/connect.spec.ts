import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { connect, screenshot } from './helpers'

test.describe('connecting to Convoso', () => {
  test('a token that works is verified, kept in the keychain, and never shown again', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    const { page } = app
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
    await expect(page.getByText('API → Authorization Tokens')).toBeVisible()
    await screenshot(page, 'connect-screen')

    const field = page.getByLabel('API token', { exact: true })
    await field.fill(convoso.goodToken)
    await expect(field).toHaveAttribute('type', 'password')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect(field).toHaveAttribute('type', 'text')

    await page.getByRole('button', { name: 'Verify and save' }).click()
    await expect(page.getByText(/Connected/)).toBeVisible()
    await expect(page.getByText(convoso.goodToken.slice(-4))).toBeVisible()
    await expect(page.getByRole('button', { name: 'Replace token' })).toBeVisible()

    // The renderer dropped it: nowhere in the DOM, and main never logged it.
    expect(await page.content()).not.toContain(convoso.goodToken)
    expect(app.logLines.join('\n')).not.toContain(convoso.goodToken)
    if (app.keychain) expect(app.keychain.tokens()).toEqual([convoso.goodToken])
  })

  test('a rejected token is not saved and the user is told what to check', async ({ launchApp, convoso }) => {
    test.skip(!convoso.server, 'needs the local server to know which token is bad')
    const app = await launchApp()
    const { page } = app
    await page.getByLabel('API token', { exact: true }).fill('not-a-real-token-9999')
    await page.getByRole('button', { name: 'Verify and save' }).click()
    await expect(page.getByRole('alert').filter({ hasText: /did not accept this token/ })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
    if (app.keychain) expect(app.keychain.entries.size).toBe(0)
  })

  test('the next start finds the saved token; forgetting it returns to the connect screen', async ({
    launchApp,
    convoso,
  }) => {
    const first = await launchApp()
    await connect(first, convoso)
    await first.close()

    const second = await launchApp({ userDataDir: first.userDataDir, keychain: first.keychain ?? undefined })
    const { page } = second
    await expect(page.getByText(/Connected/)).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toHaveCount(0)

    await page.getByRole('button', { name: 'Forget token' }).click()
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: /Forget/ })
      .click()
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
    if (second.keychain) expect(second.keychain.entries.size).toBe(0)
  })

  test('finding 1: a settings.json edited by hand to another host leaves the app disconnected, sending nothing', async ({
    launchApp,
    convoso,
  }) => {
    test.skip(!convoso.server, 'counts the requests the local server received')
    const first = await launchApp()
    await connect(first, convoso)
    await first.close()
    await writeFile(
      join(first.userDataDir, 'settings.json'),
      JSON.stringify({ version: 1, apiBase: 'https://attacker.example/v1' }),
    )

    const before = convoso.server?.requests.length
    const second = await launchApp({ userDataDir: first.userDataDir, keychain: first.keychain ?? undefined })
    const { page } = second
    await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
    await expect(
      page.getByText(/checked with 127\.0\.0\.1:\d+, but the API address is now attacker\.example/),
    ).toBeVisible()
    await expect(page.getByText(/Nothing was sent there/)).toBeVisible()
    expect(convoso.server?.requests.length).toBe(before)
    // The token stays for the host it was checked with.
    if (second.keychain) expect(second.keychain.tokens()).toEqual([convoso.goodToken])
  })
})
