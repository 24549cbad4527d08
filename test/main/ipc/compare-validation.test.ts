import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../../src/main/core'
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher'
import type { ApiMethod } from '../../../src/shared/contract'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import { ok } from '../../../src/shared/result'
import { createTestCore } from '../../support/test-core'

/** The compare entries refuse a malformed request before their handler runs, and pass a good one on. */

const APP = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }

let core: Core | undefined
let dir: string | undefined

afterEach(async () => {
  await core?.dispose()
  if (dir) await rm(dir, { recursive: true, force: true })
  core = undefined
  dir = undefined
})

type CompareMethod = Extract<
  ApiMethod,
  'pickReportFile' | 'startCompare' | 'searchComparison' | 'exportComparison' | 'closeComparison'
>

async function dispatcherWithSpy(method: CompareMethod) {
  dir = await mkdtemp(join(tmpdir(), 'optout-compare-ipc-'))
  core = createTestCore({ userDataDir: dir })
  const spy = vi.fn(async () => ok(null as never))
  const dispatch = createDispatcher(
    { ...core.handlers, [method]: spy as unknown as Handlers[CompareMethod] },
    { isTrustedSender: () => true, log: () => undefined },
  )
  return { dispatch, spy }
}

const SEARCH = { compareId: 'job-1', list: 'removed', filters: EMPTY_FILTERS, offset: 0, limit: 25 }

describe('compare requests over IPC', () => {
  it.each([
    ['startCompare', undefined, 'request'],
    ['startCompare', { a: { kind: 'opened' } }, 'b'],
    ['startCompare', { a: { kind: 'opened' }, b: { kind: 'url', url: 'https://x' } }, 'b.kind'],
    ['startCompare', { a: { kind: 'path', path: '' }, b: { kind: 'opened' } }, 'a.path'],
    ['startCompare', { a: { kind: 'path', path: 'x'.repeat(5000) }, b: { kind: 'opened' } }, 'a.path'],
    ['startCompare', { a: { kind: 'history' }, b: { kind: 'opened' } }, 'a.reportId'],
    ['startCompare', { a: { kind: 'opened', path: '/etc/passwd' }, b: { kind: 'opened' } }, 'a'],
    ['searchComparison', { ...SEARCH, list: 'deleted' }, 'list'],
    ['searchComparison', { ...SEARCH, offset: -1 }, 'offset'],
    ['searchComparison', { ...SEARCH, limit: 100_000 }, 'limit'],
    ['searchComparison', { ...SEARCH, compareId: '' }, 'compareId'],
    ['searchComparison', { ...SEARCH, filters: { id: '1' } }, 'filters.campaignId'],
    ['exportComparison', { compareId: 'job-1', format: 'pdf' }, 'format'],
    ['closeComparison', { compareId: 7 }, 'compareId'],
    ['pickReportFile', { path: '/tmp/x.xlsx' }, 'request'],
  ] as const)('%s refuses %j with a validation error naming %s', async (method, payload, field) => {
    const { dispatch, spy } = await dispatcherWithSpy(method)
    const result = await dispatch(method, payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(
      !result.ok && result.error.kind === 'validation' && Object.keys(result.error.fieldErrors),
    ).toContain(field)
    expect(spy).not.toHaveBeenCalled()
  })

  it.each([
    ['startCompare', { a: { kind: 'opened' }, b: { kind: 'history', reportId: 'r1' } }],
    [
      'startCompare',
      { a: { kind: 'path', path: '/home/me/march.xlsx' }, b: { kind: 'path', path: 'C:\\r\\june.csv' } },
    ],
    ['searchComparison', SEARCH],
    ['exportComparison', { compareId: 'job-1', format: 'csv' }],
    ['closeComparison', { compareId: 'job-1' }],
    ['pickReportFile', undefined],
  ] as const)('%s passes %j to its handler', async (method, payload) => {
    const { dispatch, spy } = await dispatcherWithSpy(method)
    expect(await dispatch(method, payload, APP)).toEqual({ ok: true, data: null })
    expect(spy).toHaveBeenCalledWith(payload)
  })

  it('answers a comparison that is not kept as not-found through the real handlers', async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-compare-ipc-'))
    core = createTestCore({ userDataDir: dir })
    const dispatch = createDispatcher(core.handlers, { isTrustedSender: () => true, log: () => undefined })
    expect(await dispatch('searchComparison', SEARCH, APP)).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
    expect(await dispatch('closeComparison', { compareId: 'job-1' }, APP)).toEqual({ ok: true, data: false })
  })
})
