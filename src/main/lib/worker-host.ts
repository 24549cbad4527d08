import { Worker, type Transferable } from 'node:worker_threads'

/**
 * Runs long CPU work (writing an export, reading a report) on a worker thread,
 * so main's event loop stays free for the window's requests. One small typed
 * protocol for every such worker:
 * - main sends requests (`request`, answered once, in order) and notices
 *   (`notify`, never answered); the worker answers with replies and may send
 *   events at any time (progress, bytes);
 * - `cancel()` asks the worker to stop (its handlers see an aborted signal);
 *   `terminate()` stops it at once;
 * - a worker that ends on its own (an uncaught exception, `process.exit`, out
 *   of memory) rejects every pending request and `ended` with a WorkerFailure,
 *   so a caller racing `ended` can never wait forever.
 * The worker side is lib/worker-server.ts.
 */

/** Request type → [payload, reply]; notice type → payload. */
export interface WorkerProtocol {
  requests: Record<string, [unknown, unknown]>
  notices: Record<string, unknown>
  event: unknown
}

/** What a handler's failure looks like once it crossed the thread boundary. */
export interface RemoteError {
  /** The AppError (or other plain data) the worker's failure carried, when it carried one. */
  data?: unknown
  /** A system error code (ENOSPC, …) when there was one. */
  code?: string
  /** For the log only; never shown to the user. */
  detail: string
}

export type ToWorker =
  | { kind: 'request'; id: number; type: string; payload: unknown }
  | { kind: 'notice'; type: string; payload: unknown }
  | { kind: 'cancel' }
  | { kind: 'close' }

export type FromWorker =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: RemoteError }
  | { kind: 'event'; event: unknown }

/** A handler that failed in the worker. */
export class RemoteFailure extends Error {
  constructor(readonly remote: RemoteError) {
    super(remote.detail)
    this.name = 'RemoteFailure'
  }
}

export type WorkerEndReason = 'crashed' | 'exited' | 'out-of-memory' | 'terminated'

/** The worker is gone before it answered. */
export class WorkerFailure extends Error {
  constructor(
    readonly reason: WorkerEndReason,
    /** For the log only. */
    readonly detail: string,
  ) {
    super(`worker ${reason}: ${detail}`)
    this.name = 'WorkerFailure'
  }
}

/** How a caller words the two ways a worker's part can fail. */
export interface WorkerFailureWording {
  /** A handler failed in the worker and sent back what it carried. */
  remote(remote: RemoteError, failure: RemoteFailure): unknown
  /** The worker is gone; `how` says so in words for the user ("ran out of memory", "stopped unexpectedly"). */
  gone(how: string, failure: WorkerFailure): unknown
}

/** A failure from a worker as the caller's own failure; any other error passes through unchanged. */
export function fromWorkerFailure(error: unknown, wording: WorkerFailureWording): unknown {
  if (error instanceof RemoteFailure) return wording.remote(error.remote, error)
  if (error instanceof WorkerFailure) {
    return wording.gone(
      error.reason === 'out-of-memory' ? 'ran out of memory' : 'stopped unexpectedly',
      error,
    )
  }
  return error
}

export interface WorkerHost<P extends WorkerProtocol> {
  request<K extends keyof P['requests'] & string>(
    type: K,
    payload: P['requests'][K][0],
    transfer?: readonly Transferable[],
  ): Promise<P['requests'][K][1]>
  notify<K extends keyof P['notices'] & string>(type: K, payload: P['notices'][K]): void
  /** Asks the worker's handlers to stop (their signal aborts); the worker keeps running. */
  cancel(): void
  /** Rejects with a WorkerFailure once the worker is gone for any reason; never resolves. */
  readonly ended: Promise<never>
  /** Requests sent and not answered yet. */
  readonly pending: number
  /** Stops the worker now; pending requests reject with reason 'terminated'. Safe to call twice. */
  terminate(): Promise<void>
  /**
   * Lets the worker finish what it has started (a file it is closing) and end on its own; stops it
   * after `graceMs` if it has not. For a worker that may hold files: a terminated worker's pending
   * closes may never run.
   */
  close(graceMs?: number): Promise<void>
}

export interface StartWorkerOptions<P extends WorkerProtocol> {
  onEvent?: (event: P['event']) => void
  workerData?: unknown
}

/** A built worker entry: the script's absolute path, and how to run it. */
export interface WorkerEntry {
  script: string
  /** Node flags for the worker (none for the app's built entries). */
  execArgv?: string[]
  /** Heap limits: a worker past them ends with 'out-of-memory'; the app goes on. */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number }
}

export function startWorker<P extends WorkerProtocol>(
  entry: WorkerEntry,
  options: StartWorkerOptions<P> = {},
): WorkerHost<P> {
  const worker = new Worker(entry.script, {
    workerData: options.workerData,
    execArgv: entry.execArgv ?? [],
    ...(entry.resourceLimits ? { resourceLimits: entry.resourceLimits } : {}),
  })
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let nextId = 1
  let failure: WorkerFailure | undefined
  let terminating = false
  let rejectEnded: (error: WorkerFailure) => void = () => undefined
  const ended = new Promise<never>((_, reject) => {
    rejectEnded = reject
  })
  // Nobody may be racing it when the worker ends after its last answer.
  ended.catch(() => undefined)

  const end = (reason: WorkerEndReason, detail: string): void => {
    if (failure) return
    failure = new WorkerFailure(terminating ? 'terminated' : reason, detail)
    for (const { reject } of waiting.values()) reject(failure)
    waiting.clear()
    rejectEnded(failure)
  }

  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'event') {
      options.onEvent?.(message.event as P['event'])
      return
    }
    const waiter = waiting.get(message.id)
    if (!waiter) return
    waiting.delete(message.id)
    if (message.ok) waiter.resolve(message.value)
    else waiter.reject(new RemoteFailure(message.error))
  })
  worker.on('error', (error: Error & { code?: string }) => {
    end(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed',
      `${error.name}: ${error.message}`.split('\n')[0] ?? '',
    )
  })
  worker.on('exit', (code) => end('exited', `exit code ${code}`))
  worker.on('messageerror', (error) => end('crashed', `a message could not be read: ${error.message}`))

  const post = (message: ToWorker, transfer?: readonly Transferable[]): void => {
    if (failure) return
    worker.postMessage(message, transfer)
  }

  return {
    request(type, payload, transfer) {
      if (failure) return Promise.reject(failure)
      const id = nextId
      nextId += 1
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        post({ kind: 'request', id, type, payload }, transfer)
      })
    },
    notify(type, payload) {
      post({ kind: 'notice', type, payload })
    },
    cancel() {
      post({ kind: 'cancel' })
    },
    ended,
    get pending() {
      return waiting.size
    },
    async terminate() {
      if (failure) return
      terminating = true
      await worker.terminate()
      end('terminated', 'stopped by main')
    },
    async close(graceMs = 2000) {
      if (failure) return
      terminating = true
      post({ kind: 'close' })
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        ended.catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs)
        }),
      ])
      clearTimeout(timer)
      await this.terminate()
    },
  }
}
