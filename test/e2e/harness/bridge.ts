import type { Page } from '@playwright/test'
import { API_METHODS } from '../../../src/shared/contract'
import type { Dispatch } from '../../../src/main/ipc/dispatcher'

/**
 * Emulates the preload facade in plain Chromium: `window.api` gets one function
 * per contract method, and each call runs the real main-process dispatcher
 * (sender check, validation, handlers) in the test's Node process.
 * `window.files.pathOf` answers from `__optOutDeskDroppedPaths`, set by a spec.
 */
export async function installBridge(
  page: Page,
  dispatch: Dispatch,
  /** Sees every answer main gives the page (the token canary searches them). */
  onAnswer: (method: string, answer: unknown) => void = () => undefined,
): Promise<void> {
  await page.exposeBinding('__optOutDeskInvoke', async ({ frame }, method: string, payload: unknown) => {
    if (!(API_METHODS as string[]).includes(method)) throw new Error(`Unknown API method ${method}`)
    const answer = await dispatch(method as (typeof API_METHODS)[number], payload, {
      frameUrl: frame.url(),
      isMainFrame: frame === page.mainFrame(),
    })
    onAnswer(method, answer)
    return answer
  })
  await page.addInitScript((methods: string[]) => {
    const host = globalThis as unknown as {
      __optOutDeskInvoke: (method: string, payload: unknown) => Promise<unknown>
      /** Where the spec says a dropped file (by name) lives; the preload asks Electron instead. */
      __optOutDeskDroppedPaths?: Record<string, string>
      api?: unknown
      files?: unknown
    }
    const invoke = host.__optOutDeskInvoke
    host.api = Object.freeze(
      Object.fromEntries(methods.map((method) => [method, (request?: unknown) => invoke(method, request)])),
    )
    host.files = Object.freeze({
      pathOf: (file: File) => host.__optOutDeskDroppedPaths?.[file.name] ?? '',
    })
  }, API_METHODS)
}
