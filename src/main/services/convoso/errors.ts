import type { AppError, Result } from '../../../shared/result'
import { redactText } from '../../lib/redact'

/**
 * Turns everything Convoso (or the network) can answer into an `AppError` whose
 * message says what went wrong and what to do next. Nothing here throws, and no
 * message may carry the API token: server text is redacted before it is used.
 */

interface KnownCode {
  /** Convoso's published text; shown only when the server sent none of its own. */
  text?: string
  /** What the user can do about it. */
  advice: string
}

const GENERIC_ADVICE = 'Check the search filters and try again.'

/**
 * Codes documented for the search endpoint, then codes seen on sibling endpoints
 * (insert/update, DNC). The same code means different things on different
 * endpoints (6008 is "already exists" on insert but "invalid" on update), so
 * the server's own text always wins and this table is only a fallback.
 */
export const CONVOSO_ERROR_CODES: Readonly<Record<string, KnownCode>> = {
  '6006': { text: 'Invalid Campaign ID', advice: 'Check the campaign ID.' },
  '7231': {
    text: 'Invalid offset value',
    advice:
      'This Convoso account will not page this far: go back to an earlier page, or narrow the filters by campaign or insert date.',
  },
  '6008': { text: 'The phone number already exists', advice: 'Check the phone number.' },
  '6026': { text: 'Missing or Invalid Country Code', advice: 'Check the phone code (1 for US and Canada).' },
  '6057': { text: 'Invalid Purpose Provided', advice: 'Check the purpose.' },
  // The help page repeats "Purpose" for 6058; that is a typo.
  '6058': { text: 'Invalid Reason Provided', advice: 'Check the reason.' },
  '6004': { text: 'Unknown Campaign ID', advice: 'Check the campaign ID.' },
  '6007': { text: 'Invalid Phone Number', advice: 'Check the phone number.' },
  '6056': { text: 'Missing or Invalid value for ID', advice: 'Check the record ID.' },
  '6059': {
    text: 'This combination of Phone number, Campaign ID, and Phone Code already exists',
    advice: GENERIC_ADVICE,
  },
  '4001': { text: 'Missing required field', advice: GENERIC_ADVICE },
  '4002': { text: 'A field that must be numeric is not', advice: GENERIC_ADVICE },
  // Seen on sibling endpoints; no text for it is published anywhere we know of.
  '6080': { advice: GENERIC_ADVICE },
}

const TOKEN_REJECTED_CODES = new Set(['5001', '401', '403'])

const TOKEN_REJECTED_MESSAGE =
  'Convoso rejected the API token: it may have been deleted, or it lacks the SMS Opt-Out permission. ' +
  'Create a token under API → Authorization Tokens in Convoso and paste it here to replace it.'

const MAX_SERVER_TEXT = 300

/**
 * Removes the token from text a server sent back. Servers that echo the request
 * (body, form fields, JSON) can put it anywhere, in any of its encodings.
 */
export function redactToken(text: string, token: string): string {
  return redactText(text, [token])
}

/** Applies `redactToken` to every piece of text an error carries. */
export function redactError(error: AppError, token: string): AppError {
  const message = redactToken(error.message, token)
  if (error.kind === 'convoso') {
    return {
      ...error,
      message,
      code: redactToken(error.code, token),
      serverText: redactToken(error.serverText, token),
    }
  }
  return { ...error, message }
}

