import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EMPTY_FILTERS } from '../../src/shared/filters'
import { test, expect, type AppHandle } from './fixtures'
import { cell, connect, formatCount, screenshot } from './helpers'
import type { Page } from '@playwright/test'

const presetList = (page: Page) =>
  page.getByRole('list', { name: 'Presets' }).or(page.getByRole('listbox', { name: 'Presets' }))
const presetItem = (page: Page, name: string) =>
  presetList(page)
    .getByRole('option', { name: new RegExp(`^${name}`) })
    .or(presetList(page).getByRole('button', { name: new RegExp(`^${name}`) }))

async function openActions(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${name}` }).click()
}

async function saveAsPreset(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save as preset' }).click()
  await page.getByLabel('Preset name').fill(name)
  await page.getByRole('button', { name: 'Save preset' }).click()
  await expect(presetItem(page, name)).toBeVisible()
}

test.describe('saved filter presets', () => {
  test.beforeEach(({ convoso }) => {
    test.skip(!convoso.server, 'these specs check rows against the local server’s data set')
  })

  test('starter presets, save, apply, rename, update, delete and undo', async ({ launchApp, convoso }) => {
    const app = await launchApp()
    const { page } = app
    await connect(app, convoso)
    for (const starter of ['Global opt-outs', 'Missing reason', 'Missing purpose']) {
      await expect(presetItem(page, starter)).toBeVisible()
    }

    // Apply a starter: it fills the filters and runs the search.
    await presetItem(page, 'Missing reason').click()
    await expect(page.getByLabel('Reason', { exact: true })).toHaveValue('blank')
    const blank = convoso.records.filter((record) => record.reason.trim() === '')
    await expect(page.getByText(`of ${formatCount(blank.length)}`).first()).toBeVisible()
    expect(convoso.server?.requests.at(-1)?.fields['reason']).toBe('-BLANK-')

    // Save the current filters (campaign 1001) under a name; refused names say why.
    await page.getByLabel('Campaign ID').fill('1001')
    await page.getByRole('button', { name: 'Save as preset' }).click()
    await page.getByLabel('Preset name').fill('missing REASON')
    await expect(page.getByText(/already exists/)).toBeVisible()
    await page.getByLabel('Preset name').fill('Campaign 1001 no reason')
    await page.getByRole('button', { name: 'Save preset' }).click()
    await expect(presetItem(page, 'Campaign 1001 no reason')).toBeVisible()
    await screenshot(page, 'presets')

    // Rename.
    await openActions(page, 'Campaign 1001 no reason')
    await page.getByRole('menuitem', { name: 'Rename' }).click()
    await page.getByLabel('Preset name').fill('Spring renewals, no reason')
    await page.getByRole('button', { name: 'Rename', exact: true }).click()
    await expect(presetItem(page, 'Spring renewals, no reason')).toBeVisible()

    // Edit a filter: the active preset shows as modified; update it from the current filters.
    await page.getByLabel('Campaign ID').fill('1002')
    await expect(page.getByText(/modified/i).first()).toBeVisible()
    await openActions(page, 'Spring renewals, no reason')
    await page.getByRole('menuitem', { name: 'Update from current filters' }).click()
    await expect(page.getByText(/modified/i)).toHaveCount(0)
    await page.getByRole('button', { name: 'Clear' }).click()
    await presetItem(page, 'Spring renewals, no reason').click()
    await expect(page.getByLabel('Campaign ID')).toHaveValue('1002')
    const expected = convoso.records.filter(
      (record) => record.campaign_id === '1002' && record.reason.trim() === '',
    )
    await expect(page.getByText(`of ${formatCount(expected.length)}`).first()).toBeVisible()

    // Delete, then undo: it comes back in the same place.
    await openActions(page, 'Missing purpose')
    await page.getByRole('menuitem', { name: 'Delete' }).click()
    await expect(presetItem(page, 'Missing purpose')).toHaveCount(0)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(presetItem(page, 'Missing purpose')).toBeVisible()

    const stored = JSON.parse(await readFile(join(app.userDataDir, 'presets.json'), 'utf8')) as {
      presets: { name: string }[]
    }
    expect(stored.presets.map((preset) => preset.name)).toEqual([
      'Global opt-outs',
      'Missing reason',
      'Missing purpose',
      'Spring renewals, no reason',
    ])
  })

  test('the default preset runs when the app opens next time', async ({ launchApp, convoso }) => {
    const first = await launchApp()
    await connect(first, convoso)
    await openActions(first.page, 'Global opt-outs')
    await first.page.getByRole('menuitem', { name: 'Run when the app opens' }).click()
    await first.close()

    const second: AppHandle = await launchApp({
      userDataDir: first.userDataDir,
      keychain: first.keychain ?? undefined,
    })
    const global = convoso.records.filter((record) => record.campaign_id === '0')
    await expect(second.page.getByText(`Showing 1–100 of ${formatCount(global.length)}`)).toBeVisible()
    await expect(second.page.getByLabel('Campaign ID')).toHaveValue('0')
    await expect(cell(second.page, 0, 'id')).toHaveText(global[0]?.id ?? '')
  })

  test('export, then import into a clean profile with a preview', async ({ launchApp, convoso }) => {
    const source = await launchApp()
    test.skip(!source.dialogs, 'native file dialogs cannot be scripted inside Electron')
    await connect(source, convoso)
    await source.page.getByLabel('Phone code').fill('44')
    await saveAsPreset(source.page, 'UK numbers')
    const exportPath = join(source.userDataDir, 'team-presets.json')
    if (source.dialogs) source.dialogs.nextExportPath = exportPath
    await source.page.getByRole('button', { name: 'Export presets' }).click()
    await expect(source.page.getByText(/Exported 4 presets/)).toBeVisible()
    const exported = await readFile(exportPath, 'utf8')
    expect(exported).not.toContain(convoso.goodToken)
    expect(exported).not.toContain(convoso.apiBase)

    const target = await launchApp()
    await connect(target, convoso)
    if (target.dialogs) target.dialogs.nextImportPath = exportPath
    await target.page.getByRole('button', { name: 'Import presets' }).click()
    const dialog = target.page.getByRole('dialog')
    await expect(dialog.getByText('UK numbers')).toBeVisible()
    await expect(dialog.getByText(/identical preset already exists/).first()).toBeVisible()
    await screenshot(target.page, 'presets-import-preview')
    await dialog
      .getByRole('button', { name: 'Import 1 presets' })
      .or(dialog.getByRole('button', { name: 'Import 1 preset' }))
      .click()
    await presetItem(target.page, 'UK numbers').click()
    await expect(target.page.getByLabel('Phone code')).toHaveValue('44')
  })

  test('a hostile presets file imports only its good entries and says why the rest were skipped', async ({
    launchApp,
    convoso,
  }) => {
    const app = await launchApp()
    test.skip(!app.dialogs, 'native file dialogs cannot be scripted inside Electron')
    await connect(app, convoso)
    const file = join(app.userDataDir, 'hostile.json')
    await writeFile(
      file,
      JSON.stringify({
        format: 'opt-out-desk-presets',
        version: 1,
        presets: [
          { name: 'Good one', filters: { ...EMPTY_FILTERS, campaignId: '1003' }, pageSize: 50 },
          { name: 12, filters: EMPTY_FILTERS, pageSize: 50 },
          { name: 'Huge', filters: { ...EMPTY_FILTERS, reasonText: 'x'.repeat(200_000) }, pageSize: 50 },
          { name: 'Bad size', filters: EMPTY_FILTERS, pageSize: 7 },
          ...Array.from({ length: 2000 }, () => 'junk'),
        ],
      }),
    )
    if (app.dialogs) app.dialogs.nextImportPath = file
    await app.page.getByRole('button', { name: 'Import presets' }).click()
    const dialog = app.page.getByRole('dialog')
    await expect(dialog.getByText('Good one')).toBeVisible()
    await expect(dialog.getByText(/Only the first 1,000 entries/)).toBeVisible()
    await dialog.getByRole('button', { name: /^Import 1 preset/ }).click()
    await expect(presetItem(app.page, 'Good one')).toBeVisible()
    await expect(presetItem(app.page, 'Huge')).toHaveCount(0)

    // Not a presets file at all: refused with a message, nothing added.
    await writeFile(file, '<html>not json</html>')
    await app.page.getByRole('button', { name: 'Import presets' }).click()
    await expect(
      app.page.getByRole('alert').filter({ hasText: /not an Opt-Out Desk presets file/ }),
    ).toBeVisible()
  })
})
