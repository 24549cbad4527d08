import { access } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { test as base, expect, _electron, type Page } from '@playwright/test'
import { generateDemoRecords } from '../../src/main/services/demo-convoso/dataset'
import { startFakeConvoso, type FakeConvosoServer } from '../support/convoso-server/fake-convoso'
import type { OptOutRecord } from '../../src/shared/records'
import { workerEntriesIn } from '../../src/main/workers/entries'
import { deliverEvent, installBridge } from './harness/bridge'
import { canaryNeedles, describeHits, findCanary, scanFolders, type CanaryHit } from './harness/canary'
import { electronBinary } from './harness/electron-binary'
import { MemoryKeychain } from '../support/memory-keychain'
import type { RecordingShell, ScriptedDialogs } from '../support/desktop-doubles'
import { createAppUnderTest, createProfile, removeProfile } from '../support/app-under-test'
import { serveRendererBuild, type StaticServer } from './harness/static-server'

const ROOT = join(__dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')

export type Target = 'chromium' | 'electron'

/** The Convoso-compatible server the specs talk to: ours by default, any other via OPTOUT_DESK_API_BASE. */
export interface ConvosoUnderTest {
  apiBase: string
  goodToken: string
  /** Our own server, with fault injection; null when the specs run against an external one. */
  server: FakeConvosoServer | null
  /** The records our server holds, for checking what the grid shows. */
  records: OptOutRecord[]
}

export interface LaunchOptions {
  /** Reuse a profile to simulate the next start of the app. */
  userDataDir?: string
  keychain?: MemoryKeychain
  /** Point this profile at another Convoso-compatible server than the shared one. */
  apiBase?: string
}

export interface AppHandle {
  page: Page
  userDataDir: string
  /** The stand-in keychain (browser runs only; Electron uses the real OS keychain). */
  keychain: MemoryKeychain | null
  /** What the save/open dialogs will answer (browser runs only; Electron shows real dialogs). */
  dialogs: ScriptedDialogs | null
  /** What "Show in folder" and "Open" were asked to do (browser runs only). */
  shell: RecordingShell | null
  /** What the system clipboard holds now, as main's clipboard received it (the OS clipboard inside Electron). */
  clipboardText(): Promise<string>
  /** Everything main logged during the run. */
  logLines: string[]
  /** Every answer and event main gave the page, as JSON (browser runs only); events as `event:<name>`. */
  answers: { method: string; text: string }[]
  /**
   * Searches answers, log lines, the page and every file under the profile and
   * export folders for any token main held (browser runs only; Electron: no hits).
   */
  tokenCanary(domText?: string): Promise<{ hits: CanaryHit[]; report: string; tokens: number }>
  close(): Promise<void>
}

/**
 * Distinctive, so the token canary (see close() below) cannot mistake anything
 * else for it; "&", "+" and "/" make its URL, HTML and base64 forms differ.
 */
export const E2E_TOKEN = 'canary&e2e+tok/5f0c9a7e3b2d4c6a8e1f'
export const E2E_RECORD_COUNT = 2_500

export const test = base.extend<
  { target: Target; convoso: ConvosoUnderTest; launchApp: (options?: LaunchOptions) => Promise<AppHandle> },
  { rendererServer: StaticServer }
>({
  target: ['chromium', { option: true }],

  rendererServer: [
    async ({}, use) => {
      await access(join(RENDERER_DIR, 'index.html')).catch(() => {
        throw new Error('out/renderer is missing: run `npx electron-vite build` before the end-to-end specs.')
      })
      const server = await serveRendererBuild(RENDERER_DIR)
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],

  convoso: async ({}, use) => {
    const external = process.env['OPTOUT_DESK_API_BASE']
    if (external) {
      await use({
        apiBase: external,
        goodToken: process.env['OPTOUT_DESK_TOKEN'] ?? '',
        server: null,
        records: [],
      })
      return
    }
    const records = generateDemoRecords(E2E_RECORD_COUNT, 7)
    const server = await startFakeConvoso({ records, tokens: [E2E_TOKEN] })
    await use({ apiBase: server.apiBase, goodToken: E2E_TOKEN, server, records })
    await server.close()
  },

  launchApp: async ({ target, browser, convoso, rendererServer }, use) => {
    const opened: AppHandle[] = []
    const ownedDirs: string[] = []

    async function prepareProfile(existing?: string, apiBase = convoso.apiBase): Promise<string> {
      if (existing) return existing
      const dir = await createProfile(apiBase, 'opt-out-desk-e2e-')
      ownedDirs.push(dir)
      return dir
    }

    async function launchInChromium(options: LaunchOptions): Promise<AppHandle> {
      const userDataDir = await prepareProfile(options.userDataDir, options.apiBase)
      const keychain = options.keychain ?? new MemoryKeychain()
      const answers: { method: string; text: string }[] = []
      // Main's events reach the page in the order sent, and only while it shows the app (as sendToWindow checks).
      const eventTarget: { page?: Page } = {}
      let delivery = Promise.resolve()
      const { core, dispatch, dialogs, shell, clipboard, logLines } = createAppUnderTest({
        userDataDir,
        keychain,
        version: 'e2e',
        trustedOrigins: [rendererServer.url],
        events: (event, payload) => {
          answers.push({ method: `event:${event}`, text: JSON.stringify(payload) ?? '' })
          const target = eventTarget.page
          if (!target || !target.url().startsWith(`${rendererServer.url}/`)) return
          // A page reloading drops the event, as a window does; it asks for the jobs again when it starts.
          delivery = delivery.then(() => deliverEvent(target, event, payload)).catch(() => undefined)
        },
        // The worker threads as the app ships them, from the electron-vite build the renderer comes from.
        workers: workerEntriesIn(join(ROOT, 'out/main')),
      })
      const context = await browser.newContext({ viewport: { width: 1360, height: 860 } })
      const page = await context.newPage()
      eventTarget.page = page
      const pageErrors: string[] = []
      page.on('pageerror', (error) => pageErrors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text())
      })
      await installBridge(page, dispatch, (method, answer) =>
        answers.push({ method, text: JSON.stringify(answer) ?? '' }),
      )
      await page.goto(`${rendererServer.url}/index.html`)
      const handle: AppHandle = {
        page,
        userDataDir,
        keychain,
        dialogs,
        shell,
        clipboardText: async () => clipboard.text,
        logLines,
        answers,
        /** The token canary: no trace of any token main held, anywhere the run left something. */
        async tokenCanary(domText?: string) {
          const text =
            domText ??
            (await page
              .evaluate(() => `${document.documentElement.outerHTML}\n${document.body.innerText}`)
              .catch(() => ''))
          const tokens = [...new Set([convoso.goodToken, ...core.secrets()])].filter((token) => token !== '')
          const folders = [userDataDir, ...dialogs.chosenPaths.map((path) => dirname(path))]
          const hits: CanaryHit[] = []
          for (const token of tokens) {
            const needles = canaryNeedles(token)
            answers.forEach(({ method, text: answer }, index) =>
              hits.push(...findCanary(answer, `IPC answer #${index + 1} (${method})`, needles)),
            )
            logLines.forEach((line, index) =>
              hits.push(...findCanary(line, `log line ${index + 1}`, needles)),
            )
            hits.push(...findCanary(text, 'the page (DOM text and markup)', needles))
            hits.push(...(await scanFolders(folders, needles)))
          }
          return { hits, report: describeHits(hits), tokens: tokens.length }
        },
        async close() {
          const domText = await page
            .evaluate(() => `${document.documentElement.outerHTML}\n${document.body.innerText}`)
            .catch(() => '')
          await context.close()
          await core.dispose()
          // A CSP violation or an uncaught error in the renderer fails the spec that caused it.
          expect(pageErrors, 'renderer errors and CSP violations').toEqual([])
          // Every browser run ends with the token canary; a hit fails the spec and names where.
          const canary = await handle.tokenCanary(domText)
          expect(canary.hits, canary.report).toEqual([])
        },
      }
      opened.push(handle)
      return handle
    }

    async function launchInElectron(options: LaunchOptions): Promise<AppHandle> {
      const binary = electronBinary()
      if ('missing' in binary) {
        test.skip(true, `Electron run skipped: ${binary.missing}`)
        throw new Error('unreachable')
      }
      const userDataDir = await prepareProfile(options.userDataDir, options.apiBase)
      const app = await _electron.launch({
        executablePath: binary.path,
        args: [join(ROOT, 'out/main/index.js')],
        env: {
          ...process.env,
          OPTOUT_DESK_USER_DATA: userDataDir,
          OPTOUT_DESK_KEYCHAIN_SERVICE: `Opt-Out Desk e2e ${process.pid}`,
        },
      })
      const page = await app.firstWindow()
      const handle: AppHandle = {
        page,
        userDataDir,
        keychain: null,
        dialogs: null,
        shell: null,
        clipboardText: () => app.evaluate(({ clipboard }) => clipboard.readText()),
        logLines: [],
        answers: [],
        tokenCanary: async () => ({ hits: [], report: 'not searched inside Electron', tokens: 0 }),
        close: () => app.close(),
      }
      opened.push(handle)
      return handle
    }

    await use((options = {}) =>
      target === 'electron' ? launchInElectron(options) : launchInChromium(options),
    )

    for (const handle of opened.reverse()) await handle.close()
    for (const dir of ownedDirs) await removeProfile(dir)
  },
})

export { expect }
