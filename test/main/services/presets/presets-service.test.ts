import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createPresetsService,
  PRESETS_FILE,
  type FileDialogs,
} from '../../../../src/main/services/presets/presets-service'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import type { PresetsSnapshot } from '../../../../src/shared/presets'
import type { Result } from '../../../../src/shared/result'

let dir: string
let counter: number
const ids = {
  newId: () => `id-${++counter}`,
  now: () => '2026-11-26T10:00:00.000Z',
}
const dialogs: FileDialogs & { exportPath: string | null; importPath: string | null } = {
  exportPath: null,
  importPath: null,
  chooseExportPath: async () => dialogs.exportPath,
  chooseImportPath: async () => dialogs.importPath,
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'presets-test-'))
  counter = 0
  dialogs.exportPath = null
  dialogs.importPath = null
})
afterEach(async () => {
  vi.restoreAllMocks()
  await rm(dir, { recursive: true, force: true })
})

const make = () => createPresetsService({ directory: dir, dialogs, log: () => undefined, ids })
const data = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`)
  return result.data
}
const names = (snapshot: PresetsSnapshot) => snapshot.presets.map((preset) => preset.name)
const onDisk = async () => JSON.parse(await readFile(join(dir, PRESETS_FILE), 'utf8'))

describe('presets service', () => {
  it('says not-found for a preset or an import preview that no longer exists', async () => {
    const service = make()
    const missing = {
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/no longer exists/) },
    }
    expect(await service.rename('no-such-preset', 'New name')).toMatchObject(missing)
    expect(await service.remove('no-such-preset')).toMatchObject(missing)
    expect(await service.setDefault('no-such-preset')).toMatchObject(missing)
    expect(await service.confirmImport('no-such-preview')).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringMatching(/expired/) },
    })
  })

  it('offers the three starter presets on first run and writes them', async () => {
    const snapshot = data(await make().list())
    expect(names(snapshot)).toEqual(['Global opt-outs', 'Missing reason', 'Missing purpose'])
    expect(snapshot.presets.every((preset) => preset.starter)).toBe(true)
    expect(snapshot.presets[0]?.filters).toEqual({ ...EMPTY_FILTERS, campaignId: '0' })
    expect(snapshot.presets[1]?.filters.reasonMode).toBe('blank')
    expect(snapshot.problem).toBeNull()
    expect((await onDisk()).version).toBe(2)
  })

  it('creates, renames, updates, duplicates, moves, sets the default and deletes, persisting each', async () => {
    const service = make()
    let snapshot = data(
      await service.create({
        name: '  Campaign   42 ',
        filters: { ...EMPTY_FILTERS, campaignId: '42' },
        pageSize: 250,
      }),
    )
    const created = snapshot.presets.at(-1)
    expect(created).toMatchObject({ name: 'Campaign 42', pageSize: 250, starter: false })
    const id = created?.id ?? ''

    snapshot = data(await service.rename(id, 'Campaign forty-two'))
    snapshot = data(
      await service.update(id, { filters: { ...EMPTY_FILTERS, campaignId: '43' }, pageSize: 50 }),
    )
    expect(snapshot.presets.at(-1)).toMatchObject({ name: 'Campaign forty-two', pageSize: 50 })
    snapshot = data(await service.duplicate(id))
    expect(names(snapshot).slice(-2)).toEqual(['Campaign forty-two', 'Campaign forty-two (2)'])
    snapshot = data(await service.move(id, 0))
    expect(names(snapshot)[0]).toBe('Campaign forty-two')
    snapshot = data(await service.setDefault(id))
    expect(snapshot.defaultId).toBe(id)

    // A new service (the next app start) reads the same state back.
    const reread = data(await make().list())
    expect(reread.presets).toEqual(snapshot.presets)
    expect(reread.defaultId).toBe(id)

    snapshot = data(await service.remove(id))
    expect(names(snapshot)).not.toContain('Campaign forty-two')
    expect(snapshot.defaultId).toBeNull()
  })

  it.each([
    ['', /Give the preset a name/],
    ['   ', /Give the preset a name/],
    ['x'.repeat(81), /at most 80/],
    ['MISSING REASON', /already exists/],
    ['bell\u0007name', /control characters/],
  ])('refuses the name %j and says why', async (name, reason) => {
    const result = await make().create({ name, filters: EMPTY_FILTERS, pageSize: 100 })
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'validation', fieldErrors: { name: expect.stringMatching(reason) } },
    })
  })

  it('allows renaming a preset to a different case of its own name', async () => {
    const service = make()
    const [first] = data(await service.list()).presets
    expect(names(data(await service.rename(first?.id ?? '', 'GLOBAL OPT-OUTS')))[0]).toBe('GLOBAL OPT-OUTS')
  })

  it('undo puts a deleted preset back where it was, renamed if its name was taken meanwhile', async () => {
    const service = make()
    const before = data(await service.list())
    const deleted = before.presets[1]
    if (!deleted) throw new Error('no preset')
    data(await service.remove(deleted.id))
    data(await service.create({ name: 'missing reason', filters: EMPTY_FILTERS, pageSize: 100 }))
    const after = data(await service.restore(deleted, 1))
    expect(after.presets[1]).toMatchObject({ id: deleted.id, name: 'Missing reason (2)' })
  })

  it('applies concurrent changes in the order they were asked, losing none', async () => {
    const service = make()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        service.create({ name: `Preset ${index}`, filters: EMPTY_FILTERS, pageSize: 100 }),
      ),
    )
    expect(results.every((result) => result.ok)).toBe(true)
    const final = data(await service.list())
    expect(names(final).slice(3)).toEqual(Array.from({ length: 20 }, (_, index) => `Preset ${index}`))
    expect((await onDisk()).presets).toHaveLength(23)
  })

  it('a delete during a rename of the same preset: both apply in order', async () => {
    const service = make()
    const id = data(await service.list()).presets[0]?.id ?? ''
    const [renamed, removed] = await Promise.all([service.rename(id, 'Renamed first'), service.remove(id)])
    expect(renamed.ok && names(renamed.data)[0]).toBe('Renamed first')
    expect(removed.ok && names(removed.data)).not.toContain('Renamed first')
  })

  it('a crash between writing and renaming leaves the old file intact and the list unchanged', async () => {
    const service = make()
    data(await service.list())
    const before = await readFile(join(dir, PRESETS_FILE), 'utf8')
    const fsModule = await import('node:fs')
    vi.spyOn(fsModule.promises, 'rename').mockRejectedValueOnce(
      Object.assign(new Error('crash'), { code: 'EIO' }),
    )
    const result = await service.create({ name: 'Lost?', filters: EMPTY_FILTERS, pageSize: 100 })
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'file-system', message: expect.stringMatching(/EIO/) },
    })
    expect(await readFile(join(dir, PRESETS_FILE), 'utf8')).toBe(before)
    expect(names(data(await service.list()))).not.toContain('Lost?')
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('migrates a version 1 file with some bad entries, keeping a backup and every valid entry', async () => {
    await copyFile(join(__dirname, 'fixtures/presets-v1.json'), join(dir, PRESETS_FILE))
    const snapshot = data(await make().list())
    expect(names(snapshot)).toEqual(['Campaign 42', 'UK numbers'])
    expect(snapshot.presets[0]).toMatchObject({
      pageSize: 100,
      filters: { ...EMPTY_FILTERS, campaignId: '42' },
    })
    expect(snapshot.presets[1]?.filters).toMatchObject({ phoneCode: '44', reasonMode: 'notBlank' })
    expect(snapshot.defaultId).toBe(snapshot.presets[0]?.id)
    expect(snapshot.problem).toMatch(/2 saved presets were damaged/)
    expect((await onDisk()).version).toBe(2)
    const backup = (await readdir(dir)).find((name) => name.startsWith('presets.damaged-'))
    expect(await readFile(join(dir, backup ?? ''), 'utf8')).toContain('"version": 1')
  })

  it('migrates a clean version 1 file quietly, keeping the old file as a backup', async () => {
    await writeFile(
      join(dir, PRESETS_FILE),
      JSON.stringify({ version: 1, presets: [{ name: 'Only', filters: { campaignId: '5' } }] }),
    )
    const snapshot = data(await make().list())
    expect(names(snapshot)).toEqual(['Only'])
    expect(snapshot.problem).toBeNull()
    expect((await onDisk()).version).toBe(2)
    expect((await readdir(dir)).some((name) => name.startsWith('presets.v1-'))).toBe(true)
  })

  it('a corrupt file is kept as a dated backup, never overwritten silently, and the user is told', async () => {
    await writeFile(join(dir, PRESETS_FILE), '{"version": 2, "presets": [ {"id": "a", "na')
    const snapshot = data(await make().list())
    expect(snapshot.presets).toEqual([])
    expect(snapshot.problem).toMatch(/could not be used.*kept as presets\.damaged-/)
    const backup = (await readdir(dir)).find((name) => name.startsWith('presets.damaged-'))
    expect(await readFile(join(dir, backup ?? ''), 'utf8')).toBe(
      '{"version": 2, "presets": [ {"id": "a", "na',
    )
  })

  it('a file with some invalid entries keeps the valid ones and lists what was left out', async () => {
    const good = (id: string, name: string) => ({
      id,
      name,
      filters: EMPTY_FILTERS,
      pageSize: 100,
      starter: false,
      createdAt: 'x',
      updatedAt: 'x',
    })
    await writeFile(
      join(dir, PRESETS_FILE),
      JSON.stringify({
        version: 2,
        defaultId: 'gone',
        presets: [
          good('a', 'Alpha'),
          { ...good('b', 'Beta'), pageSize: 7 },
          good('c', 'ALPHA'),
          good('d', 'Delta'),
        ],
      }),
    )
    const snapshot = data(await make().list())
    expect(names(snapshot)).toEqual(['Alpha', 'Delta'])
    expect(snapshot.defaultId).toBeNull()
    expect(snapshot.problem).toMatch(/2 saved presets were damaged.*entry 2 \("Beta"\).*entry 3 \("ALPHA"\)/)
    expect((await readdir(dir)).some((name) => name.startsWith('presets.damaged-'))).toBe(true)
    expect((await onDisk()).presets).toHaveLength(2)
  })

  it('a file from a newer version is backed up and not overwritten with an older format silently', async () => {
    await writeFile(join(dir, PRESETS_FILE), JSON.stringify({ version: 9, presets: [] }))
    const snapshot = data(await make().list())
    expect(snapshot.problem).toMatch(/newer Opt-Out Desk/)
    expect((await readdir(dir)).some((name) => name.startsWith('presets.damaged-'))).toBe(true)
  })
})

describe('presets export and import', () => {
  it('exports names, filters and page sizes only, and imports them into a clean profile', async () => {
    const source = make()
    data(
      await source.create({
        name: 'Campaign 42',
        filters: { ...EMPTY_FILTERS, campaignId: '42' },
        pageSize: 500,
      }),
    )
    dialogs.exportPath = join(dir, 'shared.json')
    const exported = data(await source.exportAll())
    expect(exported).toEqual({ filePath: join(dir, 'shared.json'), count: 4 })
    const text = await readFile(join(dir, 'shared.json'), 'utf8')
    expect(text).not.toMatch(/token|apiBase|https?:/i)
    expect(Object.keys(JSON.parse(text).presets[0]).sort()).toEqual(['filters', 'name', 'pageSize'])

    const otherDir = await mkdtemp(join(tmpdir(), 'presets-other-'))
    try {
      const target = createPresetsService({ directory: otherDir, dialogs, log: () => undefined, ids })
      data(await target.rename(data(await target.list()).presets[0]?.id ?? '', 'Global opt-outs'))
      dialogs.importPath = join(dir, 'shared.json')
      const preview = data(await target.previewImport())
      expect(preview?.toAdd).toEqual([{ name: 'Campaign 42', renamedFrom: null }])
      expect(preview?.skipped.map((skip) => skip.reason)).toEqual([
        'An identical preset already exists.',
        'An identical preset already exists.',
        'An identical preset already exists.',
      ])
      const outcome = data(await target.confirmImport(preview?.previewId ?? ''))
      expect(outcome.added).toBe(1)
      expect(outcome.snapshot.presets.at(-1)).toMatchObject({
        name: 'Campaign 42',
        pageSize: 500,
        starter: false,
      })
      // A preview is used once.
      expect((await target.confirmImport(preview?.previewId ?? '')).ok).toBe(false)
    } finally {
      await rm(otherDir, { recursive: true, force: true })
    }
  })

  it('renames on a name clash with different filters, and nothing is added before confirming', async () => {
    const service = make()
    const file = join(dir, 'in.json')
    await writeFile(
      file,
      JSON.stringify({
        format: 'opt-out-desk-presets',
        version: 1,
        presets: [
          { name: 'Missing reason', filters: { ...EMPTY_FILTERS, campaignId: '7' }, pageSize: 100 },
          { name: 'missing reason', filters: { ...EMPTY_FILTERS, campaignId: '8' }, pageSize: 100 },
        ],
      }),
    )
    dialogs.importPath = file
    const preview = data(await service.previewImport())
    expect(preview?.toAdd).toEqual([
      { name: 'Missing reason (2)', renamedFrom: 'Missing reason' },
      { name: 'missing reason (3)', renamedFrom: 'missing reason' },
    ])
    expect(names(data(await service.list()))).toHaveLength(3)
  })

  it('imports the good entries of a hostile file and says why each other one was skipped', async () => {
    const file = join(dir, 'hostile.json')
    const entries: unknown[] = [
      { name: 'Fine', filters: EMPTY_FILTERS, pageSize: 25 },
      { name: 42, filters: EMPTY_FILTERS, pageSize: 25 },
      { name: 'Huge', filters: { ...EMPTY_FILTERS, reasonText: 'x'.repeat(100_000) }, pageSize: 25 },
      { name: 'y'.repeat(500), filters: EMPTY_FILTERS, pageSize: 25 },
      { name: 'Odd size', filters: EMPTY_FILTERS, pageSize: 33 },
      { name: 'Extra', filters: EMPTY_FILTERS, pageSize: 25, auth_token: 'smuggled' },
      'not an object',
      null,
      ...Array.from({ length: 3000 }, (_, index) => ({
        name: `Bulk ${index}`,
        filters: EMPTY_FILTERS,
        pageSize: 100,
      })),
    ]
    await writeFile(file, JSON.stringify({ format: 'opt-out-desk-presets', version: 1, presets: entries }))
    dialogs.importPath = file
    const preview = data(await make().previewImport())
    expect(preview?.toAdd[0]).toEqual({ name: 'Fine', renamedFrom: null })
    // 1000 entries are read: 8 hand-made ones and the first 992 bulk ones.
    expect(preview?.toAdd).toHaveLength(993)
    const reasons = preview?.skipped.map((skip) => `${skip.entry}:${skip.reason}`) ?? []
    expect(reasons.slice(0, 7)).toEqual([
      expect.stringMatching(/^2:name/),
      expect.stringMatching(/^3:filters\.reasonText/),
      expect.stringMatching(/^4:Use at most 80/),
      expect.stringMatching(/^5:pageSize/),
      expect.stringMatching(/^6:.*auth_token|^6:Unrecognized/),
      expect.stringMatching(/^7:/),
      expect.stringMatching(/^8:/),
    ])
    expect(reasons.at(-1)).toMatch(/^1001:Only the first 1,000 entries .* 2,008 more were ignored/)
    expect(JSON.stringify(preview)).not.toContain('smuggled')
  })

  it('keeps only filters that can be searched: an import skips the others, and save and update refuse them', async () => {
    const file = join(dir, 'dates.json')
    const entries = [
      { name: 'Good date', filters: { ...EMPTY_FILTERS, insertDate: '2024-04-22' }, pageSize: 25 },
      { name: 'Yesterday', filters: { ...EMPTY_FILTERS, insertDate: 'yesterday' }, pageSize: 25 },
      { name: 'Letters', filters: { ...EMPTY_FILTERS, campaignId: 'abc' }, pageSize: 25 },
    ]
    await writeFile(file, JSON.stringify({ format: 'opt-out-desk-presets', version: 1, presets: entries }))
    dialogs.importPath = file
    const service = make()
    const preview = data(await service.previewImport())
    expect(preview?.toAdd).toEqual([{ name: 'Good date', renamedFrom: null }])
    expect(preview?.skipped.map((skip) => `${skip.entry}:${skip.name}:${skip.reason}`)).toEqual([
      expect.stringMatching(/^2:Yesterday:filters\.insertDate: \S/),
      expect.stringMatching(/^3:Letters:filters\.campaignId: \S/),
    ])

    const bad = { ...EMPTY_FILTERS, insertDate: 'yesterday' }
    const created = await service.create({ name: 'Bad', filters: bad, pageSize: 25 })
    expect(created).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringMatching(/insertDate: .*Fix the filter/) },
    })
    const saved = data(await service.create({ name: 'Fine', filters: EMPTY_FILTERS, pageSize: 25 }))
    const id = saved.presets.find((preset) => preset.name === 'Fine')?.id ?? ''
    expect(await service.update(id, { filters: bad, pageSize: 25 })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    })
    const after = data(await service.list())
    expect(after.presets.find((preset) => preset.id === id)?.filters).toEqual(EMPTY_FILTERS)
    expect(after.presets.map((preset) => preset.name)).not.toContain('Bad')
  })

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['another app’s JSON', JSON.stringify({ rows: [] }), /not an Opt-Out Desk presets file/],
    [
      'the app’s own settings',
      JSON.stringify({ version: 1, apiBase: 'https://x' }),
      /not an Opt-Out Desk presets file/,
    ],
  ])('refuses %s with a clear message', async (_label, text, message) => {
    const file = join(dir, 'wrong.json')
    await writeFile(file, text)
    dialogs.importPath = file
    const result = await make().previewImport()
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringMatching(message) },
    })
  })

  it('refuses a file over the size limit without reading it', async () => {
    const file = join(dir, 'big.json')
    await writeFile(file, 'x'.repeat(3 * 1024 * 1024))
    dialogs.importPath = file
    expect(await make().previewImport()).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/at most 2 MB/) },
    })
  })

  it('closing a dialog is not an error', async () => {
    expect(await make().exportAll()).toEqual({ ok: true, data: null })
    expect(await make().previewImport()).toEqual({ ok: true, data: null })
  })
})
