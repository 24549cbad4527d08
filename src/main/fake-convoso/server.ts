import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { z } from 'zod'
import { SEARCH_PARAM_FIELDS, type SearchParams } from '../../shared/filters'
import { MAX_LIMIT, MAX_OFFSET } from '../../shared/paging'
import type { OptOutRecord } from '../../shared/records'
import { compileMatcher, hasFilters } from '../services/convoso/matching'

/**
 * A Convoso-compatible SMS opt-out search server on 127.0.0.1, used by demo mode,
 * tests and benchmarks alike. It follows the API reference (convoso-api.md): form-encoded POSTs,
 * string-typed counts, business errors as `success:false` on HTTP 200, the
 * documented limits, HTML for unknown paths. Faults can be injected in process
 * or over HTTP (`/__control/*`) for tests that run it out of process.
 */

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: number; body?: string }
  | { kind: 'convoso-error'; code: number | string; text: string }
  | { kind: 'reset' } // destroy the socket without a response
  | { kind: 'truncated' } // valid JSON cut in half
  | { kind: 'html' } // an HTML page with 200

export interface FakeConvosoOptions {
  records: OptOutRecord[]
  tokens: string[]
  /** 0 or absent: any free port. */
  port?: number
  /** Added to every search, to feel like a real network. */
  latencyMs?: number
  shape?: 'records' | 'data.entries'
  /** Counts as strings ("0", "100"), as the help page shows. Default true. */
  numbersAsStrings?: boolean
  /** Serve `/__control/*`. Default true; demo mode should pass false. */
  control?: boolean
  /**
   * The highest offset served before answering 7231: Convoso's documented
   * 1,000,000 by default; lower to play an account that refuses earlier.
   */
  maxOffset?: number
}

export interface LoggedRequest {
  path: string
  fields: Record<string, string>
}

export interface FakeConvosoServer {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  apiBase: string
  /** Queue a fault for the next `times` searches (default 1; Infinity = until cleared). */
  injectFault(fault: Fault, times?: number): void
  clearFaults(): void
  revokeToken(token: string): void
  /** From now on, offsets above `maxOffset` are refused with 7231 (an account with a lower limit). */
  setMaxOffset(maxOffset: number): void
  /** Simulates inserts while someone pages: 'end' (default) appends, 'start' shifts every offset. */
  addRecords(records: OptOutRecord[], position?: 'start' | 'end'): void
  /** Every request to the API, oldest first; `auth_token` is redacted. */
  readonly requests: ReadonlyArray<LoggedRequest>
  close(): Promise<void>
}

export const SEARCH_ROUTE = '/v1/sms-opt-out/search'
export const REDACTED_TOKEN = '[REDACTED]'

/** Undocumented: Convoso publishes no code for a bad `limit`; 7232 sits next to 7231 (offset). */
export const INVALID_LIMIT_CODE = 7232

const DEFAULT_LIMIT = 100
const MAX_BODY_BYTES = 1024 * 1024
const MAX_LOGGED_REQUESTS = 10_000
/** Filtered result sets kept; each is at most one array of record references. */
const FILTER_CACHE_SIZE = 16

const NOT_FOUND_HTML =
  '<!DOCTYPE html><html><head><title>404 Not Found</title></head>' +
  '<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>'
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

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
  })
  res.end(html)
}

