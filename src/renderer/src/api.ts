import type { DroppedFiles, OptOutDeskApi } from '../../shared/contract'

/**
 * The renderer's only way to reach main. Components and stores call `getApi()`
 * instead of touching `window.api`, so tests can hand in a typed fake.
 */
let override: OptOutDeskApi | undefined
let filesOverride: DroppedFiles | undefined

export function getApi(): OptOutDeskApi {
  if (override) return override
  const api = (window as Partial<Window>).api
  if (!api) throw new Error('The Opt-Out Desk bridge is missing: the window was not opened by the app.')
  return api
}

/** Replaces the bridge (tests only); pass nothing to go back to `window.api`. */
export function setApi(api?: OptOutDeskApi): void {
  override = api
}

/** Where a dropped file lives on disk ('' when the preload cannot tell, e.g. outside the app). */
export function pathOfDroppedFile(file: File): string {
  const files = filesOverride ?? (window as Partial<Window>).files
  try {
    return files?.pathOf(file) ?? ''
  } catch {
    return ''
  }
}

/** Replaces `window.files` (tests only). */
export function setDroppedFiles(files?: DroppedFiles): void {
  filesOverride = files
}
