import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { Entry } from 'yauzl'
import { cancelled } from './report-errors'

export { openZip, type OpenedZip } from '../../lib/zip-file'

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
