import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createJsonFileStore, jsonFileText } from '../../../src/main/lib/json-file-store'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'json-store-'))
})
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
})

const at = '2026-11-30T04:05:06.789Z'
const store = (options: { maxBytes?: number; backupName?: (label: string, stamp: string) => string } = {}) =>
  createJsonFileStore({ directory: dir, fileName: 'things.json', maxBytes: 1024, now: () => at, ...options })

describe('createJsonFileStore', () => {
  it('reads the text of a file that is there', async () => {
    await writeFile(join(dir, 'things.json'), '{"a":1}')
    expect(await store().read()).toEqual({ kind: 'text', text: '{"a":1}' })
  })

  it('says a file is missing rather than failing', async () => {
    expect(await store().read()).toEqual({ kind: 'missing' })
  })

  it('refuses a file over the size limit and a folder, without reading them', async () => {
    await writeFile(join(dir, 'things.json'), 'x'.repeat(2000))
    expect(await store().read()).toEqual({ kind: 'refused', reason: 'too-large' })
    await rm(join(dir, 'things.json'))
    await mkdir(join(dir, 'things.json'))
    expect(await store().read()).toEqual({ kind: 'refused', reason: 'not-a-file' })
  })

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'reports any other read error with its code (skipped on Windows and as root: no permission errors)',
    async () => {
      await writeFile(join(dir, 'things.json'), '{}')
      await chmod(join(dir, 'things.json'), 0o000)
      expect(await store().read()).toEqual({ kind: 'unreadable', code: 'EACCES' })
    },
  )

  it('writes indented JSON with a final newline, creating the folder, and leaves no temporary file', async () => {
    const nested = join(dir, 'user-data')
    const file = createJsonFileStore({ directory: nested, fileName: 'things.json', maxBytes: 1024 })
    await file.write({ version: 1, list: ['a'] })
    expect(await readFile(join(nested, 'things.json'), 'utf8')).toBe(
      '{\n  "version": 1,\n  "list": [\n    "a"\n  ]\n}\n',
    )
    expect(await readdir(nested)).toEqual(['things.json'])
    expect(jsonFileText({ version: 1, list: ['a'] })).toBe(await readFile(file.path, 'utf8'))
  })

  it('keeps a dated copy beside the file, named <name>.<label>-<stamp>.json by default', async () => {
    await writeFile(join(dir, 'things.json'), 'damaged{')
    const backup = await store().backup('damaged')
    expect(backup).toBe(join(dir, 'things.damaged-2026-11-30T04-05-06-789Z.json'))
    expect(await readFile(backup, 'utf8')).toBe('damaged{')
    expect(await readFile(join(dir, 'things.json'), 'utf8')).toBe('damaged{')
  })

  it('names a copy as the owner asks', async () => {
    await writeFile(join(dir, 'things.json'), '{}')
    const backup = await store({ backupName: (label, stamp) => `things.json.${label}-${stamp}` }).backup('v1')
    expect(backup).toBe(join(dir, 'things.json.v1-2026-11-30T04-05-06-789Z'))
  })

  it('rejects when no copy could be made, so the owner never claims one', async () => {
    await expect(store().backup('damaged')).rejects.toThrow(/ENOENT/)
    expect(await readdir(dir)).toEqual([])
  })
})
