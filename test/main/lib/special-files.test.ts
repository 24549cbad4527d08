import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_BASE } from '../../../src/shared/settings'
import { createPresetsService } from '../../../src/main/services/presets/presets-service'
import { createReportHistory } from '../../../src/main/services/reports/report-history'
import { createSettingsStore } from '../../../src/main/services/settings/settings-store'
import { ScriptedDialogs } from '../../support/desktop-doubles'

/**
 * Finding 8: settings.json, presets.json, reports.json and a presets import
 * are read only when they are regular files of a sensible size. A FIFO would
 * hold a libuv thread until something writes to it; /dev/zero never ends.
 * Each must be refused at once, with a message, and never overwritten blindly.
 */

const posixOnly = process.platform === 'win32'
if (posixOnly) console.log('special-file tests skipped: Windows has no FIFOs or /dev/zero')

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'special-files-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

type Kind = 'a FIFO' | 'a link to /dev/zero'
const KINDS: Kind[] = ['a FIFO', 'a link to /dev/zero']

async function makeSpecial(path: string, kind: Kind): Promise<void> {
  if (kind === 'a FIFO') execFileSync('mkfifo', [path])
  else await symlink('/dev/zero', path)
}

const ids = { newId: () => 'id', now: () => '2026-01-01T00:00:00.000Z' }

describe.skipIf(posixOnly)('finding 8: special files where a small file is expected', () => {
  for (const kind of KINDS) {
    it(`settings.json as ${kind}: defaults, and a message`, async () => {
      await makeSpecial(join(dir, 'settings.json'), kind)
      const store = createSettingsStore({ directory: dir })
      expect(await store.get()).toEqual({
        apiBase: DEFAULT_API_BASE,
        exportConcurrency: 2,
        sendListCountry: 'US',
        snapshotMaxAgeHours: 24,
      })
      expect(store.loadProblem).toBe(
        'The settings file is not a regular file, so it was not read; defaults are in use.',
      )
    }, 15_000)

    it(`presets.json as ${kind}: an empty list, a message, and the file left alone`, async () => {
      await makeSpecial(join(dir, 'presets.json'), kind)
      const service = createPresetsService({
        directory: dir,
        dialogs: new ScriptedDialogs(),
        log: () => undefined,
        ids,
      })
      const listed = await service.list()
      expect(listed).toMatchObject({ ok: true, data: { presets: [] } })
      expect(listed.ok ? listed.data.problem : '').toMatch(/could not be read \(not a regular file\)/)
      expect(await readdir(dir)).toEqual(['presets.json'])
    }, 15_000)

    it(`reports.json as ${kind}: an empty Reports list`, async () => {
      await makeSpecial(join(dir, 'reports.json'), kind)
      const history = createReportHistory({ directory: dir, log: () => undefined })
      expect(await history.list()).toEqual([])
    }, 15_000)

    it(`a presets import from ${kind}: refused with a message`, async () => {
      const source = join(dir, 'shared-presets.json')
      await makeSpecial(source, kind)
      const dialogs = new ScriptedDialogs()
      dialogs.nextImportPath = source
      const service = createPresetsService({ directory: dir, dialogs, log: () => undefined, ids })
      expect(await service.previewImport()).toMatchObject({
        ok: false,
        error: {
          kind: 'validation',
          message: expect.stringMatching(/^shared-presets\.json is not a file that can be read/),
        },
      })
    }, 15_000)
  }

  it('a settings.json over 64 KB is not read', async () => {
    await writeFile(join(dir, 'settings.json'), `{"apiBase":"${'x'.repeat(70 * 1024)}"}`)
    const store = createSettingsStore({ directory: dir })
    expect(await store.get()).toEqual({
      apiBase: DEFAULT_API_BASE,
      exportConcurrency: 2,
      sendListCountry: 'US',
      snapshotMaxAgeHours: 24,
    })
    expect(store.loadProblem).toMatch(/far larger than settings can be/)
  })

  it('a settings.json that is a folder gives its error code, never the exception text', async () => {
    // A folder passes no regular-file check either; the message says so in words.
    execFileSync('mkdir', [join(dir, 'settings.json')])
    const store = createSettingsStore({ directory: dir })
    await store.get()
    expect(store.loadProblem).toMatch(/not a regular file/)
    expect(store.loadProblem).not.toMatch(/EISDIR|illegal operation/)
  })
})
