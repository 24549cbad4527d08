import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../../src/main/core'
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher'
import { MAX_LOOKUP_TEXT_LENGTH } from '../../../src/shared/lookup/phone-list'
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

/** The real core behind the dispatcher, with one handler replaced by a spy. */
async function dispatcherWith<M extends 'startLookup' | 'exportLookupReport'>(method: M, spy: Handlers[M]) {
  dir = await mkdtemp(join(tmpdir(), 'optout-lookup-ipc-'))
  core = createTestCore({ userDataDir: dir })
  return createDispatcher(
    { ...core.handlers, [method]: spy },
    { isTrustedSender: () => true, log: () => undefined },
  )
}

describe('startLookup over IPC', () => {
  async function dispatcherWithSpy() {
    const startLookup = vi.fn<Handlers['startLookup']>(async () =>
      ok({ jobId: 'job-1', numbers: 1, invalid: 0, duplicatesCollapsed: 0 }),
    )
    return { dispatch: await dispatcherWith('startLookup', startLookup), startLookup }
  }

  it.each([
    ['no payload', undefined, 'request'],
    ['text that is not a string', { text: 8181233567 }, 'text'],
    ['a list instead of text', { text: ['8181233567'] }, 'text'],
    [
      'a country that is not two capital letters',
      { text: '8181233567', defaultCountry: 'usa' },
      'defaultCountry',
    ],
    ['an unknown field', { text: '8181233567', numbers: ['8181233567'] }, 'request'],
  ])('refuses %s with a validation error before the handler runs', async (_label, payload, field) => {
    const { dispatch, startLookup } = await dispatcherWithSpy()
    const result = await dispatch('startLookup', payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(
      !result.ok && result.error.kind === 'validation' && Object.keys(result.error.fieldErrors),
    ).toContain(field)
    expect(startLookup).not.toHaveBeenCalled()
  })

  it('refuses text over the length cap with a message that says the limit', async () => {
    const { dispatch, startLookup } = await dispatcherWithSpy()
    const result = await dispatch('startLookup', { text: '8'.repeat(MAX_LOOKUP_TEXT_LENGTH + 1) }, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(!result.ok && result.error.kind === 'validation' && result.error.fieldErrors['text']).toMatch(
      /at most 10,000 numbers/,
    )
    expect(startLookup).not.toHaveBeenCalled()
  })

  it('passes a valid payload to the handler', async () => {
    const { dispatch, startLookup } = await dispatcherWithSpy()
    expect(await dispatch('startLookup', { text: '8181233567', defaultCountry: 'GB' }, APP)).toMatchObject({
      ok: true,
    })
    expect(startLookup).toHaveBeenCalledWith({ text: '8181233567', defaultCountry: 'GB' })
  })

  it('answers a disconnected app through the real handler with "connect first", starting no job', async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-lookup-ipc-'))
    core = createTestCore({ userDataDir: dir })
    const dispatch = createDispatcher(core.handlers, { isTrustedSender: () => true, log: () => undefined })
    const result = await dispatch('startLookup', { text: '(818) 123-3567' }, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'token-missing' } })
    expect(core.jobs.list()).toEqual([])
  })
})

describe('exportLookupReport over IPC', () => {
  async function dispatcherWithSpy() {
    const exportLookupReport = vi.fn<Handlers['exportLookupReport']>(async () => ok(null))
    return { dispatch: await dispatcherWith('exportLookupReport', exportLookupReport), exportLookupReport }
  }

  it.each([
    ['no payload', undefined, 'request'],
    ['no job id', { format: 'xlsx' }, 'jobId'],
    ['an empty job id', { jobId: '', format: 'xlsx' }, 'jobId'],
    ['a job id over 100 characters', { jobId: 'j'.repeat(101), format: 'xlsx' }, 'jobId'],
    ['a format the app does not write', { jobId: 'job-1', format: 'pdf' }, 'format'],
    ['no format', { jobId: 'job-1' }, 'format'],
    ['a path from the window', { jobId: 'job-1', format: 'csv', filePath: '/tmp/x.csv' }, 'request'],
  ])('refuses %s with a validation error before the handler runs', async (_label, payload, field) => {
    const { dispatch, exportLookupReport } = await dispatcherWithSpy()
    const result = await dispatch('exportLookupReport', payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect(
      !result.ok && result.error.kind === 'validation' && Object.keys(result.error.fieldErrors),
    ).toContain(field)
    expect(exportLookupReport).not.toHaveBeenCalled()
  })

  it('passes a valid payload to the handler', async () => {
    const { dispatch, exportLookupReport } = await dispatcherWithSpy()
    expect(await dispatch('exportLookupReport', { jobId: 'job-1', format: 'csv' }, APP)).toEqual(ok(null))
    expect(exportLookupReport).toHaveBeenCalledWith({ jobId: 'job-1', format: 'csv' })
  })

  it('answers an unknown lookup through the real handler as not-found, asking no dialog', async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-lookup-export-ipc-'))
    const dialogs = new ScriptedDialogs()
    dialogs.nextReportPath = join(dir, 'never.xlsx')
    core = createTestCore({ userDataDir: dir, dialogs })
    const dispatch = createDispatcher(core.handlers, { isTrustedSender: () => true, log: () => undefined })
    const result = await dispatch('exportLookupReport', { jobId: 'job-1', format: 'xlsx' }, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(dialogs.suggestedNames).toEqual([])
  })
})