function convosoError(res: ServerResponse, code: number | string, text: string): void {
  sendJson(res, 200, { success: false, code, text })
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseForm(req: IncomingMessage, body: string): Record<string, string> {
  // Like PHP's $_POST: only a form-encoded body yields fields; JSON arrives as nothing.
  const type = (req.headers['content-type'] ?? '').toLowerCase()
  if (!type.startsWith('application/x-www-form-urlencoded')) return {}
  return Object.fromEntries(new URLSearchParams(body))
}

type Validated = { params: SearchParams; offset: number; limit: number } | { code: number; text: string }

/** Convoso's documented checks, in the order a server would plausibly make them. */
function validateSearch(fields: Record<string, string>, maxOffset: number): Validated {
  const offsetRaw = fields.offset ?? ''
  const offset = offsetRaw === '' ? 0 : /^\d+$/.test(offsetRaw) ? Number(offsetRaw) : Number.NaN
  if (!(offset >= 0 && offset <= maxOffset)) return { code: 7231, text: 'Invalid offset value' }

  const limitRaw = fields.limit ?? ''
  const limit = limitRaw === '' ? DEFAULT_LIMIT : /^\d+$/.test(limitRaw) ? Number(limitRaw) : Number.NaN
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return { code: INVALID_LIMIT_CODE, text: 'Invalid limit value' }

  const params: SearchParams = {}
  for (const field of SEARCH_PARAM_FIELDS) {
    const value = fields[field]
    if (value !== undefined && value !== '') params[field] = value
  }
  if (params.campaign_id !== undefined && !/^(\d+|-1)$/.test(params.campaign_id)) {
    return { code: 6006, text: 'Invalid Campaign ID' }
  }
  if (params.phone_code !== undefined) {
    // Some clients send "+1"; the sign is not part of the stored code.
    if (!/^\+?\d{1,4}$/.test(params.phone_code))
      return { code: 6026, text: 'Missing or Invalid Country Code' }
    params.phone_code = params.phone_code.replace(/^\+/, '')
  }
  return { params, offset, limit }
}

function toWire(record: OptOutRecord): Record<string, string> {
  if (record.extra === undefined) return record as unknown as Record<string, string>
  const { extra, ...fields } = record
  return { ...fields, ...extra }
}

function paramsKey(params: SearchParams): string {
  return JSON.stringify(SEARCH_PARAM_FIELDS.map((field) => params[field] ?? null))
}

export async function startFakeConvoso(options: FakeConvosoOptions): Promise<FakeConvosoServer> {
  let records = options.records.slice()
  const tokens = new Set(options.tokens)
  const shape = options.shape ?? 'records'
  const numbersAsStrings = options.numbersAsStrings ?? true
  const controlEnabled = options.control !== false
  const baseLatency = options.latencyMs ?? 0
  let maxOffset = options.maxOffset ?? MAX_OFFSET

  const faults: QueuedFault[] = []
  const log: LoggedRequest[] = []
  const filterCache = new Map<string, OptOutRecord[]>()
  /** Bumped whenever the records change, so an answer prepared before the change is not sent. */
  let dataVersion = 0
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let closing: Promise<void> | undefined

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

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

  /** The matching rows for a filter; the unfiltered case never copies or scans. */
  function matching(params: SearchParams): readonly OptOutRecord[] {
    if (!hasFilters(params)) return records
    const key = paramsKey(params)
    let hit = filterCache.get(key)
    if (hit) {
      filterCache.delete(key)
    } else {
      hit = records.filter(compileMatcher(params))
      if (filterCache.size >= FILTER_CACHE_SIZE) {
        const oldest = filterCache.keys().next()
        if (!oldest.done) filterCache.delete(oldest.value)
      }
    }
    filterCache.set(key, hit)
    return hit
  }

  /**
   * Each record's wire JSON, made once when the record is added: a page is then
   * a join of cached text, so serving a million-row export costs the server
   * little CPU and little garbage (it shares the machine's cores and memory
   * with the app under test in tests and benchmarks).
   */
  const wireJson = new WeakMap<OptOutRecord, string>()
  const cacheWireJson = (added: readonly OptOutRecord[]): void => {
    for (const record of added) wireJson.set(record, JSON.stringify(toWire(record)))
  }
  const recordJson = (record: OptOutRecord): string => wireJson.get(record) ?? JSON.stringify(toWire(record))
  cacheWireJson(records)

  function searchBody(params: SearchParams, offset: number, limit: number): string {
    const rows = matching(params)
    const page = rows
      .slice(offset, offset + limit)
      .map(recordJson)
      .join(',')
    const counts = numbersAsStrings
      ? { offset: String(offset), limit: String(limit), total: String(rows.length) }
      : { offset, limit, total: rows.length }
    // The same text JSON.stringify would give for the payload, with the records spliced in.
    const envelope = JSON.stringify(
      shape === 'records'
        ? { success: true, ...counts, records: [] }
        : { success: true, data: { ...counts, entries: [] } },
    )
    const at = envelope.lastIndexOf('[]')
    return `${envelope.slice(0, at + 1)}${page}${envelope.slice(at + 1)}`
  }

  function logRequest(path: string, fields: Record<string, string>): void {
    const logged = 'auth_token' in fields ? { ...fields, auth_token: REDACTED_TOKEN } : { ...fields }
    log.push({ path, fields: logged })
    if (log.length > MAX_LOGGED_REQUESTS) log.splice(0, log.length - MAX_LOGGED_REQUESTS)
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
        convosoError(res, fault.code, fault.text)
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

  async function handleSearch(
    req: IncomingMessage,
    res: ServerResponse,
    fields: Record<string, string>,
  ): Promise<void> {
    // Auth comes first: an unknown token learns nothing about the request.
    const token = fields.auth_token ?? ''
    const validated = validateSearch(fields, maxOffset)
    const answer = (): string => {
      if (!tokens.has(token))
        return JSON.stringify({ success: false, code: 5001, text: 'Auth token is invalid' })
      if ('code' in validated)
        return JSON.stringify({ success: false, code: validated.code, text: validated.text })
      return searchBody(validated.params, validated.offset, validated.limit)
    }
    // The answer is built while the latency runs, as a real server's work is part of its response
    // time; it is rebuilt if the data or the token's standing changed meanwhile.
    const latency = baseLatency > 0 ? delay(baseLatency) : undefined
    const early =
      baseLatency > 0 ? { body: answer(), version: dataVersion, tokenValid: tokens.has(token) } : undefined
    const current = (): string =>
      early && early.version === dataVersion && early.tokenValid === tokens.has(token) ? early.body : answer()

    await latency
    let fault = takeFault()
    if (fault?.kind === 'latency') {
      await delay(fault.ms)
      fault = undefined
    }
    if (res.destroyed || req.socket.destroyed) return

    if (fault) {
      applyFault(fault, req, res, current)
      return
    }
    const body = current()
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
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
      tokens.delete(parsed.data.token)
      res.writeHead(204).end()
      return
    }
    sendHtml(res, 404, NOT_FOUND_HTML)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const body = await readBody(req)
    if (body === undefined) {
      sendHtml(res, 413, '<!DOCTYPE html><html><body><h1>413 Request Entity Too Large</h1></body></html>')
      return
    }
    if (controlEnabled && req.method === 'POST' && path.startsWith('/__control/')) {
      handleControl(path, body, res)
      return
    }
    const fields = parseForm(req, body)
    logRequest(path, fields)
    if (req.method !== 'POST' || path !== SEARCH_ROUTE) {
      sendHtml(res, 404, NOT_FOUND_HTML)
      return
    }
    await handleSearch(req, res, fields)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        sendHtml(res, 500, '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>')
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string')
    throw new Error('The fake Convoso server has no TCP address.')

  return {
    apiBase: `http://127.0.0.1:${address.port}/v1`,
    injectFault,
    clearFaults() {
      faults.length = 0
    },
    revokeToken(token) {
      tokens.delete(token)
    },
    setMaxOffset(limit) {
      maxOffset = limit
      dataVersion += 1
    },
    addRecords(added, position = 'end') {
      records = position === 'start' ? added.concat(records) : records.concat(added)
      cacheWireJson(added)
      filterCache.clear()
      dataVersion += 1
    },
    get requests() {
      return log
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close(() => resolve())
        // Keep-alive and stalled connections would otherwise hold close() open.
        for (const socket of sockets) socket.destroy()
      })
      return closing
    },
  }
}
