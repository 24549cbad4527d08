import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../src/main/lib/atomic-write'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file', async () => {
    const path = join(dir, 'f.json')
    await writeFile(path, 'old')
    await writeFileAtomic(path, 'new contents')
    expect(await readFile(path, 'utf8')).toBe('new contents')
    expect(await readdir(dir)).toEqual(['f.json'])
  })

  it('leaves the old file intact when the rename cannot happen', async () => {
    // A directory where the file should go makes rename fail after the data is written.
    const path = join(dir, 'blocked')
    await (await import('node:fs/promises')).mkdir(join(path, 'inner'), { recursive: true })
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow()
    expect(await readdir(dir)).toEqual(['blocked'])
  })
})
