import { readdir, readFile, writeFile } from 'node:fs/promises'
import { rename as realRename } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runExport, type RunExportOptions } from '../../../../src/main/services/export/export-job'
import { listSearch, records, tempDir, virtualClock } from './helpers'

/**
 * Finding 5: a CSV export over an existing `l.csv` + `l.report.json` whose
 * final rename of the CSV fails (Excel holds the old file open on Windows)
 * must leave both old files exactly as they were, and nothing else behind.
 */

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(() => cleanup())

const OLD_CSV = 'id\r\nthe old report\r\n'
const OLD_JSON = '{"kind":"the old report file"}\n'

function options(filePath: string, overrides: Partial<RunExportOptions> = {}): RunExportOptions {
  return {
    search: listSearch(() => records(250)),
    params: {},
    scope: { kind: 'all' },
    format: 'csv',
    filePath,
    appVersion: '1.0.0',
    apiBase: 'http://127.0.0.1:9/v1',
    clock: virtualClock().clock,
    ...overrides,
  }
}

/** The CSV's own rename fails as a locked file's does on Windows; every other rename is real. */
function lockedTarget(target: string, error: NodeJS.ErrnoException): RunExportOptions['fs'] {
  return {
    rename: async (from, to) => {
      if (to === target) throw error
      await realRename(from, to)
    },
  }
}

describe('finding 5: a failed CSV export leaves every earlier file as it was', () => {
  it('keeps the old l.csv and l.report.json byte for byte when the CSV cannot be renamed into place', async () => {
    const target = join(dir, 'l.csv')
    await writeFile(target, OLD_CSV)
    await writeFile(join(dir, 'l.report.json'), OLD_JSON)
    const locked = Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' })
    const result = await runExport(options(target, { fs: lockedTarget(target, locked) }))
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('open in another program') },
    })
    expect(await readFile(target, 'utf8')).toBe(OLD_CSV)
    expect(await readFile(join(dir, 'l.report.json'), 'utf8')).toBe(OLD_JSON)
    expect((await readdir(dir)).sort()).toEqual(['l.csv', 'l.report.json'])
  })

  it('removes the new l.report.json when there was none before', async () => {
    const target = join(dir, 'l.csv')
    await writeFile(target, OLD_CSV)
    const locked = Object.assign(new Error('EPERM: operation not permitted, rename'), { code: 'EPERM' })
    const result = await runExport(options(target, { fs: lockedTarget(target, locked) }))
    expect(result.ok).toBe(false)
    expect((await readdir(dir)).sort()).toEqual(['l.csv'])
    expect(await readFile(target, 'utf8')).toBe(OLD_CSV)
  })

  it('replaces both when the export succeeds, leaving no copy behind', async () => {
    const target = join(dir, 'l.csv')
    await writeFile(target, OLD_CSV)
    await writeFile(join(dir, 'l.report.json'), OLD_JSON)
    const result = await runExport(options(target))
    expect(result.ok).toBe(true)
    expect(await readFile(join(dir, 'l.report.json'), 'utf8')).toContain('"rowsWritten": 250')
    expect((await readdir(dir)).sort()).toEqual(['l.csv', 'l.report.json'])
  })
})

describe('finding 10: an export failure the app has no words for shows no exception text', () => {
  it('says the system refused it, with the code, not the error message', async () => {
    const target = join(dir, 'l.csv')
    const odd = Object.assign(new Error('EXDEV: cross-device link not permitted, rename /secret/path'), {
      code: 'EXDEV',
    })
    const result = await runExport(options(target, { fs: lockedTarget(target, odd) }))
    expect(result.ok).toBe(false)
    const message = result.ok ? '' : result.error.message
    expect(message).toContain('the system refused it (EXDEV)')
    expect(message).not.toContain('/secret/path')
    expect(message).not.toContain('cross-device')
  })
})
