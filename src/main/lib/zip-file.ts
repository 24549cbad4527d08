import type { Readable } from 'node:stream'
import yauzl, { type Entry, type ZipFile } from 'yauzl'

/**
 * A zip (an .xlsx is one) read with yauzl, for the export's final check and
 * for opening reports, rather than through exceljs's own unzipper. yauzl
 * reads the central directory first, which is written last: a file cut short
 * fails here at once with a clear cause instead of leaving a streaming parser
 * waiting on input that never comes. It also gives the parts in any order, so
 * a small part can be read before a large one and none goes through a
 * temporary file.
 */

export interface OpenedZip {
  readonly entries: ReadonlyMap<string, Entry>
  openStream(entry: Entry): Promise<Readable>
  close(): void
}

function open(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error) reject(error)
      else resolve(zip)
    })
  })
}

/** A part named `../x`, `/etc/x`, `C:x` or with a backslash: never in a workbook, a sign of a crafted file. */
export class UnsafeZipEntryName extends Error {}

/** More parts than the caller allows; listing stops there instead of holding them all. */
export class TooManyZipEntries extends Error {
  constructor(readonly limit: number) {
    super(`the zip holds more than ${limit} entries`)
  }
}

// yauzl's own checks on entry names (validateFileName), told apart from a damaged directory.
const UNSAFE_NAME = /^(?:invalid characters in fileName|absolute path|invalid relative path): /

function listEntries(zip: ZipFile, maxEntries: number): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>()
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName, entry)
      if (entries.size > maxEntries) reject(new TooManyZipEntries(maxEntries))
      else zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', (error: Error) =>
      reject(UNSAFE_NAME.test(error.message) ? new UnsafeZipEntryName(error.message) : error),
    )
    zip.readEntry()
  })
}

/** Rejects with yauzl's own error, or one of the two above; the caller says what it means for the user. */
export async function openZip(
  path: string,
  { maxEntries = Number.POSITIVE_INFINITY }: { maxEntries?: number } = {},
): Promise<OpenedZip> {
  const zip = await open(path)
  let entries: Map<string, Entry>
  try {
    entries = await listEntries(zip, maxEntries)
  } catch (error) {
    zip.close()
    throw error
  }
  return {
    entries,
    openStream: (entry) =>
      new Promise((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error) reject(error)
          else resolve(stream)
        })
      }),
    close: () => zip.close(),
  }
}
