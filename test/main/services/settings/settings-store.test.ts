import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_API_BASE } from '../../../../src/shared/settings'
import { createSettingsStore } from '../../../../src/main/services/settings/settings-store'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-test-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('settings store', () => {
  it('defaults to Convoso production when no file exists', async () => {
    const store = createSettingsStore({ directory: dir })
    expect(await store.get()).toEqual({
      apiBase: DEFAULT_API_BASE,
      exportConcurrency: 2,
      sendListCountry: 'US',
      snapshotMaxAgeHours: 24,
    })
    expect(store.loadProblem).toBeNull()
  })

  it('persists a valid API base and reads it back in a new store', async () => {
    const saved = await createSettingsStore({ directory: dir }).save({
      apiBase: 'https://staging.example.com/v1/',
    })
    expect(saved).toEqual({
      ok: true,
      data: {
        apiBase: 'https://staging.example.com/v1',
        exportConcurrency: 2,
        sendListCountry: 'US',
        snapshotMaxAgeHours: 24,
      },
    })
    expect(await createSettingsStore({ directory: dir }).get()).toEqual({
      apiBase: 'https://staging.example.com/v1',
      exportConcurrency: 2,
      sendListCountry: 'US',
      snapshotMaxAgeHours: 24,
    })
    // Written atomically: no temporary file is left behind.
    expect(await readdir(dir)).toEqual(['settings.json'])
  })

  it('keeps the export concurrency and reads files written before it existed', async () => {
    const store = createSettingsStore({ directory: dir })
    expect(await store.save({ apiBase: DEFAULT_API_BASE, exportConcurrency: 5 })).toMatchObject({
      ok: true,
      data: { exportConcurrency: 5 },
    })
    expect((await createSettingsStore({ directory: dir }).get()).exportConcurrency).toBe(5)
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, apiBase: DEFAULT_API_BASE }))
    expect((await createSettingsStore({ directory: dir }).get()).exportConcurrency).toBe(2)
  })

  it('refuses plain http to a remote host with a field error and keeps the old value', async () => {
    const store = createSettingsStore({ directory: dir })
    const result = await store.save({ apiBase: 'http://api.convoso.com/v1' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.kind).toBe('validation')
      if (result.error.kind === 'validation') expect(result.error.fieldErrors['apiBase']).toMatch(/https/)
    }
    expect(await store.get()).toEqual({
      apiBase: DEFAULT_API_BASE,
      exportConcurrency: 2,
      sendListCountry: 'US',
      snapshotMaxAgeHours: 24,
    })
  })

  it('keeps a damaged file as a backup instead of overwriting it, and says so', async () => {
    await writeFile(join(dir, 'settings.json'), '{"version":1,"apiBase":')
    const store = createSettingsStore({ directory: dir })
    expect(await store.get()).toEqual({
      apiBase: DEFAULT_API_BASE,
      exportConcurrency: 2,
      sendListCountry: 'US',
      snapshotMaxAgeHours: 24,
    })
    expect(store.loadProblem).toMatch(/damaged/)
    const files = await readdir(dir)
    const backup = files.find((name) => name.startsWith('settings.json.damaged-'))
    expect(backup).toBeDefined()
    expect(await readFile(join(dir, backup ?? ''), 'utf8')).toBe('{"version":1,"apiBase":')
  })

  it('treats a stored insecure URL as damaged rather than using it', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ version: 1, apiBase: 'http://evil.example/v1' }),
    )
    expect(await createSettingsStore({ directory: dir }).get()).toEqual({
      apiBase: DEFAULT_API_BASE,
      exportConcurrency: 2,
      sendListCountry: 'US',
      snapshotMaxAgeHours: 24,
    })
  })

  describe('the scrub settings (issue 14)', () => {
    it('default to the US and 24 hours, and are remembered across restarts', async () => {
      const store = createSettingsStore({ directory: dir })
      expect(await store.get()).toMatchObject({ sendListCountry: 'US', snapshotMaxAgeHours: 24 })
      expect(
        await store.save({ apiBase: DEFAULT_API_BASE, sendListCountry: 'GB', snapshotMaxAgeHours: 72 }),
      ).toMatchObject({
        ok: true,
        data: { sendListCountry: 'GB', snapshotMaxAgeHours: 72, exportConcurrency: 2 },
      })
      expect(await createSettingsStore({ directory: dir }).get()).toEqual({
        apiBase: DEFAULT_API_BASE,
        exportConcurrency: 2,
        sendListCountry: 'GB',
        snapshotMaxAgeHours: 72,
      })
    })

    it('keep their values when a save leaves them out (the Settings dialog saves only its own fields)', async () => {
      const store = createSettingsStore({ directory: dir })
      await store.save({ apiBase: DEFAULT_API_BASE, sendListCountry: 'DE', snapshotMaxAgeHours: 1 })
      await store.save({ apiBase: DEFAULT_API_BASE, exportConcurrency: 4 })
      expect(await createSettingsStore({ directory: dir }).get()).toMatchObject({
        exportConcurrency: 4,
        sendListCountry: 'DE',
        snapshotMaxAgeHours: 1,
      })
    })

    it.each([
      ['sendListCountry', { sendListCountry: 'XX' }, 'XX is not a country phone numbers can be read for.'],
      ['sendListCountry', { sendListCountry: 'gb' }, 'gb is not a country phone numbers can be read for.'],
      ['snapshotMaxAgeHours', { snapshotMaxAgeHours: 0 }, 'Use a whole number of hours from 1 to 720.'],
      ['snapshotMaxAgeHours', { snapshotMaxAgeHours: 721 }, 'Use a whole number of hours from 1 to 720.'],
      ['snapshotMaxAgeHours', { snapshotMaxAgeHours: 1.5 }, 'Use a whole number of hours from 1 to 720.'],
    ])('refuse a bad %s with a field error and keep the old values', async (field, update, message) => {
      const store = createSettingsStore({ directory: dir })
      await store.save({ apiBase: DEFAULT_API_BASE, sendListCountry: 'FR', snapshotMaxAgeHours: 48 })
      const saved = await store.save({ apiBase: DEFAULT_API_BASE, ...update })
      expect(saved.ok).toBe(false)
      if (saved.ok || saved.error.kind !== 'validation') throw new Error('expected a validation error')
      expect(saved.error.fieldErrors[field]).toContain(message)
      expect(await createSettingsStore({ directory: dir }).get()).toMatchObject({
        sendListCountry: 'FR',
        snapshotMaxAgeHours: 48,
      })
    })

    it('fall back to their defaults, alone, when a hand-edited file holds values this version cannot use', async () => {
      await writeFile(
        join(dir, 'settings.json'),
        JSON.stringify({
          version: 1,
          apiBase: DEFAULT_API_BASE,
          exportConcurrency: 3,
          sendListCountry: 'Narnia',
          snapshotMaxAgeHours: -5,
        }),
      )
      const store = createSettingsStore({ directory: dir })
      expect(await store.get()).toEqual({
        apiBase: DEFAULT_API_BASE,
        exportConcurrency: 3,
        sendListCountry: 'US',
        snapshotMaxAgeHours: 24,
      })
      expect(store.loadProblem).toBeNull()
    })
  })
})
