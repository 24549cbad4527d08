import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { SEARCH_PARAM_FIELDS, type SearchParams } from '../../../shared/filters'
import { MAX_LIMIT, MAX_OFFSET } from '../../../shared/paging'
import type { OptOutRecord } from '../../../shared/records'
import { compileMatcher, hasFilters } from '../convoso/matching'

/**
 * A Convoso-compatible SMS opt-out search server on 127.0.0.1: what demo mode serves, and the
 * base the test tooling's fake (test/support/convoso-server) builds its faults and control routes
 * on. It follows the API reference (convoso-api.md): form-encoded POSTs, string-typed counts,
 * business errors as `success:false` on HTTP 200, the documented limits, HTML for unknown paths.
 */

export interface ConvosoServerOptions {
  records: OptOutRecord[]
  tokens: string[]
  /** 0 or absent: any free port. */
  port?: number
  /** Added to every search, to feel like a real network. */
  latencyMs?: number
  shape?: 'records' | 'data.entries'
  /** Counts as strings ("0", "100"), as the help page shows. Default true. */
  numbersAsStrings?: boolean
  /**
   * The highest offset served before answering 7231: Convoso's documented
   * 1,000,000 by default; lower to play an account that refuses earlier.
   */
  maxOffset?: number
  /** Seams for test tooling; demo mode passes none. */
  hooks?: ConvosoServerHooks
}

/** What a hook may do with a search that is about to be answered. */
export interface PendingSearch {
  req: IncomingMessage
  res: ServerResponse
  /** The answer the server would send now (rebuilt if the data changed since it was prepared). */
  answer(): string
  /** A wait that `close()` cuts short. */
  delay(ms: number): Promise<void>
}

export interface ConvosoServerHooks {
  /** Sees a request before the server routes it; returns true when it has answered it. */
  intercept?(path: string, req: IncomingMessage, res: ServerResponse, body: string): boolean
  /** Sees every routed request's form fields. */
  observe?(path: string, fields: Record<string, string>): void
  /** Runs when a search is due; returns true when it has answered (or dropped) it instead. */
  beforeAnswer?(search: PendingSearch): Promise<boolean>
}

export interface ConvosoServer {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  apiBase: string
  revokeToken(token: string): void
  /** From now on, offsets above `maxOffset` are refused with 7231 (an account with a lower limit). */
  setMaxOffset(maxOffset: number): void
  /** Simulates inserts while someone pages: 'end' (default) appends, 'start' shifts every offset. */
  addRecords(records: OptOutRecord[], position?: 'start' | 'end'): void
  /** Simulates deletes made in Convoso (no history kept there): answers how many records went. */
  deleteRecords(ids: readonly string[]): number
  /**
   * Simulates an edit through Convoso's update endpoint: the record keeps its id and place, its
   * fields take `patch`. Answers the record as now served, or null when no record has that id.
   */
  updateRecord(id: string, patch: Partial<Omit<OptOutRecord, 'id'>>): OptOutRecord | null
  close(): Promise<void>
}

export const SEARCH_ROUTE = '/v1/sms-opt-out/search'

/** Undocumented: Convoso publishes no code for a bad `limit`; 7232 sits next to 7231 (offset). */
export const INVALID_LIMIT_CODE = 7232

const DEFAULT_LIMIT = 100
const MAX_BODY_BYTES = 1024 * 1024
/** Filtered result sets kept; each is at most one array of record references. */
const FILTER_CACHE_SIZE = 16

export const NOT_FOUND_HTML =
  '<!DOCTYPE html><html><head><title>404 Not Found</title></head>' +
  '<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>'

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(payload))
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendText(res, status, 'text/html; charset=utf-8', html)
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) })
  res.end(text)
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

export async function startConvosoServer(options: ConvosoServerOptions): Promise<ConvosoServer> {
  let records = options.records.slice()
  const tokens = new Set(options.tokens)
  const shape = options.shape ?? 'records'
  const numbersAsStrings = options.numbersAsStrings ?? true
  const baseLatency = options.latencyMs ?? 0
  const hooks = options.hooks ?? {}
  let maxOffset = options.maxOffset ?? MAX_OFFSET

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

  /** Cached filters and answers prepared before a change no longer hold. */
  function dataChanged(): void {
    filterCache.clear()
    dataVersion += 1
  }

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
    if (hooks.beforeAnswer && (await hooks.beforeAnswer({ req, res, answer: current, delay }))) return
    if (res.destroyed || req.socket.destroyed) return
    sendText(res, 200, 'application/json; charset=utf-8', current())
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const body = await readBody(req)
    if (body === undefined) {
      sendHtml(res, 413, '<!DOCTYPE html><html><body><h1>413 Request Entity Too Large</h1></body></html>')
      return
    }
    if (hooks.intercept?.(path, req, res, body)) return
    const fields = parseForm(req, body)
    hooks.observe?.(path, fields)
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
    throw new Error('The Convoso-compatible server has no TCP address.')

  return {
    apiBase: `http://127.0.0.1:${address.port}/v1`,
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
      dataChanged()
    },
    deleteRecords(ids) {
      const gone = new Set(ids)
      const kept = records.filter((record) => !gone.has(record.id))
      const removed = records.length - kept.length
      records = kept
      if (removed > 0) dataChanged()
      return removed
    },
    updateRecord(id, patch) {
      const index = records.findIndex((record) => record.id === id)
      const current = records[index]
      if (!current) return null
      // A new object: a page prepared before the edit keeps the old one, and its wire JSON is made afresh.
      const updated: OptOutRecord = { ...current, ...patch, id }
      records = records.slice()
      records[index] = updated
      cacheWireJson([updated])
      dataChanged()
      return updated
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
