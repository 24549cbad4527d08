import { promises as fs } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { writeFileAtomic } from './atomic-write'
import { FileRefused, readRegularTextFile, type RefusedReason } from './safe-read'

/**
 * One small JSON file in the user-data folder (settings, presets, the report history): read
 * within a size limit, kept beside as a dated copy before a damaged or older version is
 * replaced, written whole or not at all. What a missing, refused or damaged file means is each
 * owner's business, so reading says which it was rather than choosing a default.
 */

export type JsonFileRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  /** Too large to be ours, or not a regular file (a folder, a device, a pipe): never read. */
  | { kind: 'refused'; reason: RefusedReason }
  /** Any other read error, with its errno code when there is one. */
  | { kind: 'unreadable'; code: string | undefined }

export interface JsonFileStoreOptions {
  directory: string
  fileName: string
  maxBytes: number
  /** A backup's file name for a label ('damaged', 'v1') and a time stamp; default `<name>.<label>-<stamp><ext>`. */
  backupName?: (label: string, stamp: string) => string
  /** The time a backup is stamped with (an ISO string). */
  now?: () => string
}

export interface JsonFileStore {
  readonly path: string
  read(): Promise<JsonFileRead>
  /** Copies the file beside itself and resolves to the copy's path; rejects when no copy was made. */
  backup(label: string): Promise<string>
  /** Writes `value` as indented JSON, creating the folder if needed. */
  write(value: unknown): Promise<void>
}

/** The text every one of these files holds: indented JSON and a final newline. */
export function jsonFileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

export function createJsonFileStore({
  directory,
  fileName,
  maxBytes,
  backupName,
  now = () => new Date().toISOString(),
}: JsonFileStoreOptions): JsonFileStore {
  const path = join(directory, fileName)
  const extension = extname(fileName)
  const nameFor =
    backupName ??
    ((label: string, stamp: string) => `${basename(fileName, extension)}.${label}-${stamp}${extension}`)

  return {
    path,
    async read() {
      try {
        return { kind: 'text', text: await readRegularTextFile(path, { maxBytes }) }
      } catch (error) {
        if (error instanceof FileRefused) return { kind: 'refused', reason: error.reason }
        const code = (error as NodeJS.ErrnoException).code
        return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code }
      }
    },
    async backup(label) {
      // File names cannot hold ':' on Windows.
      const target = join(directory, nameFor(label, now().replace(/[:.]/g, '-')))
      await fs.copyFile(path, target)
      return target
    },
    async write(value) {
      await fs.mkdir(directory, { recursive: true })
      await writeFileAtomic(path, jsonFileText(value))
    },
  }
}
