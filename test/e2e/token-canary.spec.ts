import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { canaryNeedles, findCanary } from './harness/canary'
import { test, expect } from './fixtures'
import { connect, runSearch, JOB_FINISH_TIMEOUT } from './helpers'

/**
 * The token canary (from the security review). Every browser run already ends with it (see
 * fixtures.ts, close()); this spec makes the server hostile on purpose: it
 * echoes the token back in every encoding and cut at the worst place, then
 * exports, changes the API host and forgets the token, and checks that no
 * answer, log line, file or page text holds any trace of it.
 */

function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

async function searchShowsError(page: Page): Promise<void> {
  await runSearch(page)
  await expect(page.getByRole('alert').first()).toBeVisible()
}

test.describe('token canary', () => {
  test('the canary sees the token in every encoding it searches for', () => {
    const token = 'canary&e2e+tok/5f0c9a7e3b2d4c6a8e1f'
    const needles = canaryNeedles(token)
    const planted = {
      raw: `x ${token.slice(5, 14)} y`,
      'URL-encoded': `q=${encodeURIComponent(token)}`,
      'HTML-escaped': `<p>${htmlEscape(token)}</p>`,
      base64: Buffer.from(`auth_token=${token}`).toString('base64'),
    }
    for (const [encoding, text] of Object.entries(planted)) {
      expect(findCanary(text, encoding, needles).length, encoding).toBeGreaterThan(0)
    }
    expect(findCanary('nothing of it here: 7 characters (canary&) are not a run', 'clean', needles)).toEqual(
      [],
    )
  })

  test('a hostile server echoing the token, an export, a host change and forgetting leave no trace of it', async ({
    launchApp,
    convoso,
  }) => {
    test.skip(!convoso.server, 'needs the local server to inject echoes of the token')
    const server = convoso.server
    if (!server) return
    const token = convoso.goodToken
    const exportDir = await mkdtemp(join(tmpdir(), 'opt-out-desk-canary-export-'))
    try {
      const app = await launchApp()
      test.skip(!app.dialogs, 'the canary reads answers and logs of the emulated bridge (browser runs)')
      const { page } = app
      await connect(app, convoso)

      // Echoes of the token in every form a server might use, then cut at the 300th character.
      const echoes = [
        `Invalid request auth_token=${token}&offset=0`,
        `Invalid request auth_token%3D${encodeURIComponent(token)}`,
        `<b>${htmlEscape(token)}</b> is not allowed`,
        `trace ${Buffer.from(`auth_token=${token}&limit=100`).toString('base64')}`,
        `{"auth_token": "${token}"}`,
      ]
      for (const text of echoes) {
        server.injectFault({ kind: 'convoso-error', code: 6006, text })
        await searchShowsError(page)
      }
      server.injectFault({
        kind: 'status',
        status: 200,
        body: JSON.stringify({ message: `${'m'.repeat(300 - token.length + 1)}${token}` }),
      })
      await searchShowsError(page)
      server.injectFault({ kind: 'status', status: 500, body: `upstream said auth_token=${token}` })
      await searchShowsError(page)

      // A good search and an export of the page, into a folder of its own.
      await runSearch(page)
      await expect(page.getByText(/Showing 1–/)).toBeVisible()
      if (app.dialogs) app.dialogs.nextReportPath = join(exportDir, 'canary.csv')
      await page.getByRole('button', { name: 'Export', exact: true }).click()
      await page.getByRole('menuitem', { name: 'This page as CSV' }).click()
      await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
        timeout: JOB_FINISH_TIMEOUT,
      })

      // Moving the API host: Settings warns, main forgets the token, nothing is sent to the new host.
      const before = server.requests.length
      await page.getByRole('button', { name: 'Settings' }).click()
      const dialog = page.getByRole('dialog', { name: 'API settings' })
      const field = dialog.getByLabel('Convoso API base URL')
      await field.fill('https://attacker.example/v1')
      await expect(dialog.getByText(/disconnects Opt-Out Desk/)).toBeVisible()
      await dialog.getByRole('button', { name: 'Save' }).click()
      await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
      await expect(page.getByText(/so the saved token was removed/)).toBeVisible()
      if (app.keychain) expect(app.keychain.entries.size).toBe(0)
      expect(server.requests.length).toBe(before)

      const canary = await app.tokenCanary()
      expect(canary.tokens).toBeGreaterThan(0)
      expect(app.answers.length).toBeGreaterThan(15)
      expect(canary.hits, canary.report).toEqual([])
      // The echoes did reach main, and were removed there: the sweep or the error mapping says so.
      expect(app.answers.some(({ text }) => text.includes('[redacted]'))).toBe(true)
    } finally {
      await rm(exportDir, { recursive: true, force: true })
    }
  })
})
