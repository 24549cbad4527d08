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
 * A part's bytes as text, decoded with a streaming decoder so that a
 * character whose UTF-8 bytes straddle two chunks comes out whole. Entities
 * are left as they are: the XML scanner's handlers decode them, once.
 */
export interface DecodeOptions {
  signal?: AbortSignal
  onBytes?: (bytes: number) => void
}

const DECODE_PIECE_BYTES = 16 * 1024

export async function* decodedText(stream: Readable, options: DecodeOptions = {}): AsyncGenerator<string> {
  const { signal, onBytes } = options
  const decoder = new StringDecoder('utf8')
  const onAbort = (): void => {
    stream.destroy(cancelled())
  }
  if (signal?.aborted) onAbort()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer
      onBytes?.(bytes.length)
      // In small pieces: one non-ASCII character makes V8 store its whole piece as two-byte text, twice
      // the size and slower to scan (measured: a 40 MB sheet decoded in 256 KB pieces took 3× the time).
      for (let at = 0; at < bytes.length; at += DECODE_PIECE_BYTES) {
        const text = decoder.write(bytes.subarray(at, at + DECODE_PIECE_BYTES))
        if (text !== '') yield text
      }
    }
    const rest = decoder.end()
    if (rest !== '') yield rest
  } finally {
    signal?.removeEventListener('abort', onAbort)
    stream.destroy()
  }
}
