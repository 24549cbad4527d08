import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { generateDemoRecords } from '../src/main/services/demo-convoso/dataset'
import { startFakeConvoso } from '../test/support/convoso-server/fake-convoso'
import { createDispatcher } from '../src/main/ipc/dispatcher'
import { createSenderCheck } from '../src/main/ipc/trusted-sender'
import { installBridge } from '../test/e2e/harness/bridge'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/harness/chromium'
import { serveRendererBuild } from '../test/e2e/harness/static-server'
import { startBenchCore } from './bench-core'
import { median, ms, p95 } from './stats'

/**
 * The built renderer in Chromium, behind the same emulated bridge as the
 * end-to-end specs: how long from a 1000-row page arriving in the window to its
 * visible rows being on screen, and how smoothly the grid scrolls through it.
 */
const TOKEN = 'bench-token-renderer-0000'
const RENDERER_DIR = join(__dirname, '../out/renderer')
const PAGES = 12
const SCROLL_STEPS = 40

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('run `npx electron-vite build` first')
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}`)
  const records = generateDemoRecords(25_000)
  const convoso = await startFakeConvoso({ records, tokens: [TOKEN] })
  const site = await serveRendererBuild(RENDERER_DIR)
  const { core, dispose } = await startBenchCore(convoso.apiBase)
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
    await installBridge(
      page,
      createDispatcher(core.handlers, {
        isTrustedSender: createSenderCheck([site.url]),
        log: () => undefined,
      }),
    )
    // tsx compiles with esbuild's keepNames, which wraps local functions in a __name()
    // helper that does not exist in the page the evaluated functions run in.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn' })
    // Stamp the moment each search answer reaches the window, before React sees it.
    await page.addInitScript(() => {
      const host = globalThis as unknown as {
        api: { search: (request: unknown) => Promise<unknown> }
        __arrivedAt?: number
      }
      const original = host.api.search
      host.api = Object.freeze({
        ...host.api,
        search: async (request: unknown) => {
          const result = await original(request)
          host.__arrivedAt = performance.now()
          return result
        },
      })
    })
    await page.goto(`${site.url}/index.html`)
    await page.getByLabel('API token', { exact: true }).fill(TOKEN)
    await page.getByRole('button', { name: 'Verify and save' }).click()
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.getByLabel('Rows per page').selectOption('1000')
    await page.getByText('Showing 1–1,000').waitFor()

    const renderTimes: number[] = []
    for (let index = 1; index <= PAGES; index += 1) {
      const expectedId = records[(index % 25) * 1000]?.id ?? ''
      await page.getByLabel('Go to page').fill(String((index % 25) + 1))
      await page.getByLabel('Go to page').press('Enter')
      const elapsed = await page.evaluate(async (id) => {
        const host = globalThis as unknown as { __arrivedAt?: number }
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
        const deadline = performance.now() + 15_000
        for (;;) {
          // First data row (row 1 is the header), first column: the record id.
          const first = document.querySelector(
            '[role="row"][aria-rowindex="2"] [role="gridcell"][aria-colindex="1"]',
          )
          if (first?.textContent === id && host.__arrivedAt !== undefined) break
          if (performance.now() > deadline) throw new Error(`page starting at record ${id} never rendered`)
          await frame()
        }
        // One more frame so the rows are painted, not only in the DOM.
        await frame()
        return performance.now() - (host.__arrivedAt ?? 0)
      }, expectedId)
      renderTimes.push(elapsed)
    }

    const scroll = await page.evaluate(async (steps) => {
      // The grid's vertical scroller: whichever element inside it actually scrolls.
      const viewport =
        [...document.querySelectorAll<HTMLElement>('.grid-frame *')].find(
          (element) =>
            ['auto', 'scroll'].includes(getComputedStyle(element).overflowY) &&
            element.scrollHeight > element.clientHeight + 100,
        ) ?? null
      if (!viewport) throw new Error('grid viewport not found')
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
      const stepTimes: number[] = []
      const height = viewport.scrollHeight - viewport.clientHeight
      const started = performance.now()
      for (let step = 1; step <= steps; step += 1) {
        const before = performance.now()
        viewport.scrollTop = (height * step) / steps
        await frame()
        await frame()
        stepTimes.push(performance.now() - before)
      }
      return {
        total: performance.now() - started,
        stepTimes,
        renderedRows: document.querySelectorAll('[role="row"][aria-rowindex]').length - 1,
      }
    }, SCROLL_STEPS)

    return {
      'render.pages': renderTimes.length,
      'render.arrivalToVisibleMedianMs': ms(median(renderTimes)),
      'render.arrivalToVisibleP95Ms': ms(p95(renderTimes)),
      'scroll.steps': SCROLL_STEPS,
      'scroll.totalMs': ms(scroll.total),
      'scroll.stepMedianMs': ms(median(scroll.stepTimes)),
      'scroll.stepP95Ms': ms(p95(scroll.stepTimes)),
      'scroll.rowsInDomAtEnd': scroll.renderedRows,
    }
  } finally {
    await browser.close()
    await dispose()
    await site.close()
    await convoso.close()
  }
}
