import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../../../src/main/core'
import { createDispatcher, type Handlers } from '../../../../src/main/ipc/dispatcher'
import { createSendLists } from '../../../../src/main/services/send-list/send-lists'
import { previewSendList } from '../../../../src/main/services/send-list/read-send-list'
import type { SendListPreview } from '../../../../src/shared/scrub'
import { ok, type Result } from '../../../../src/shared/result'
import { ScriptedDialogs } from '../../../support/desktop-doubles'
import { createTestCore } from '../../../support/test-core'

/**
 * The send-list channels through the real core (the preview read in the send-list-reader worker
 * thread) and the dispatcher's validation of their payloads.
 */

const APP = { frameUrl: 'app://opt-out-desk/index.html', isMainFrame: true }
const LIST =
  'Name,Phone,Country code\nAnn,07700 900123,44\nBob,(818) 123-3567,1\nCat,N/A,\nDan,818-123-3567 x12,\n'

let dir: string
let dialogs: ScriptedDialogs
let core: Core

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'optout-send-list-'))
  dialogs = new ScriptedDialogs()
  core = createTestCore({ userDataDir: dir, dialogs })
})
afterEach(async () => {
  await core.dispose()
  await rm(dir, { recursive: true, force: true })
})

function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`)
  return result.data
}

async function listFile(name = 'list.csv', text = LIST): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}

describe('pickSendList and previewSendListAtPath', () => {
  it('answers null when the dialog is closed, and the preview (read in the worker) when a file is chosen', async () => {
    expect(await core.handlers.pickSendList(undefined)).toEqual({ ok: true, data: null })
    dialogs.nextSendListToOpen = await listFile()
    const preview = data(await core.handlers.pickSendList(undefined))
    if (preview === null) throw new Error('expected a preview')
    expect(preview).toMatchObject({
      fileName: 'list.csv',
      format: 'csv',
      header: ['Name', 'Phone', 'Country code'],
      hasHeaderRow: true,
      suggestedPhoneColumn: 1,
      suggestedCodeColumn: 2,
      rowsEstimate: 4,
    })
    expect(preview.listId).toMatch(/^[0-9a-f-]{36}$/)
    expect(preview.sample[2]).toEqual(['Cat', 'N/A', ''])
    // The next dialog opens in the folder of the last list.
    dialogs.nextSendListToOpen = null
    await core.handlers.pickSendList(undefined)
    expect(dialogs.suggestedFolders.at(-1)).toBe(dir)
  })

  it('previews a dropped file', async () => {
    const preview = data(await core.handlers.previewSendListAtPath({ path: await listFile('dropped.csv') }))
    expect(preview.fileName).toBe('dropped.csv')
  })

  it.each([
    ['a relative path', 'list.csv'],
    ['another kind of file', '/etc/hostname.txt'],
    ['a network path', '\\\\server\\share\\list.csv'],
  ])('refuses %s with one message, without reading it', async (_label, path) => {
    expect(await core.handlers.previewSendListAtPath({ path })).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message:
          'This file cannot be used as a send list. Opt-Out Desk reads only Excel (.xlsx) and CSV (.csv) files ' +
          'saved on this computer; choose one with "Choose a list…".',
      },
    })
  })

  it('says a missing file was not found, and a bad one why (from the worker)', async () => {
    expect(await core.handlers.previewSendListAtPath({ path: join(dir, 'gone.csv') })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/^gone\.csv could not be found/) },
    })
    const empty = await listFile('empty.csv', '')
    expect(await core.handlers.previewSendListAtPath({ path: empty })).toEqual({
      ok: false,
      error: {
        kind: 'report-file',
        message: 'empty.csv is empty: it holds no rows. Choose the file with the numbers in it.',
      },
    })
  })
})

describe('previewNormalised', () => {
  async function preview(): Promise<SendListPreview> {
    return data(await core.handlers.previewSendListAtPath({ path: await listFile() }))
  }

  it('shows what each sample number becomes, or why it is invalid', async () => {
    const { listId } = await preview()
    const { rows } = data(
      await core.handlers.previewNormalised({ listId, phoneColumn: 1, codeColumn: 2, defaultCountry: 'US' }),
    )
    expect(rows).toEqual([
      { input: '07700 900123', e164: '+447700900123', display: '+44 7700 900123', problem: null },
      { input: '(818) 123-3567', e164: '+18181233567', display: '(818) 123-3567', problem: null },
      {
        input: 'N/A',
        e164: null,
        display: 'N/A',
        problem: 'Not a phone number: use digits (spaces, dashes, dots and parentheses are fine).',
      },
      {
        input: '818-123-3567 x12',
        e164: '+18181233567',
        display: '(818) 123-3567',
        problem: null,
        note: 'Extension 12 left out: the number itself is scrubbed.',
      },
    ])
  })

  it('reads the same cells for another default country (a 10-digit number is a possible UK one)', async () => {
    const { listId } = await preview()
    const { rows } = data(
      await core.handlers.previewNormalised({
        listId,
        phoneColumn: 1,
        codeColumn: null,
        defaultCountry: 'GB',
      }),
    )
    expect(rows.map((row) => row.e164)).toEqual(['+447700900123', '+448181233567', null, '+448181233567'])
    expect(rows[0]?.display).toBe('07700 900123')
  })

  it.each([
    ['phoneColumn', { phoneColumn: 3, codeColumn: null, defaultCountry: 'US' }, 'The list has 3 columns'],
    ['codeColumn', { phoneColumn: 1, codeColumn: 7, defaultCountry: 'US' }, 'The list has 3 columns'],
    ['codeColumn', { phoneColumn: 1, codeColumn: 1, defaultCountry: 'US' }, 'cannot be the phone column'],
    ['defaultCountry', { phoneColumn: 1, codeColumn: null, defaultCountry: 'ZZ' }, 'ZZ is not a country'],
  ])('refuses a bad %s with a field error', async (field, columns, message) => {
    const { listId } = await preview()
    const result = await core.handlers.previewNormalised({ listId, ...columns })
    if (result.ok || result.error.kind !== 'validation') throw new Error('expected a validation error')
    expect(result.error.fieldErrors[field]).toContain(message)
  })

  it('says a list it no longer holds must be chosen again', async () => {
    expect(
      await core.handlers.previewNormalised({
        listId: 'nope',
        phoneColumn: 0,
        codeColumn: null,
        defaultCountry: 'US',
      }),
    ).toEqual({
      ok: false,
      error: {
        kind: 'not-found',
        message: 'That send list is no longer open in Opt-Out Desk. Choose the list again.',
      },
    })
  })
})

describe('the list handle the scrub resolves', () => {
  it('gives the previewed file, keeps the last five, and refuses a file changed since', async () => {
    const sendLists = createSendLists({
      dialog: dialogs,
      previewFile: (path) => previewSendList(path),
      log: () => undefined,
    })
    const path = await listFile('handle.csv')
    const first = data(await sendLists.previewAtPath(path))
    expect(data(await sendLists.resolve(first.listId))).toMatchObject({
      filePath: path,
      fileName: 'handle.csv',
      format: 'csv',
      header: ['Name', 'Phone', 'Country code'],
    })
    await appendFile(path, 'Eve,2135550100,1\n')
    expect(await sendLists.resolve(first.listId)).toMatchObject({
      ok: false,
      error: { kind: 'report-file', message: expect.stringContaining('changed after it was previewed') },
    })
    const later = []
    for (let index = 0; index < 5; index += 1) later.push(data(await sendLists.previewAtPath(path)))
    expect((await sendLists.resolve(first.listId)).ok).toBe(false)
    expect(data(await sendLists.resolve(later[0]?.listId ?? ''))).toMatchObject({ fileName: 'handle.csv' })
  })
})

describe('payload validation over IPC', () => {
  it.each([
    ['previewSendListAtPath', 'request', undefined],
    ['previewSendListAtPath', 'path', { path: '' }],
    ['previewSendListAtPath', 'path', { path: `/${'x'.repeat(5000)}.csv` }],
    ['previewSendListAtPath', 'request', { path: '/a.csv', more: 1 }],
    [
      'previewNormalised',
      'phoneColumn',
      { listId: 'l', phoneColumn: -1, codeColumn: null, defaultCountry: 'US' },
    ],
    [
      'previewNormalised',
      'phoneColumn',
      { listId: 'l', phoneColumn: 1.5, codeColumn: null, defaultCountry: 'US' },
    ],
    [
      'previewNormalised',
      'phoneColumn',
      { listId: 'l', phoneColumn: 16_384, codeColumn: null, defaultCountry: 'US' },
    ],
    ['previewNormalised', 'codeColumn', { listId: 'l', phoneColumn: 0, defaultCountry: 'US' }],
    [
      'previewNormalised',
      'defaultCountry',
      { listId: 'l', phoneColumn: 0, codeColumn: null, defaultCountry: 'usa' },
    ],
    ['previewNormalised', 'listId', { listId: '', phoneColumn: 0, codeColumn: null, defaultCountry: 'US' }],
    ['pickSendList', 'request', { path: '/etc/passwd' }],
    [
      'saveSettings',
      'sendListCountry',
      { apiBase: 'https://api.convoso.com/v1', sendListCountry: 'United Kingdom' },
    ],
    [
      'saveSettings',
      'snapshotMaxAgeHours',
      { apiBase: 'https://api.convoso.com/v1', snapshotMaxAgeHours: 0 },
    ],
    [
      'saveSettings',
      'snapshotMaxAgeHours',
      { apiBase: 'https://api.convoso.com/v1', snapshotMaxAgeHours: 721 },
    ],
  ] as const)('%s refuses a bad %s before its handler runs', async (method, field, payload) => {
    const spy = vi.fn(async () => ok(null))
    const dispatch = createDispatcher({ ...core.handlers, [method]: spy } as Handlers, {
      isTrustedSender: () => true,
      log: () => undefined,
    })
    const result = await dispatch(method, payload, APP)
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
    if (result.ok || result.error.kind !== 'validation') return
    expect(Object.keys(result.error.fieldErrors)).toContain(field)
    expect(spy).not.toHaveBeenCalled()
  })

  it('saves the two scrub settings through saveSettings and gives them back', async () => {
    const dispatch = createDispatcher(core.handlers, { isTrustedSender: () => true, log: () => undefined })
    const saved = await dispatch(
      'saveSettings',
      { apiBase: 'https://api.convoso.com/v1', sendListCountry: 'GB', snapshotMaxAgeHours: 12 },
      APP,
    )
    expect(saved).toMatchObject({ ok: true, data: { sendListCountry: 'GB', snapshotMaxAgeHours: 12 } })
    expect(await dispatch('getSettings', undefined, APP)).toMatchObject({
      ok: true,
      data: { sendListCountry: 'GB', snapshotMaxAgeHours: 12 },
    })
  })
})
