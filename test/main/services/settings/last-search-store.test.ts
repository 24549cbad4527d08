import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLastSearchStore } from '../../../../src/main/services/settings/last-search-store'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import { NO_LAST_SEARCH } from '../../../../src/shared/settings'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'last-search-test-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const FILTERS = {
  ...EMPTY_FILTERS,
  campaignId: '42',
  reasonMode: 'blank' as const,
  phoneNumber: '(818) 123-3567',
}
const file = () => join(dir, 'last-search.json')

function recording() {
  const lines: string[] = []
  return { lines, log: (line: string) => lines.push(line) }
}

describe('last search store', () => {
  it('starts with an empty form and the default page size when nothing was remembered', async () => {
    const { lines, log } = recording()
    expect(await createLastSearchStore({ directory: dir, log }).get()).toEqual(NO_LAST_SEARCH)
    expect(NO_LAST_SEARCH).toEqual({ filters: EMPTY_FILTERS, pageSize: 100 })
    expect(lines).toEqual([])
  })

  it('writes the filters and page size and a new store (the next start) reads them back', async () => {
    const saved = await createLastSearchStore({ directory: dir }).save({ filters: FILTERS, pageSize: 250 })
    expect(saved).toEqual({ ok: true, data: { filters: FILTERS, pageSize: 250 } })
    expect(await createLastSearchStore({ directory: dir }).get()).toEqual({ filters: FILTERS, pageSize: 250 })
    // Written atomically, beside nothing else: no temporary file is left.
    expect(await readdir(dir)).toEqual(['last-search.json'])
  })

  it('keeps the filters when only the page size changes, and the page size when only the filters do', async () => {
    const store = createLastSearchStore({ directory: dir })
    await store.save({ filters: FILTERS, pageSize: 50 })
    expect(await store.save({ pageSize: 1000 })).toEqual({
      ok: true,
      data: { filters: FILTERS, pageSize: 1000 },
    })
    const later = { ...EMPTY_FILTERS, id: '7' }
    expect(await store.save({ filters: later })).toEqual({
      ok: true,
      data: { filters: later, pageSize: 1000 },
    })
    expect(await createLastSearchStore({ directory: dir }).get()).toEqual({ filters: later, pageSize: 1000 })
  })

  it('ends the file as the last of several quick saves left it', async () => {
    const store = createLastSearchStore({ directory: dir })
    await Promise.all([
      store.save({ filters: FILTERS }),
      store.save({ pageSize: 25 }),
      store.save({ filters: { ...FILTERS, id: '99' } }),
    ])
    expect(await createLastSearchStore({ directory: dir }).get()).toEqual({
      filters: { ...FILTERS, id: '99' },
      pageSize: 25,
    })
  })

  it('holds the form and a version, and nothing else (no token, no address, no results)', async () => {
    await createLastSearchStore({ directory: dir }).save({ filters: FILTERS, pageSize: 25 })
    const json = JSON.parse(await readFile(file(), 'utf8')) as Record<string, unknown>
    expect(Object.keys(json).sort()).toEqual(['filters', 'pageSize', 'version'])
    expect(Object.keys(json['filters'] as object).sort()).toEqual(Object.keys(EMPTY_FILTERS).sort())
  })

  it.each([
    ['not JSON', '{"version": 1, "filters": '],
    ['another version', JSON.stringify({ version: 2, filters: EMPTY_FILTERS, pageSize: 100 })],
    [
      'a page size the app does not offer',
      JSON.stringify({ version: 1, filters: EMPTY_FILTERS, pageSize: 7 }),
    ],
    [
      'a field of the wrong type',
      JSON.stringify({ version: 1, filters: { ...EMPTY_FILTERS, id: 5 }, pageSize: 25 }),
    ],
    [
      'an unknown filter',
      JSON.stringify({ version: 1, filters: { ...EMPTY_FILTERS, token: 'x' }, pageSize: 25 }),
    ],
    [
      'filters that cannot be searched',
      JSON.stringify({ version: 1, filters: { ...EMPTY_FILTERS, id: '12a' }, pageSize: 25 }),
    ],
    ['a JSON null', 'null'],
  ])(
    'gives the defaults for a file with %s, says so in the log, and the next save replaces it',
    async (_, text) => {
      await writeFile(file(), text)
      const { lines, log } = recording()
      const store = createLastSearchStore({ directory: dir, log })
      expect(await store.get()).toEqual(NO_LAST_SEARCH)
      expect(lines).toEqual([
        'The remembered search (last-search.json) could not be used; the form starts empty.',
      ])
      await store.save({ filters: FILTERS })
      expect(await createLastSearchStore({ directory: dir }).get()).toEqual({
        filters: FILTERS,
        pageSize: 100,
      })
    },
  )

  it('gives the defaults at once when a folder stands where the file should be, and a save then fails as a value', async () => {
    await mkdir(file())
    const { lines, log } = recording()
    const store = createLastSearchStore({ directory: dir, log })
    expect(await store.get()).toEqual(NO_LAST_SEARCH)
    expect(lines[0]).toMatch(/was not read \(refused\)/)
    const saved = await store.save({ filters: FILTERS })
    expect(saved.ok).toBe(false)
    if (!saved.ok) {
      expect(saved.error.kind).toBe('file-system')
      expect(saved.error.message).toMatch(/^The last search could not be remembered \(E[A-Z]+\)\./)
    }
  })
})
