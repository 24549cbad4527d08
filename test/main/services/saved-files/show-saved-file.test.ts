import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

  const files = () => createSavedFiles({ shell, log: (line) => logged.push(line) })

  it('shows a saved .xlsx or .csv file in its folder', async () => {
    const path = join(dir, 'june send - clean.csv')
    await writeFile(path, 'phone\r\n')
    expect(await files().showInFolder(path)).toEqual({ ok: true, data: null })
    expect(shell.shown).toEqual([path])
  })

  it('says a moved file has moved, and shows nothing', async () => {
    const result = await files().showInFolder(join(dir, 'gone - clean.xlsx'))
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    expect(result.ok ? '' : result.error.message).toContain('has been moved or deleted')
    expect(shell.shown).toEqual([])
  })

  it('refuses anything that is not a local report-like file, with one message and the reason in the log', async () => {
    const program = join(dir, 'run.sh')
    await writeFile(program, '#!/bin/sh\n')
    const disguised = join(dir, 'list - clean.csv')
    await symlink(program, disguised)
    for (const path of [program, disguised, '//host/share/list.csv', 'relative/list.csv']) {
      const result = await files().showInFolder(path)
      expect(result).toMatchObject({ ok: false, error: { kind: 'report-file' } })
    }
    expect(shell.shown).toEqual([])
    expect(logged).toHaveLength(4)
  })
})
