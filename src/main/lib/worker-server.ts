import { parentPort, type Transferable } from 'node:worker_threads'
import type { FromWorker, RemoteError, ToWorker, WorkerProtocol } from './worker-host'

/**
 * The worker side of lib/worker-host.ts: runs one handler per request type,
 * one request at a time in arrival order (so pages are written in the order
 * main sent them), replies with the value or the failure as plain data, and
 * aborts the handlers' signal when main cancels.
 */

/** A reply whose typed arrays move to main instead of being copied. */
export class Transferring<T> {
  constructor(
    readonly value: T,
    readonly transfer: readonly Transferable[],
  ) {}
}

export interface HandlerContext<P extends WorkerProtocol> {
  /** Aborted when main cancels. */
  signal: AbortSignal
  emit(event: P['event'], transfer?: readonly Transferable[]): void
}

export type RequestHandlers<P extends WorkerProtocol> = {
  [K in keyof P['requests']]: (
    payload: P['requests'][K][0],
    context: HandlerContext<P>,
  ) => Promise<P['requests'][K][1] | Transferring<P['requests'][K][1]>>
}

export type NoticeHandlers<P extends WorkerProtocol> = {
  [K in keyof P['notices']]: (payload: P['notices'][K]) => void
}

/** Turns a failure into plain data: `toData` picks what main needs to rebuild it (e.g. an AppError). */
function remoteError(error: unknown, toData: (error: unknown) => unknown): RemoteError {
  const code = (error as { code?: unknown } | undefined)?.code
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return {
    data: toData(error),
    ...(typeof code === 'string' ? { code } : {}),
    detail: (text.split('\n')[0] ?? '').slice(0, 300),
  }
}

export function serveWorker<P extends WorkerProtocol>(
  handlers: RequestHandlers<P>,
  notices: NoticeHandlers<P>,
  toData: (error: unknown) => unknown = () => undefined,
): void {
  const port = parentPort
  if (!port) throw new Error('serveWorker runs inside a worker thread only')
  const controller = new AbortController()
  const send = (message: FromWorker, transfer?: readonly Transferable[]): void =>
    port.postMessage(message, transfer)
  const context: HandlerContext<P> = {
    signal: controller.signal,
    emit: (event, transfer) => send({ kind: 'event', event }, transfer),
  }
  let queue = Promise.resolve()

  port.on('message', (message: ToWorker) => {
    if (message.kind === 'cancel') {
      controller.abort()
      return
    }
    if (message.kind === 'close') {
      // Once what was started has finished (a file being closed), nothing keeps the thread alive.
      void queue.then(() => port.close())
      return
    }
    if (message.kind === 'notice') {
      notices[message.type as keyof P['notices']]?.(message.payload as never)
      return
    }
    const { id, type, payload } = message
    queue = queue.then(async () => {
      try {
        const handler = handlers[type as keyof P['requests']]
        if (!handler) throw new Error(`no handler for ${type}`)
        const value = await handler(payload as never, context)
        if (value instanceof Transferring)
          send({ kind: 'reply', id, ok: true, value: value.value }, value.transfer)
        else send({ kind: 'reply', id, ok: true, value })
      } catch (error) {
        send({ kind: 'reply', id, ok: false, error: remoteError(error, toData) })
      }
    })
  })
}
