import { ipcContract, type ApiMethod, type RequestOf, type Responses } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import { secretScanner, type SecretScanner, type SecretsProvider } from '../lib/redact'
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
    let scanner: SecretScanner
    try {
      scanner = secretScanner(secrets())
    } catch {
      scanner = secretScanner([])
    }
    const places: string[] = []
    let swept: unknown
    try {
      swept = sweep(result, scanner, '', places, 0)
    } catch {
      // An answer that cannot even be walked cannot be checked, so it does not leave.
      log(`The answer to ${ipcContract[method].channel} could not be checked for tokens and was withheld`)
      return fail({ kind: 'internal', message: INTERNAL_MESSAGE })
    }
    if (places.length > 0) {
      log(
        `Removed a token from the answer to ${ipcContract[method].channel} at ${places.slice(0, 5).join(', ')}`,
      )
    }
    return swept as Result<unknown>
  }
}

const INTERNAL_MESSAGE =
  'Something went wrong inside Opt-Out Desk. Try again; if it keeps happening, restart the app.'

/** Deep enough for any answer main gives; anything deeper is dropped rather than walked forever. */
const MAX_DEPTH = 32

/**
 * A copy of `value` with every string (and object key) the scanner flags
 * scrubbed; the same object when nothing was found. Answers are plain data
 * (they cross a structured clone), so arrays and plain objects are all there is.
 */
function sweep(
  value: unknown,
  scanner: SecretScanner,
  path: string,
  places: string[],
  depth: number,
): unknown {
  if (typeof value === 'string') {
    if (!scanner.leaks(value)) return value
    places.push(path || 'the answer')
    return scanner.scrub(value)
  }
  if (typeof value !== 'object' || value === null) return value
  if (depth > MAX_DEPTH) return null
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item, index) => {
      const next = sweep(item, scanner, `${path}[${index}]`, places, depth + 1)
      if (next !== item) (copy ??= [...value])[index] = next
    })
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  const entries = Object.entries(value)
  entries.forEach(([key, item], index) => {
    const safeKey = scanner.leaks(key) ? scanner.scrub(key) : key
    if (safeKey !== key) places.push(`${path}.<key>`)
    const next = sweep(item, scanner, `${path}.${safeKey}`, places, depth + 1)
    if (next === item && safeKey === key) return
    if (copy === undefined) {
      // Rebuild in order, so keys keep their place; defineProperty never touches a prototype.
      copy = {}
      for (const [earlierKey, earlier] of entries.slice(0, index)) define(copy, earlierKey, earlier)
    }
    define(copy, safeKey, next)
  })
  if (copy !== undefined) return copy
  return value
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

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
