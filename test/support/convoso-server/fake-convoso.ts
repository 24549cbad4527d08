import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import {
  NOT_FOUND_HTML,
  sendHtml,
  sendJson,
  startConvosoServer,
  type ConvosoServer,
  type ConvosoServerOptions,
} from '../../../src/main/services/demo-convoso/convoso-server'

/**
 * The demo's Convoso-compatible server with what only tests, benchmarks and the command line
 * need: faults injected in process or over HTTP (`/__control/*`, for runs out of process) and a
 * log of every request. None of this ships in the app.
 */

export { INVALID_LIMIT_CODE } from '../../../src/main/services/demo-convoso/convoso-server'

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: number; body?: string }
  | { kind: 'convoso-error'; code: number | string; text: string }
  | { kind: 'reset' } // destroy the socket without a response
  | { kind: 'truncated' } // valid JSON cut in half
  | { kind: 'html' } // an HTML page with 200

export interface FakeConvosoOptions extends Omit<ConvosoServerOptions, 'hooks'> {
  /** Serve `/__control/*`. Default true. */
  control?: boolean
}

export interface LoggedRequest {
  path: string
  fields: Record<string, string>
}

export interface FakeConvosoServer extends ConvosoServer {
  /** Queue a fault for the next `times` searches (default 1; Infinity = until cleared). */
  injectFault(fault: Fault, times?: number): void
  clearFaults(): void
  /** Every request to the API, oldest first; `auth_token` is redacted. */
  readonly requests: ReadonlyArray<LoggedRequest>
}

export const REDACTED_TOKEN = '[REDACTED]'

const MAX_LOGGED_REQUESTS = 10_000

const MAINTENANCE_HTML =
  '<!DOCTYPE html><html><head><title>Scheduled maintenance</title></head>' +
  "<body><h1>We'll be right back</h1><p>The service is undergoing maintenance.</p></body></html>"

const faultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000) }),
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(100).max(599),
    retryAfter: z.number().int().min(0).optional(),
    body: z.string().optional(),
  }),
  z.object({ kind: z.literal('convoso-error'), code: z.union([z.number(), z.string()]), text: z.string() }),
  z.object({ kind: z.literal('reset') }),
  z.object({ kind: z.literal('truncated') }),
  z.object({ kind: z.literal('html') }),
])

const controlFaultSchema = z.object({
  fault: faultSchema,
  // JSON has no Infinity, so "Infinity" (or null) means "until cleared".
  times: z.union([z.number().int().min(1), z.literal('Infinity'), z.null()]).optional(),
})

interface QueuedFault {
  fault: Fault
  remaining: number
}

function applyFault(
  fault: Exclude<Fault, { kind: 'latency' }>,
  req: IncomingMessage,
  res: ServerResponse,
  fullBody: () => string,
): void {
  switch (fault.kind) {
    case 'status': {
      const headers: Record<string, string | number> = {}
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter)
      const body = fault.body ?? `<!DOCTYPE html><html><body><h1>HTTP ${fault.status}</h1></body></html>`
      const trimmed = body.trimStart()
      headers['content-type'] =
        trimmed.startsWith('{') || trimmed.startsWith('[')
          ? 'application/json; charset=utf-8'
          : 'text/html; charset=utf-8'
      headers['content-length'] = Buffer.byteLength(body)
      res.writeHead(fault.status, headers)
      res.end(body)
      return
    }
    case 'convoso-error':
      sendJson(res, 200, { success: false, code: fault.code, text: fault.text })
      return
    case 'reset':
      req.socket.resetAndDestroy()
      return
    case 'truncated': {
      const full = Buffer.from(fullBody(), 'utf8')
      // Content-Length matches the cut body, so the client reads a "complete" but broken document.
      const cut = full.subarray(0, Math.floor(full.length / 2))
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': cut.length,
      })
      res.end(cut)
      return
    }
    case 'html':
      sendHtml(res, 200, MAINTENANCE_HTML)
      return
  }
}

export async function startFakeConvoso(options: FakeConvosoOptions): Promise<FakeConvosoServer> {
  const { control = true, ...serverOptions } = options
  const faults: QueuedFault[] = []
  const log: LoggedRequest[] = []
  // The control routes revoke through the server, which exists only once it listens.
  let revokeToken: (token: string) => void = () => undefined

  function takeFault(): Fault | undefined {
    const head = faults[0]
    if (!head) return undefined
    head.remaining -= 1
    if (head.remaining <= 0) faults.shift()
    return head.fault
  }

  function injectFault(fault: Fault, times = 1): void {
    const remaining = Number.isNaN(times) ? 1 : times
    if (remaining >= 1) faults.push({ fault, remaining })
  }

  function handleControl(path: string, body: string, res: ServerResponse): void {
    if (path === '/__control/clear') {
      faults.length = 0
      res.writeHead(204).end()
      return
    }
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      sendJson(res, 400, { error: 'Send a JSON body.' })
      return
    }
    if (path === '/__control/faults') {
      const parsed = controlFaultSchema.safeParse(json)
      if (!parsed.success) {
        sendJson(res, 400, { error: parsed.error.message })
        return
      }
      const times = parsed.data.times
      injectFault(parsed.data.fault, times === undefined ? 1 : typeof times === 'number' ? times : Infinity)
      res.writeHead(204).end()
      return
    }
    if (path === '/__control/revoke') {
      const parsed = z.object({ token: z.string() }).safeParse(json)
      if (!parsed.success) {
        sendJson(res, 400, { error: 'Send {"token": "..."}.' })
        return
      }
      revokeToken(parsed.data.token)
      res.writeHead(204).end()
      return
    }
    sendHtml(res, 404, NOT_FOUND_HTML)
  }

  const server = await startConvosoServer({
    ...serverOptions,
    hooks: {
      intercept(path, req, res, body) {
        if (!control || req.method !== 'POST' || !path.startsWith('/__control/')) return false
        handleControl(path, body, res)
        return true
      },
      observe(path, fields) {
        const logged = 'auth_token' in fields ? { ...fields, auth_token: REDACTED_TOKEN } : { ...fields }
        log.push({ path, fields: logged })
        if (log.length > MAX_LOGGED_REQUESTS) log.splice(0, log.length - MAX_LOGGED_REQUESTS)
      },
      async beforeAnswer({ req, res, answer, delay }) {
        const fault = takeFault()
        if (fault === undefined) return false
        if (fault.kind === 'latency') {
          await delay(fault.ms)
          return false
        }
        if (!res.destroyed && !req.socket.destroyed) applyFault(fault, req, res, answer)
        return true
      },
    },
  })
  revokeToken = (token) => server.revokeToken(token)

  return {
    ...server,
    injectFault,
    clearFaults() {
      faults.length = 0
    },
    get requests() {
      return log
    },
  }
}
