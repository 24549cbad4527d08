import { constants, promises as fs } from 'node:fs'

/**
 * Reads a small file (settings, presets, the report history, a presets import,
 * a CSV's `.report.json`) only if it is a regular file of a sensible size, in
 * chunks that stop at a cancel. A FIFO, a device (a link to /dev/zero) or a
 * folder where a file is expected is refused before a byte is read: opening a
 * FIFO for reading blocks one of libuv's four threads until a writer comes,
 * and /dev/zero never ends.
 */

export type RefusedReason = 'not-a-file' | 'too-large'

export class FileRefused extends Error {
  constructor(
    readonly reason: RefusedReason,
    readonly path: string,
    readonly limit: number,
  ) {
    super(reason === 'not-a-file' ? `${path} is not a regular file` : `${path} is larger than ${limit} bytes`)
  }
}

export interface SafeReadOptions {
  maxBytes: number
  signal?: AbortSignal
}

/** Opening with O_NONBLOCK returns at once for a FIFO (ignored for regular files; absent on Windows). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)
const CHUNK = 64 * 1024

function abortError(): Error {
  return Object.assign(new Error('The read was cancelled.'), { name: 'AbortError', code: 'ABORT_ERR' })
}

/**
 * The type and size are checked by path first (stat follows links, so a link to
 * /dev/zero is a device), then again on the opened handle, in case the file was
 * swapped in between; the read stops one byte past `maxBytes` whatever the size said.
 */
export async function readRegularFile(path: string, { maxBytes, signal }: SafeReadOptions): Promise<Buffer> {
  if (signal?.aborted) throw abortError()
  const before = await fs.stat(path)
  if (!before.isFile()) throw new FileRefused('not-a-file', path, maxBytes)
  if (before.size > maxBytes) throw new FileRefused('too-large', path, maxBytes)
  const handle = await fs.open(path, OPEN_FLAGS)
  try {
    const after = await handle.stat()
    if (!after.isFile()) throw new FileRefused('not-a-file', path, maxBytes)
    if (after.size > maxBytes) throw new FileRefused('too-large', path, maxBytes)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      if (signal?.aborted) throw abortError()
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      chunks.push(buffer.subarray(0, bytesRead))
      total += bytesRead
      if (total > maxBytes) throw new FileRefused('too-large', path, maxBytes)
    }
    return Buffer.concat(chunks, total)
  } finally {
    await handle.close()
  }
}

export async function readRegularTextFile(path: string, options: SafeReadOptions): Promise<string> {
  return (await readRegularFile(path, options)).toString('utf8')
}

/** Whether the path names a regular file (after links); never opens it. */
export async function isRegularFile(path: string): Promise<boolean> {
  return fs.stat(path).then(
    (stat) => stat.isFile(),
    () => false,
  )
}

/** In words, for a message: "is not a regular file" / "is larger than 2 MB". */
export function describeRefusal(error: FileRefused): string {
  if (error.reason === 'not-a-file') return 'is not a regular file (it is a folder, a device or a pipe)'
  return `is larger than ${formatBytes(error.limit)}`
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / 1024 / 1024)} MB`
  return `${Math.round(bytes / 1024)} KB`
}
