import { ipcContract, type ApiMethod, type RequestOf, type Responses } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import type { SenderInfo } from './trusted-sender'

export type Handlers = {
  [M in ApiMethod]: (request: RequestOf<M>) => Promise<Result<Responses[M]>>
}

export interface DispatcherOptions {
  isTrustedSender: (sender: SenderInfo) => boolean
  log: (message: string) => void
}

export type Dispatch = (method: ApiMethod, payload: unknown, sender: SenderInfo) => Promise<Result<unknown>>

/**
 * The one gate every IPC call passes: sender check, runtime validation of the
 * payload against the contract's schema, then the handler. Handlers return
 * results; anything they throw becomes an `internal` error whose message holds
 * no detail (details go to the log, which never sees the token).
 */
export function createDispatcher(handlers: Handlers, { isTrustedSender, log }: DispatcherOptions): Dispatch {
  return async (method, payload, sender) => {
    const entry = ipcContract[method]
    if (!isTrustedSender(sender)) {
      log(`Refused ${entry.channel} from an untrusted sender (${safeOrigin(sender.frameUrl)})`)
      return fail({
        kind: 'internal',
        message: 'This request did not come from Opt-Out Desk and was refused.',
      })
    }
    const parsed = entry.request.safeParse(payload)
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {}
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || 'request'
        fieldErrors[field] ??= issue.message
      }
      return fail({
        kind: 'validation',
        message: `The app sent a malformed ${entry.channel} request (${Object.keys(fieldErrors).join(', ')}).`,
        fieldErrors,
      })
    }
    const handler = handlers[method] as (request: unknown) => Promise<Result<unknown>>
    try {
      return await handler(parsed.data)
    } catch (error) {
      log(
        `${entry.channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      return fail({
        kind: 'internal',
        message:
          'Something went wrong inside Opt-Out Desk. Try again; if it keeps happening, restart the app.',
      })
    }
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'unknown'
  }
}
