import type { Page } from '@playwright/test'
import { API_METHODS, EVENT_NAMES, type EventName, type Events } from '../../../src/shared/contract'
import type { Dispatch } from '../../../src/main/ipc/dispatcher'

/**
 * Emulates the preload facade in plain Chromium: `window.api` gets one function
 * per contract method, and each call runs the real main-process dispatcher
 * (sender check, validation, handlers) in the test's Node process; `api.on`
 * subscribes to main's events, which `deliverEvent` hands to the listeners
 * (the payload only, as the preload does).
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
  await page.addInitScript(
    ({ methods, events }: { methods: string[]; events: string[] }) => {
      const host = globalThis as unknown as {
        __optOutDeskInvoke: (method: string, payload: unknown) => Promise<unknown>
        /** Where the spec says a dropped file (by name) lives; the preload asks Electron instead. */
        __optOutDeskDroppedPaths?: Record<string, string>
        api?: unknown
        files?: unknown
      }
      const invoke = host.__optOutDeskInvoke
      const listeners = new Map<string, Set<(payload: unknown) => void>>()
      const on = (event: string, listener: (payload: unknown) => void) => {
        if (!events.includes(event)) throw new Error(`Opt-Out Desk has no event named ${event}.`)
        const forward = (payload: unknown) => listener(payload)
        const set = listeners.get(event) ?? new Set()
        listeners.set(event, set)
        set.add(forward)
        return () => {
          set.delete(forward)
        }
      }
      Object.defineProperty(host, '__optOutDeskEmit', {
        value: (event: string, payload: unknown) => {
          for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
        },
      })
      host.api = Object.freeze({
        ...Object.fromEntries(
          methods.map((method) => [method, (request?: unknown) => invoke(method, request)]),
        ),
        on,
      })
      host.files = Object.freeze({
        pathOf: (file: File) => host.__optOutDeskDroppedPaths?.[file.name] ?? '',
      })
    },
    { methods: API_METHODS as string[], events: EVENT_NAMES as string[] },
  )
}

/** What main's `webContents.send` does for the emulated bridge: runs the page's listeners with the payload. */
export async function deliverEvent<E extends EventName>(
  page: Page,
  event: E,
  payload: Events[E],
): Promise<void> {
  await page.evaluate(
    ([name, value]) => {
      const emit = (globalThis as unknown as { __optOutDeskEmit?: (event: string, payload: unknown) => void })
        .__optOutDeskEmit
      emit?.(name, value)
    },
    [event, payload] as const,
  )
}
