import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fail, ok } from '../../../../src/shared/result'
import { createSavedFiles } from '../../../../src/main/services/saved-files/show-saved-file'
import { RecordingShell } from '../../../support/desktop-doubles'

describe('Show in folder for a saved output', () => {
  let dir: string
  let shell: RecordingShell
  const logged: string[] = []

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optout-saved-file-'))
    shell = new RecordingShell()
    logged.length = 0
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  /** The service as a save just wrote `paths`. */
  const files = (...paths: string[]) => {
    const service = createSavedFiles({ shell, log: (line) => logged.push(line) })
    service.track(ok({ files: paths.map((path) => ({ path })) }))
    return service
  }

  it('shows a saved .xlsx or .csv file in its folder', async () => {
    const path = join(dir, 'june send - clean.csv')
    await writeFile(path, 'phone\r\n')
    expect(await files(path).showInFolder(path)).toEqual({ ok: true, data: null })
    expect(shell.shown).toEqual([path])
  })

  it('shows nothing the app did not save since it started, even a real report file', async () => {
    const path = join(dir, 'someone else - clean.csv')
    await writeFile(path, 'phone\r\n')
    const service = files(join(dir, 'mine - clean.csv'))
    // A failed or cancelled save records nothing.
    service.track(fail({ kind: 'internal', message: 'disk full' }))
    service.track(ok(null))
    const result = await service.showInFolder(path)
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(result.ok ? '' : result.error.message).toContain('shows only files it saved')
    expect(shell.shown).toEqual([])
    expect(logged).toEqual([expect.stringContaining('not a file saved since the app started')])
  })

  it('says a moved file has moved, and shows nothing', async () => {
    const gone = join(dir, 'gone - clean.xlsx')
    const result = await files(gone).showInFolder(gone)
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(result.ok ? '' : result.error.message).toContain('has been moved or deleted')
    expect(shell.shown).toEqual([])
  })

  it('refuses anything that is not a local report-like file, with one message and the reason in the log', async () => {
    const program = join(dir, 'run.sh')
    await writeFile(program, '#!/bin/sh\n')
    const disguised = join(dir, 'list - clean.csv')
    await symlink(program, disguised)
    const paths = [program, disguised, '//host/share/list.csv', 'relative/list.csv']
    const service = files(...paths)
    for (const path of paths) {
      const result = await service.showInFolder(path)
      expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
    }
    expect(shell.shown).toEqual([])
    expect(logged).toHaveLength(4)
  })
})
