import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import { createInflateRaw } from 'node:zlib'
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

/** Deflate, the one compression method spreadsheet programs use besides storing. */
const DEFLATE = 8
/**
 * yauzl inflates in zlib's default 16 KB pieces; four-times-sixteen larger
 * ones cost about half the CPU on a 40 MB sheet (measured), and a million-row
 * sheet inflates to about 390 MB.
 */
const INFLATE_CHUNK_BYTES = 256 * 1024

class SizeMismatch extends Error {}

/** Fails the stream unless exactly `expected` bytes passed, as yauzl's `validateEntrySizes` would. */
function exactSize(expected: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length
      if (seen > expected) callback(new SizeMismatch(`too many bytes in the stream: expected ${expected}`))
      else callback(null, chunk)
    },
    flush(callback: TransformCallback) {
      callback(
        seen === expected ? null : new SizeMismatch(`too few bytes in the stream: expected ${expected}`),
      )
    },
  })
}

/** With `compressed`, a deflated entry's bytes as stored; otherwise yauzl's own handling of the entry. */
function rawStream(zip: ZipFile, entry: Entry, compressed: boolean): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, stream: Readable): void => {
      if (error) reject(error)
      else resolve(stream)
    }
    if (compressed) zip.openReadStream(entry, { decompress: false }, done)
    else zip.openReadStream(entry, done)
  })
}

async function entryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  if (entry.compressionMethod !== DEFLATE) return rawStream(zip, entry, false)
  const compressed = await rawStream(zip, entry, true)
  // Destroying the last stream (a reader that stops early) destroys the others; an error in any fails the last.
  return pipeline(
    compressed,
    createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }),
    exactSize(entry.uncompressedSize),
    () => undefined,
  )
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
    openStream: (entry) => entryStream(zip, entry),
    close: () => zip.close(),
  }
}
