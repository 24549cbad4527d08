import { randomBytes } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import type { AppError } from '../../../shared/result'
import { ExportFailure } from './page-fetcher'

/**
 * The file side of an export: a temporary file beside the target, failures of
 * the disk turned into messages, and waits on the stream that end as soon as
 * the disk fails or the user cancels (a drain that never comes must not hang
 * the export).
 */

/** The file operations an export uses; tests swap in failing ones. */
export interface ExportFs {
  /** Must create the file exclusively: the temporary name is never reused. */
  createWriteStream(path: string): WriteStream
  rename(from: string, to: string): Promise<void>
}

export const nodeExportFs: ExportFs = {
  createWriteStream: (path) => createWriteStream(path, { flags: 'wx', mode: 0o644 }),
  rename: (from, to) => fs.rename(from, to),
}

/**
 * `.<name>.partial-<12 hex>` in the target's folder: hidden on macOS/Linux, the
 * same volume so the final rename is atomic, and recognisable as unfinished.
 */
export function temporaryPathFor(filePath: string, random: () => Buffer = () => randomBytes(6)): string {
  return join(dirname(filePath), `.${basename(filePath)}.partial-${random().toString('hex')}`)
}

export function writeError(error: unknown, what = 'the export file'): AppError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : ''
  const reason: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission was denied',
    EPERM: 'the operation was not permitted (is the file open in another program?)',
    EBUSY: 'the file is open in another program',
    EROFS: 'the disk is read-only',
    ENOENT: 'the folder no longer exists',
    EIO: 'the disk reported an input/output error',
  }
  const known = reason[code]
  // Never the error's own text (a library's words, or a path): a known code in words, else the bare code.
  const detail = known
    ? `${known} (${code})`
    : code !== ''
      ? `the system refused it (${code})`
      : 'an unexpected error stopped it'
  return {
    kind: 'internal',
    message: `Could not write ${what}: ${detail}. Nothing was saved; choose another folder or free some space and export again.`,
  }
}

export const CANCELLED: AppError = {
  kind: 'cancelled',
  message: 'The export was cancelled. Nothing was saved.',
}

/**
 * Watches one output stream for the whole export. `failed` rejects with an
 * `ExportFailure` on the first stream error or on cancel; every wait races it.
 */
export class OutputGuard {
  private failure: ExportFailure | undefined
  private rejectFailed: ((failure: ExportFailure) => void) | undefined
  readonly failed: Promise<never>

  constructor(
    readonly stream: Writable,
    private readonly signal: AbortSignal,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject
    })
    // Nobody may be waiting when it fails; the failure is still read by check().
    this.failed.catch(() => undefined)
    stream.on('error', (error: unknown) => this.fail(error))
    signal.addEventListener('abort', this.onAbort, { once: true })
    if (signal.aborted) this.onAbort()
  }

  private readonly onAbort = (): void => this.fail(new ExportFailure(CANCELLED))

  /** Records the first failure: an `ExportFailure` as it is, anything else as a write error. */
  fail(error: unknown): void {
    if (this.failure) return
    const failure = error instanceof ExportFailure ? error : new ExportFailure(writeError(error))
    this.failure = failure
    this.rejectFailed?.(failure)
  }

  /** Throws the failure, if any, so a loop stops at its next step. */
  check(): void {
    if (this.failure) throw this.failure
  }

  /** Resolves on `'drain'` of `writable`, or rejects with the failure. */
  async drain(writable: EventEmitter): Promise<void> {
    this.check()
    let onDrain: (() => void) | undefined
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          onDrain = resolve
          writable.once('drain', resolve)
        }),
        this.failed,
      ])
    } finally {
      if (onDrain) writable.off('drain', onDrain)
    }
  }

  /** Races any promise (e.g. a writer's commit) against the failure. */
  async race<T>(promise: Promise<T>): Promise<T> {
    // After a failure check() throws before the race is made; the promise's own later rejection
    // (a worker stopped because of that failure) would then reach no one and end as unhandled.
    promise.catch(() => undefined)
    this.check()
    return Promise.race([promise, this.failed])
  }

  dispose(): void {
    this.signal.removeEventListener('abort', this.onAbort)
  }
}

/** Resolves once the file descriptor is closed (after `end()`, or after `destroy()`). */
export function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve()
  return new Promise((resolve) => stream.once('close', () => resolve()))
}

/** Flushes the file to the disk so a power cut after the rename cannot leave a hole. */
export async function syncFile(path: string): Promise<void> {
  const handle = await fs.open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Removes a file if it is there; never throws (the folder may be gone). */
export async function removeQuietly(path: string): Promise<void> {
  await fs.rm(path, { force: true }).catch(() => undefined)
}

/** Hands the event loop a turn, so deflate and the disk get to run between rows. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
