import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname, basename, join } from 'node:path'

/**
 * Writes a whole file or nothing: a crash or a full disk mid-write leaves the
 * previous version in place, because the new bytes only take the real name by
 * rename once they are flushed to disk.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await fs.open(temporary, 'w', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => undefined)
    await fs.rm(temporary, { force: true })
    throw error
  }
  await handle.close()
  try {
    await fs.rename(temporary, path)
  } catch (error) {
    await fs.rm(temporary, { force: true })
    throw error
  }
}
