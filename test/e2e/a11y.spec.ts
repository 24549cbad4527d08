import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { EMPTY_FILTERS } from '../../src/shared/filters'
import { test, expect } from './fixtures'
import { connect, runSearch, writePresetsFile, writeReport, JOB_FINISH_TIMEOUT } from './helpers'

/** WCAG 2.1 A and AA, plus axe's "region" rule: every piece of content sits in a landmark. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa']
const FAILING_IMPACTS = new Set(['serious', 'critical'])
/** Best-practice rules the issue asks for by name; they fail the run like a serious violation. */
const REQUIRED_RULES = new Set(['region'])

const SCHEMES = ['light', 'dark'] as const

interface Finding {
  screen: string
  rule: string
  impact: string
  help: string
  targets: string[]
}

/**
 * Runs axe on the page as it is now, or only on what `scope` selects (a menu or a dialog over a page
 * that was already checked: axe is slow on a loaded machine). Serious and critical violations (and the
 * required rules) are returned to fail the test; everything else is printed so it can be looked at.
 */
async function audit(page: Page, screen: string, scope?: string): Promise<Finding[]> {
  const started = Date.now()
  const builder = new AxeBuilder({ page }).options({
    runOnly: { type: 'tag', values: WCAG_TAGS },
    rules: Object.fromEntries([...REQUIRED_RULES].map((rule) => [rule, { enabled: true }])),
  })
  if (scope) builder.include(scope)
  const results = await builder.analyze()
  console.log(`[axe] ${screen}: checked in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const checked = new Set(
    [...results.passes, ...results.violations, ...results.inapplicable].map((r) => r.id),
  )
  for (const rule of REQUIRED_RULES) expect(checked, `axe ran the "${rule}" rule (${screen})`).toContain(rule)
  const findings = results.violations.map((violation) => ({
    screen,
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }))
  const failing = findings.filter(
    (finding) => FAILING_IMPACTS.has(finding.impact) || REQUIRED_RULES.has(finding.rule),
  )
  for (const finding of findings.filter((f) => !failing.includes(f))) {
    console.log(
      `[axe] ${screen}: ${finding.impact} ${finding.rule} — ${finding.help} (${finding.targets.join(', ')})`,
    )
  }
  return failing
}

function describe(findings: Finding[]): string {
  return findings
    .map((f) => `${f.screen}: ${f.impact} ${f.rule} — ${f.help}\n    ${f.targets.join('\n    ')}`)
    .join('\n')
}

test.describe('accessibility of every main screen (axe, WCAG 2.1 AA)', () => {
  test.beforeEach(({ convoso, target }) => {
    test.skip(!convoso.server, 'these specs search the local server’s data set')
    test.skip(target === 'electron', 'native save and open dialogs cannot be scripted inside Electron')
  })

  for (const scheme of SCHEMES) {
    test(`in the ${scheme} theme no screen has a serious or critical violation`, async ({
      launchApp,
      convoso,
    }) => {
      // Eleven axe passes; on a loaded 2-core machine a full page takes about a minute.
      test.setTimeout(10 * 60_000)
      const app = await launchApp()
      const { page } = app
      await page.emulateMedia({ colorScheme: scheme })
      const findings: Finding[] = []

      await expect(page.getByRole('heading', { name: 'Connect to Convoso' })).toBeVisible()
      findings.push(...(await audit(page, 'connect')))

      await connect(app, convoso)
      await runSearch(page)
      await expect(page.getByText(/^Showing 1–100 of/)).toBeVisible()
      findings.push(...(await audit(page, 'results')))

      await page.getByRole('button', { name: 'Export', exact: true }).click()
      await expect(page.getByRole('menuitem', { name: 'This page as Excel' })).toBeVisible()
      findings.push(...(await audit(page, 'export menu open', '[role="menu"]')))
      const reportPath = join(app.userDataDir, `a11y-${scheme}.xlsx`)
      if (app.dialogs) app.dialogs.nextReportPath = reportPath
      await page.getByRole('menuitem', { name: 'This page as Excel' }).click()
      await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible({
        timeout: JOB_FINISH_TIMEOUT,
      })
      findings.push(...(await audit(page, 'export done')))

      await page
        .getByRole('button', { name: /^Actions for / })
        .first()
        .click()
      await expect(page.getByRole('menu')).toBeVisible()
      findings.push(...(await audit(page, 'preset actions menu open', '[role="menu"]')))
      await page.keyboard.press('Escape')
      await expect(page.getByRole('menu')).toBeHidden()

      const presetsFile = join(app.userDataDir, 'a11y-presets.json')
      await writePresetsFile(presetsFile, [
        {
          name: 'Campaign 1003 with a long name that does not fit the sidebar',
          filters: { ...EMPTY_FILTERS, campaignId: '1003' },
          pageSize: 50,
        },
        // A bad entry, so the preview shows what it skips too.
        { name: 12, filters: EMPTY_FILTERS, pageSize: 50 },
      ])
      if (app.dialogs) app.dialogs.nextImportPath = presetsFile
      await page.getByRole('button', { name: 'Import presets' }).click()
      const preview = page.getByRole('dialog')
      await expect(preview).toBeVisible()
      findings.push(...(await audit(page, 'presets import preview', '[role="dialog"]')))
      await page.keyboard.press('Escape')
      await expect(preview).toBeHidden()

      await page.getByRole('button', { name: 'Settings', exact: true }).click()
      await expect(page.getByRole('dialog', { name: 'API settings' })).toBeVisible()
      findings.push(...(await audit(page, 'Settings dialog', '[role="dialog"]')))
      await page.keyboard.press('Escape')
      await expect(page.getByRole('dialog')).toBeHidden()

      await page.getByRole('button', { name: 'Reports', exact: true }).click()
      const reports = page.getByRole('dialog', { name: 'Reports' })
      await expect(reports.getByText(`a11y-${scheme}.xlsx`)).toBeVisible()
      findings.push(...(await audit(page, 'Reports list', '[role="dialog"]')))
      await reports.getByRole('button', { name: 'View in Opt-Out Desk' }).first().click()

      await expect(page.getByRole('region', { name: 'Opened report' })).toBeVisible({ timeout: 30_000 })
      await expect(page.getByText(/^Showing 1–100 of 100$/)).toBeVisible()
      findings.push(...(await audit(page, 'report open')))

      // The comparison window: choosing (the report open now and a file), then a result.
      const later = join(app.userDataDir, `a11y-${scheme}-later.xlsx`)
      await writeReport(convoso.records.slice(1, 100), later)
      await page.getByRole('banner').getByRole('button', { name: 'Compare', exact: true }).click()
      const compare = page.getByRole('main', { name: 'Compare two reports' })
      await compare.getByRole('button', { name: 'The report open now' }).first().click()
      if (app.dialogs) app.dialogs.nextReportToOpen = later
      await compare.getByRole('button', { name: 'Choose a file…' }).click()
      await expect(compare.getByText(`a11y-${scheme}-later.xlsx`)).toBeVisible()
      findings.push(...(await audit(page, 'compare: choosing', 'main')))
      await compare.getByRole('button', { name: 'Compare', exact: true }).click()
      await expect(compare.getByRole('tab', { name: 'Removed 1' })).toBeVisible({
        timeout: JOB_FINISH_TIMEOUT,
      })
      await expect(compare.getByRole('tabpanel').getByRole('grid')).toBeVisible()
      findings.push(...(await audit(page, 'compare: result', 'main')))

      expect(findings, describe(findings)).toEqual([])
    })
  }
})
