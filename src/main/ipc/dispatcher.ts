import { ipcContract, type ApiMethod, type RequestOf, type Responses } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import type { SecretsProvider } from '../lib/redact'
import { sweepSecrets } from './secret-sweep'
import type { SenderInfo } from './trusted-sender'

export type Handlers = {
  [M in ApiMethod]: (request: RequestOf<M>) => Promise<Result<Responses[M]>>
}

export interface DispatcherOptions {
  isTrustedSender: (sender: SenderInfo) => boolean
  log: (message: string) => void
  /** The tokens main holds (from the session); every answer is swept for them before it leaves. */
  secrets?: SecretsProvider
}

export type Dispatch = (method: ApiMethod, payload: unknown, sender: SenderInfo) => Promise<Result<unknown>>

/**
 * The one gate every IPC call passes: sender check, runtime validation of the
 * payload against the contract's schema, then the handler. Handlers return
 * results; anything they throw becomes an `internal` error whose message holds
 * no detail (details go to the log, which never sees the token).
 */
export function createDispatcher(
  handlers: Handlers,
  { isTrustedSender, log, secrets = () => [] }: DispatcherOptions,
): Dispatch {
  const answer = gate(handlers, isTrustedSender, log)
  return async (method, payload, sender) => {
    const result = await answer(method, payload, sender)
    // The last sweep: whatever a handler or a server put in the answer, no token (or 8-character run of one) leaves main.
    const swept = sweepSecrets(result, secrets)
    if (!swept.ok) {
      // An answer that cannot even be walked cannot be checked, so it does not leave.
      log(`The answer to ${ipcContract[method].channel} could not be checked for tokens and was withheld`)
      return fail({ kind: 'internal', message: INTERNAL_MESSAGE })
    }
    if (swept.places.length > 0) {
      log(
        `Removed a token from the answer to ${ipcContract[method].channel} at ${swept.places.slice(0, 5).join(', ')}`,
      )
    }
    return swept.value as Result<unknown>
  }
}

const INTERNAL_MESSAGE =
  'Something went wrong inside Opt-Out Desk. Try again; if it keeps happening, restart the app.'

function gate(
  handlers: Handlers,
  isTrustedSender: DispatcherOptions['isTrustedSender'],
  log: DispatcherOptions['log'],
): Dispatch {
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
      return fail({ kind: 'internal', message: INTERNAL_MESSAGE })
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
