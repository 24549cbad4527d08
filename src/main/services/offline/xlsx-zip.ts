import type { Readable } from 'node:stream'
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
 * A part's bytes as they inflate, undecoded: the XML scanner finds markup in
 * the bytes and decodes only the text it keeps (xml-scanner.ts).
 */
export interface PartChunkOptions {
  signal?: AbortSignal
  onBytes?: (bytes: number) => void
  /** Hands the bytes on in pieces of at most this many bytes: tests cut characters and tags with it. */
  pieceBytes?: number
}

export async function* partChunks(stream: Readable, options: PartChunkOptions = {}): AsyncGenerator<Buffer> {
  const { signal, onBytes, pieceBytes } = options
  const onAbort = (): void => {
    stream.destroy(cancelled())
  }
  if (signal?.aborted) onAbort()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer
      onBytes?.(bytes.length)
      if (pieceBytes === undefined || pieceBytes >= bytes.length) yield bytes
      else for (let at = 0; at < bytes.length; at += pieceBytes) yield bytes.subarray(at, at + pieceBytes)
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    stream.destroy()
  }
}
