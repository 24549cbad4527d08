import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../../src/main/core'
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher'
import { ok } from '../../../src/shared/result'
import { ScriptedDialogs } from '../../support/desktop-doubles'
import { createTestCore } from '../../support/test-core'

const APP = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }

let core: Core | undefined
let dir: string | undefined

afterEach(async () => {
  await core?.dispose()
  if (dir) await rm(dir, { recursive: true, force: true })
  core = undefined
  dir = undefined
})

type ScrubMethod = 'startScrub' | 'scrubResultsPage' | 'saveScrubOutputs' | 'closeScrub'

/** The real core behind the dispatcher, with one handler replaced by a spy. */
async function dispatcherWith<M extends ScrubMethod>(method: M, spy: Handlers[M]) {
  dir = await mkdtemp(join(tmpdir(), 'optout-scrub-ipc-'))
  core = createTestCore({ userDataDir: dir })
  return createDispatcher(
    { ...core.handlers, [method]: spy },
    { isTrustedSender: () => true, log: () => undefined },
  )
}

const START = {
  listId: 'list-1',
  phoneColumn: 1,
  codeColumn: null,
  defaultCountry: 'US',
  snapshot: { kind: 'opened' },
  campaignId: '42',
  purposeScoped: 'hold',
}

describe('startScrub over IPC', () => {
  it.each([
    ['no payload', undefined, 'request'],
    ['a negative column', { ...START, phoneColumn: -1 }, 'phoneColumn'],
    ["a column past Excel's last", { ...START, phoneColumn: 16_384 }, 'phoneColumn'],
    ['a fractional code column', { ...START, codeColumn: 1.5 }, 'codeColumn'],
    ['a country that is not two capital letters', { ...START, defaultCountry: 'usa' }, 'defaultCountry'],
    ['a campaign that is not digits', { ...START, campaignId: '42; DROP' }, 'campaignId'],
    ['campaign -1 to send for', { ...START, campaignId: '-1' }, 'campaignId'],
    ['an unknown purpose rule', { ...START, purposeScoped: 'maybe' }, 'purposeScoped'],
    ['an unknown snapshot kind', { ...START, snapshot: { kind: 'url', url: 'https://x' } }, 'snapshot'],
    [
      'a snapshot path with extra fields',
      { ...START, snapshot: { kind: 'path', path: '/a.xlsx', x: 1 } },
      'snapshot',
    ],
    ['the list as rows instead of its handle', { ...START, rows: [['8181233567']] }, 'request'],
  ])('refuses %s with a validation error before the handler runs', async (_label, payload, field) => {
    const startScrub = vi.fn<Handlers['startScrub']>(async () => ok({ jobId: 'job-1' }))
    const dispatch = await dispatcherWith('startScrub', startScrub)
    const result = await dispatch('startScrub', payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(
      !result.ok && result.error.kind === 'validation' && Object.keys(result.error.fieldErrors).join(' '),
    ).toContain(field)
    expect(startScrub).not.toHaveBeenCalled()
  })

  it('passes a valid payload to the handler', async () => {
    const startScrub = vi.fn<Handlers['startScrub']>(async () => ok({ jobId: 'job-1' }))
    const dispatch = await dispatcherWith('startScrub', startScrub)
    expect(await dispatch('startScrub', START, APP)).toEqual(ok({ jobId: 'job-1' }))
    expect(startScrub).toHaveBeenCalledWith(START)
  })

  it('answers an unknown list through the real handler as not-found, starting no job', async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-scrub-ipc-'))
    core = createTestCore({ userDataDir: dir })
    const dispatch = createDispatcher(core.handlers, { isTrustedSender: () => true, log: () => undefined })
    expect(await dispatch('startScrub', START, APP)).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
    expect(core.jobs.list()).toEqual([])
  })
})

describe('the kept scrub calls over IPC', () => {
  it.each([
    ['scrubResultsPage', { scrubId: 'job-1', verdict: 'maybe', offset: 0, limit: 10 }, 'verdict'],
    ['scrubResultsPage', { scrubId: 'job-1', verdict: 'all', offset: -1, limit: 10 }, 'offset'],
    ['scrubResultsPage', { scrubId: 'job-1', verdict: 'all', offset: 0, limit: 1001 }, 'limit'],
    ['scrubResultsPage', { scrubId: '', verdict: 'clear', offset: 0, limit: 10 }, 'scrubId'],
    ['saveScrubOutputs', { scrubId: 'job-1', format: 'pdf' }, 'format'],
    ['saveScrubOutputs', { scrubId: 'job-1', format: 'csv', path: '/tmp/x.csv' }, 'request'],
    ['closeScrub', { scrubId: 7 }, 'scrubId'],
  ] as const)('%s refuses %o', async (method, payload, field) => {
    const spy = vi.fn(async () => ok(null))
    const dispatch = await dispatcherWith(method, spy as never)
    const result = await dispatch(method, payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(
      !result.ok && result.error.kind === 'validation' && Object.keys(result.error.fieldErrors).join(' '),
    ).toContain(field)
    expect(spy).not.toHaveBeenCalled()
  })

  it('answers an unknown scrub through the real handlers: not-found, no dialog, close false', async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-scrub-ipc-'))
    const dialogs = new ScriptedDialogs()
    dialogs.nextReportPath = join(dir, 'never.csv')
    core = createTestCore({ userDataDir: dir, dialogs })
    const dispatch = createDispatcher(core.handlers, { isTrustedSender: () => true, log: () => undefined })
    expect(
      await dispatch('scrubResultsPage', { scrubId: 'job-1', verdict: 'all', offset: 0, limit: 10 }, APP),
    ).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
    expect(await dispatch('saveScrubOutputs', { scrubId: 'job-1', format: 'csv' }, APP)).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    })
    expect(dialogs.suggestedNames).toEqual([])
    expect(await dispatch('closeScrub', { scrubId: 'job-1' }, APP)).toEqual(ok(false))
  })
})
