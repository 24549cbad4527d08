import { cleanup, configure } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { setApi, setDroppedFiles } from '../../src/renderer/src/api'
import { resetCompareStore } from '../../src/renderer/src/stores/compare'
import { resetExportsStore } from '../../src/renderer/src/stores/exports'
import { resetLookupStore } from '../../src/renderer/src/stores/lookup'
import { resetPresetsStore } from '../../src/renderer/src/stores/presets'
import { resetReportStore } from '../../src/renderer/src/stores/report'
import { resetScrubStore } from '../../src/renderer/src/stores/scrub'
import { resetSearchStore } from '../../src/renderer/src/stores/search'
import { resetSessionStore } from '../../src/renderer/src/stores/session'
import { resetSettingsStore } from '../../src/renderer/src/stores/settings'
import { disposeRealApis } from '../support/renderer/api'

// jsdom lacks a few browser APIs the app or AG Grid touch; small stand-ins keep tests honest about the rest.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
}

// findBy*/waitFor wait on the real main process (a worker writing an export, a local server
// answering): a busy machine can take seconds where a user would simply wait.
configure({ asyncUtilTimeout: 15_000 })

beforeEach(() => {
  resetSearchStore()
  resetSessionStore()
  resetPresetsStore()
  resetSettingsStore()
  resetExportsStore()
  resetReportStore()
  resetLookupStore()
  resetScrubStore()
  resetCompareStore()
})

afterEach(async () => {
  cleanup()
  setApi(undefined)
  setDroppedFiles(undefined)
  await disposeRealApis()
})
