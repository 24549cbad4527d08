import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { cancelled } from './report-errors'

/**
 * The workbook's zip, read with yauzl rather than through exceljs's own
 * unzipper. yauzl reads the central directory first, which is written last:
 * a file cut short fails here at once with a clear cause instead of leaving a
 * streaming parser waiting on input that never comes. It also gives the parts
 * in any order, so the small Report sheet is read before the data sheet and no
 * part goes through a temporary file.
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

function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>()
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', reject)
    zip.readEntry()
  })
}

/** Rejects with yauzl's own error; the caller says what it means for the user. */
export async function openZip(path: string): Promise<OpenedZip> {
  const zip = await open(path)
  let entries: Map<string, Entry>
  try {
    entries = await listEntries(zip)
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

/** Where a part's data lies in the file, to turn bytes inflated into bytes of the file read. */
export function partSpan(entry: Entry): { start: number; compressed: number; uncompressed: number } {
  return {
    start: entry.relativeOffsetOfLocalHeader,
    compressed: entry.compressedSize,
    uncompressed: entry.uncompressedSize,
  }
}

/**
 * exceljs's reader decodes the sheet XML with exceljs's `bufferToString`, chunk
 * by chunk with no carry, so a character whose UTF-8 bytes straddle two chunks
 * becomes two U+FFFD (measured: 3 cells in a 1M-row report, "Café" →
 * "Caf��"). It is fed text decoded here instead, with a streaming decoder.
 *
 * `protectEntities` undoes a second exceljs slip: it runs its own XML-entity
 * decoding over text the XML parser has already decoded, so a value written
 * as `&amp;lt;` (the text "&lt;") comes back as "<". Escaping those five
 * entities once more before parsing makes the two decodings yield the text.
 */
export interface DecodeOptions {
  signal?: AbortSignal
  protectEntities: boolean
  onBytes?: (bytes: number) => void
}

const NAMED_ENTITY = /&(?=(?:amp|lt|gt|quot|apos);)/g
/** `&quot;` and `&apos;` are the longest entity references: an `&` nearer the end may be cut. */
const LONGEST_ENTITY = 6

function escapeEntities(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(NAMED_ENTITY, '&amp;')
}

export async function* decodedText(stream: Readable, options: DecodeOptions): AsyncGenerator<string> {
  const { signal, protectEntities, onBytes } = options
  const decoder = new StringDecoder('utf8')
  // The start of an entity reference cut by the chunk boundary, held until its end arrives.
  let held = ''
  const onAbort = (): void => {
    stream.destroy(cancelled())
  }
  if (signal?.aborted) onAbort()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer
      onBytes?.(bytes.length)
      let text = held + decoder.write(bytes)
      held = ''
      if (protectEntities) {
        const amp = text.lastIndexOf('&')
        if (amp !== -1 && amp > text.length - LONGEST_ENTITY && text.indexOf(';', amp) === -1) {
          held = text.slice(amp)
          text = text.slice(0, amp)
        }
        text = escapeEntities(text)
      }
      if (text !== '') yield text
    }
    const rest = held + decoder.end()
    if (rest !== '') yield protectEntities ? escapeEntities(rest) : rest
  } finally {
    signal?.removeEventListener('abort', onAbort)
    stream.destroy()
  }
}