/** Server text made safe to show: the token removed first, then flattened, then capped (never the other way round). */
function cleanServerText(raw: string, token: string): string {
  // Control characters and runs of whitespace would break a one-line message.
  const flat = redactToken(raw, token)
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim()
  return flat.length > MAX_SERVER_TEXT ? `${flat.slice(0, MAX_SERVER_TEXT - 1)}…` : flat
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return ''
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`
}

const TOKEN_TEXT = /\btoken\b/i
const TOKEN_PROBLEM = /invalid|revoked|expired|not valid|unknown|missing|unauthori[sz]ed/i

/**
 * Maps a `success:false` body (on any HTTP status) to an error. Reads `text`,
 * then `message`, then `error`; the code may be an int or a string. The token
 * is required: every path that reads server text must be able to remove it
 * before the text is cut to length.
 */
export function errorFromConvosoBody(body: Readonly<Record<string, unknown>>, token: string): AppError {
  // The code is server text too: flatten, redact and cap it like the message.
  const code = cleanServerText(scalarText(body.code), token).slice(0, 40)
  const rawText =
    [body.text, body.message, body.error].map(scalarText).find((value) => value.trim() !== '') ?? ''
  const serverText = cleanServerText(rawText, token)

  if (TOKEN_REJECTED_CODES.has(code) || (TOKEN_TEXT.test(serverText) && TOKEN_PROBLEM.test(serverText))) {
    return { kind: 'token-rejected', message: TOKEN_REJECTED_MESSAGE }
  }

  const known = Object.hasOwn(CONVOSO_ERROR_CODES, code) ? CONVOSO_ERROR_CODES[code] : undefined
  const advice = known?.advice ?? GENERIC_ADVICE
  const shown = serverText !== '' ? serverText : (known?.text ?? '')
  const label = code === '' ? 'Convoso refused the search' : `Convoso refused the search (${code})`
  const message =
    shown === '' ? `${label} without saying why. ${advice}` : `${label}: ${sentence(shown)} ${advice}`
  return { kind: 'convoso', message, code, serverText }
}

/** True for `success` values meaning failure; PHP back ends send false, 0, "0" or "false". */
export function isFailureFlag(value: unknown): boolean {
  return value === false || value === 0 || value === '0' || value === 'false'
}

/** Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  // Only an HTTP date has letters; Date.parse would read "-5" as a year.
  if (!/[a-z]/i.test(trimmed)) return null
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

function waitPhrase(seconds: number | null): string {
  if (seconds === null) return 'Wait a minute'
  if (seconds <= 1) return 'Wait a moment'
  if (seconds < 120) return `Wait ${seconds} seconds`
  return `Wait about ${Math.ceil(seconds / 60)} minutes`
}

export function malformed(detail: string): AppError {
  return {
    kind: 'malformed-response',
    message:
      `Convoso sent an unexpected response (${detail}). ` +
      'Check the API address in Settings; if it is right, Convoso may be having problems, so try again later.',
  }
}

/** Parses a body that should be JSON, telling "not JSON at all" from "JSON cut short". */
export function parseJsonBody(text: string): Result<unknown> {
  const start = text.trimStart()
  if (start === '') return { ok: false, error: malformed('an empty body') }
  if (start[0] !== '{' && start[0] !== '[') return { ok: false, error: malformed('not JSON') }
  try {
    return { ok: true, data: JSON.parse(start) as unknown }
  } catch {
    return { ok: false, error: malformed('incomplete or invalid JSON') }
  }
}

export interface HttpAnswer {
  status: number
  /** Only `get` is used, so a fetch `Headers` or a test stub both fit. */
  headers: { get(name: string): string | null }
  body: string
}

export interface ErrorContext {
  /** `host[:port]` of the API, for messages. Never the full URL. */
  host: string
  token: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads an HTTP answer: returns the parsed JSON of a usable 2xx body, or the
 * error it stands for. A JSON `success:false` body wins over the status because
 * it says more (Convoso sends business errors on 200, some proxies on 4xx).
 */
export function interpretHttpAnswer(answer: HttpAnswer, context: ErrorContext): Result<unknown> {
  const { status } = answer
  if (status === 401 || status === 403)
    return { ok: false, error: { kind: 'token-rejected', message: TOKEN_REJECTED_MESSAGE } }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(answer.headers.get('retry-after'))
    return {
      ok: false,
      error: {
        kind: 'rate-limited',
        retryAfterSeconds,
        message: `Convoso is limiting how often this token can search. ${waitPhrase(retryAfterSeconds)} and try again.`,
      },
    }
  }

  const parsed = parseJsonBody(answer.body)
  if (parsed.ok && isRecord(parsed.data) && isFailureFlag(parsed.data.success)) {
    return { ok: false, error: errorFromConvosoBody(parsed.data, context.token) }
  }

  if (status >= 500) {
    return {
      ok: false,
      error: {
        kind: 'server',
        status,
        message: `Convoso had a problem on its side (HTTP ${status}). Try again in a minute.`,
      },
    }
  }
  if (status === 404) {
    return {
      ok: false,
      error: {
        kind: 'server',
        status,
        message: `There is no Convoso search API at ${context.host} (HTTP 404). Check the API address in Settings; it usually ends in /v1.`,
      },
    }
  }
  if (status >= 300 && status < 400) {
    // Redirects are not followed: the token is in the body and must not be re-sent elsewhere.
    return {
      ok: false,
      error: {
        kind: 'server',
        status,
        message: `Convoso at ${context.host} answered with a redirect (HTTP ${status}). Check the API address in Settings; it should start with https://.`,
      },
    }
  }
  if (status < 200 || status >= 300) {
    return {
      ok: false,
      error: {
        kind: 'server',
        status,
        message: `Convoso refused the request (HTTP ${status}). Check the API address in Settings and try again.`,
      },
    }
  }
  return parsed
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA'])
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED'])
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

/** OpenSSL verification codes (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE…) and Node's TLS errors. */
function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code.includes('VERIFY')
  )
}

/** Every `code` on an error, its `cause` chain and any aggregated errors. */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return []
  const found: string[] = []
  const record = error as Record<string, unknown>
  if (typeof record.code === 'string') found.push(record.code)
  found.push(...errorCodes(record.cause, depth + 1))
  if (Array.isArray(record.errors))
    for (const inner of record.errors) found.push(...errorCodes(inner, depth + 1))
  return found
}

/** Maps a failed fetch (no HTTP answer at all) to a network or timeout error. */
export function errorFromFetchFailure(error: unknown, host: string): AppError {
  const codes = errorCodes(error)
  const has = (set: Set<string>): boolean => codes.some((code) => set.has(code))

  if (has(TIMEOUT_CODES)) {
    return { kind: 'timeout', message: `Convoso at ${host} did not answer in time. Try again in a moment.` }
  }
  if (has(NOT_FOUND_CODES)) {
    return {
      kind: 'network',
      message: `Could not reach Convoso at ${host}: that server name was not found. Check your connection and the API address in Settings.`,
    }
  }
  if (codes.includes('ECONNREFUSED')) {
    return {
      kind: 'network',
      message: `Could not reach Convoso at ${host}: the connection was refused. Check your connection and the API address in Settings.`,
    }
  }
  if (has(RESET_CODES)) {
    return {
      kind: 'network',
      message: `The connection to Convoso at ${host} was cut off before it answered. Check your connection and try again.`,
    }
  }
  if (codes.some(isTlsCode)) {
    return {
      kind: 'network',
      message: `Could not open a secure connection to Convoso at ${host}: its certificate was not accepted. Check the API address in Settings, or ask IT whether your network intercepts HTTPS.`,
    }
  }
  return {
    kind: 'network',
    message: `Could not reach Convoso at ${host}. Check your connection and try again.`,
  }
}
