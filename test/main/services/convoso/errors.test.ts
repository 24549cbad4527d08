import { describe, expect, it } from 'vitest'
import {
  CONVOSO_ERROR_CODES,
  errorFromConvosoBody as errorFromBodyWithToken,
  errorFromFetchFailure,
  interpretHttpAnswer,
  parseJsonBody,
  parseRetryAfter,
  redactError,
  redactToken,
  type HttpAnswer,
} from '../../../../src/main/services/convoso/errors'
import type { AppError } from '../../../../src/shared/result'

const TOKEN = 'd2e482d21311c72-08434465f22526c3a758661'
const context = { host: 'api.convoso.com', token: TOKEN }

/** Body mapping without a token, unless a case passes one. */
function errorFromConvosoBody(body: Record<string, unknown>, token = ''): AppError {
  return errorFromBodyWithToken(body, token)
}

function answer(status: number, body: string, headers: Record<string, string> = {}): HttpAnswer {
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]))
  return { status, body, headers: { get: (name) => lower[name.toLowerCase()] ?? null } }
}

function errorOf(status: number, body: string, headers: Record<string, string> = {}): AppError {
  const result = interpretHttpAnswer(answer(status, body, headers), context)
  if (result.ok) throw new Error('expected an error')
  return result.error
}

describe('errorFromConvosoBody', () => {
  it('builds the message from the server text, code and advice', () => {
    expect(errorFromConvosoBody({ success: false, code: 6006, text: 'Invalid Campaign ID' })).toEqual({
      kind: 'convoso',
      code: '6006',
      serverText: 'Invalid Campaign ID',
      message: 'Convoso refused the search (6006): Invalid Campaign ID. Check the campaign ID.',
    })
  })

  const fallbacks: [string, string][] = [
    ['6006', 'Invalid Campaign ID'],
    ['7231', 'Invalid offset value'],
    ['6008', 'The phone number already exists'],
    ['6026', 'Missing or Invalid Country Code'],
    ['6057', 'Invalid Purpose Provided'],
    ['6058', 'Invalid Reason Provided'],
    ['6004', 'Unknown Campaign ID'],
    ['6007', 'Invalid Phone Number'],
    ['6056', 'Missing or Invalid value for ID'],
    ['6059', 'This combination of Phone number, Campaign ID, and Phone Code already exists'],
    ['4001', 'Missing required field'],
    ['4002', 'A field that must be numeric is not'],
  ]
  it.each(fallbacks)('uses the table text for %s only when the server sent none', (code, text) => {
    const fallback = errorFromConvosoBody({ success: false, code: Number(code) })
    expect(fallback).toMatchObject({ kind: 'convoso', code, serverText: '' })
    expect(fallback.message).toBe(
      `Convoso refused the search (${code}): ${text}. ${CONVOSO_ERROR_CODES[code]?.advice}`,
    )

    const own = errorFromConvosoBody({ success: false, code, text: 'Something specific happened' })
    expect(own.message).toContain(`(${code}): Something specific happened.`)
    expect(own.message).not.toContain(text)
  })

  it('says so when a known code has no published text and the server sent none (6080)', () => {
    expect(errorFromConvosoBody({ success: false, code: 6080 }).message).toBe(
      'Convoso refused the search (6080) without saying why. Check the search filters and try again.',
    )
  })

  it('handles an unknown code and a missing code', () => {
    expect(errorFromConvosoBody({ success: false, code: 9001, text: 'Nope' }).message).toBe(
      'Convoso refused the search (9001): Nope. Check the search filters and try again.',
    )
    expect(errorFromConvosoBody({ success: false })).toEqual({
      kind: 'convoso',
      code: '',
      serverText: '',
      message: 'Convoso refused the search without saying why. Check the search filters and try again.',
    })
  })

  it('reads text, then message, then error, skipping blanks and non-strings', () => {
    expect(errorFromConvosoBody({ text: 'T', message: 'M', error: 'E' })).toMatchObject({ serverText: 'T' })
    expect(errorFromConvosoBody({ text: '  ', message: 'M', error: 'E' })).toMatchObject({ serverText: 'M' })
    expect(errorFromConvosoBody({ text: { nested: true }, error: 'E' })).toMatchObject({ serverText: 'E' })
  })

  it('keeps a server sentence ending in its own punctuation', () => {
    expect(errorFromConvosoBody({ code: 6059, text: 'Already exists.' }).message).toContain(
      '(6059): Already exists. ',
    )
  })

  it('flattens newlines and caps very long server text', () => {
    const error = errorFromConvosoBody({ code: 6006, text: `line one\r\n\tline two ${'x'.repeat(1000)}` })
    if (error.kind !== 'convoso') throw new Error('expected convoso')
    expect(error.serverText.startsWith('line one line two x')).toBe(true)
    expect(error.serverText.length).toBe(300)
    expect(error.serverText.endsWith('…')).toBe(true)
  })

  it.each([
    [{ code: 5001, text: 'Auth token is invalid' }],
    [{ code: '5001' }],
    [{ code: 403, text: 'Forbidden' }],
    [{ text: 'Auth token is invalid' }],
    [{ message: 'token is invalid for the office' }],
    [{ error: 'Token revoked' }],
  ])('maps %j to token-rejected', (body) => {
    const error = errorFromConvosoBody({ success: false, ...body })
    expect(error).toEqual({
      kind: 'token-rejected',
      message:
        'Convoso rejected the API token: it may have been deleted, or it lacks the SMS Opt-Out permission. ' +
        'Create a token under API → Authorization Tokens in Convoso and paste it here to replace it.',
    })
  })

  it('does not call every mention of "token" a rejected token', () => {
    expect(errorFromConvosoBody({ code: 6006, text: 'Campaign token list updated' }).kind).toBe('convoso')
  })
})

describe('interpretHttpAnswer', () => {
  it('returns the parsed body of a 2xx JSON answer', () => {
    expect(interpretHttpAnswer(answer(200, ' {"success":true,"total":"0"}'), context)).toEqual({
      ok: true,
      data: { success: true, total: '0' },
    })
  })

  it.each([401, 403])('maps HTTP %i to token-rejected whatever the body', (status) => {
    expect(errorOf(status, '<html>Forbidden</html>').kind).toBe('token-rejected')
    expect(errorOf(status, '{"success":true}').kind).toBe('token-rejected')
  })

  it('maps 429 with and without Retry-After', () => {
    expect(errorOf(429, '', { 'Retry-After': '120' })).toEqual({
      kind: 'rate-limited',
      retryAfterSeconds: 120,
      message: 'Convoso is limiting how often this token can search. Wait about 2 minutes and try again.',
    })
    expect(errorOf(429, '')).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: null })
    expect(errorOf(429, '', { 'retry-after': 'soon' })).toMatchObject({ retryAfterSeconds: null })
  })

  it.each([500, 502, 503, 504])('maps HTTP %i to a server error with its status', (status) => {
    expect(errorOf(status, '<html>down</html>')).toEqual({
      kind: 'server',
      status,
      message: `Convoso had a problem on its side (HTTP ${status}). Try again in a minute.`,
    })
  })

  it('maps 404 to a server error that points at the API address', () => {
    expect(errorOf(404, '<!DOCTYPE html><html>Not Found</html>')).toMatchObject({
      kind: 'server',
      status: 404,
    })
  })

  it('maps other 4xx and 3xx to server errors with their status', () => {
    expect(errorOf(400, 'Bad Request')).toMatchObject({ kind: 'server', status: 400 })
    expect(errorOf(418, '')).toMatchObject({ kind: 'server', status: 418 })
    expect(errorOf(301, '')).toMatchObject({ kind: 'server', status: 301 })
  })

  it('lets a JSON business error win over a non-2xx status', () => {
    expect(errorOf(500, '{"success":false,"code":6006,"text":"Invalid Campaign ID"}')).toMatchObject({
      kind: 'convoso',
      code: '6006',
    })
  })

  it.each([
    ['<!DOCTYPE html><html><body>Maintenance</body></html>', 'not JSON'],
    ['   <html>', 'not JSON'],
    ['Internal error', 'not JSON'],
    ['', 'an empty body'],
    ['{"success":true,"records":[{"id":"1"', 'incomplete or invalid JSON'],
    ['{"success":tru}', 'incomplete or invalid JSON'],
  ])('maps a 200 body %j to malformed-response (%s)', (body, detail) => {
    const error = errorOf(200, body)
    expect(error.kind).toBe('malformed-response')
    expect(error.message.startsWith(`Convoso sent an unexpected response (${detail}).`)).toBe(true)
  })
})

describe('parseJsonBody and parseRetryAfter', () => {
  it('parses arrays and objects, nothing else', () => {
    expect(parseJsonBody('[1]')).toEqual({ ok: true, data: [1] })
    expect(parseJsonBody('"string"').ok).toBe(false)
    expect(parseJsonBody('42').ok).toBe(false)
  })

  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2024-04-22T17:00:00Z')
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter(' 30 ', now)).toBe(30)
    expect(parseRetryAfter('Mon, 22 Apr 2024 17:01:00 GMT', now)).toBe(60)
    expect(parseRetryAfter('Mon, 22 Apr 2024 16:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('-5', now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })
})

describe('errorFromFetchFailure', () => {
  const failed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause })
  const coded = (code: string): Error => Object.assign(new Error(code), { code })

  it.each([
    ['ECONNREFUSED', 'network', 'the connection was refused'],
    ['ENOTFOUND', 'network', 'that server name was not found'],
    ['EAI_AGAIN', 'network', 'that server name was not found'],
    ['ECONNRESET', 'network', 'was cut off before it answered'],
    ['UND_ERR_SOCKET', 'network', 'was cut off before it answered'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', 'did not answer in time'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'network', 'certificate was not accepted'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'network', 'certificate was not accepted'],
  ])('maps a cause with code %s', (code, kind, phrase) => {
    const error = errorFromFetchFailure(failed(coded(code)), 'api.convoso.com')
    expect(error.kind).toBe(kind)
    expect(error.message).toContain('api.convoso.com')
    expect(error.message).toContain(phrase)
  })

  it('finds codes inside an AggregateError (happy-eyeballs connects)', () => {
    const cause = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed')
    expect(errorFromFetchFailure(failed(cause), 'h').message).toContain('refused')
  })

  it('falls back to a generic network message for anything else', () => {
    expect(errorFromFetchFailure(new Error('weird'), 'h')).toEqual({
      kind: 'network',
      message: 'Could not reach Convoso at h. Check your connection and try again.',
    })
    expect(errorFromFetchFailure(undefined, 'h').kind).toBe('network')
  })

  it('survives a cause cycle', () => {
    const a: Record<string, unknown> = { code: 'EWHATEVER' }
    a.cause = a
    expect(errorFromFetchFailure(a, 'h').kind).toBe('network')
  })
})

describe('token redaction', () => {
  it('removes the token in raw, URL-encoded and upper-case forms', () => {
    const text = `raw ${TOKEN} enc ${encodeURIComponent(TOKEN)} upper ${TOKEN.toUpperCase()}`
    const redacted = redactToken(text, TOKEN)
    expect(redacted).toBe('raw [redacted] enc [redacted] upper [redacted]')
  })

  it('removes any auth_token value, form or JSON, even one that is not the current token', () => {
    expect(redactToken('auth_token=abc123&offset=0', '')).toBe('auth_token=[redacted]&offset=0')
    expect(redactToken('{"auth_token": "abc123", "limit": 1}', '')).toBe(
      '{"auth_token": "[redacted]", "limit": 1}',
    )
    expect(redactToken("auth_token: 'abc123'", '')).toBe("auth_token: '[redacted]'")
  })

  it('leaves ordinary text alone when the token is too short to redact safely', () => {
    expect(redactToken('Invalid Campaign ID 123', '12')).toBe('Invalid Campaign ID 123')
  })

  it('treats tokens with regex characters literally', () => {
    expect(redactToken('x a+b(c)*d y', 'a+b(c)*d')).toBe('x [redacted] y')
  })

  it('redacts message and serverText of any error', () => {
    const error = redactError({ kind: 'convoso', code: '1', serverText: TOKEN, message: `m ${TOKEN}` }, TOKEN)
    expect(JSON.stringify(error)).not.toContain(TOKEN)
    expect(redactError({ kind: 'network', message: TOKEN }, TOKEN).message).toBe('[redacted]')
  })

  it('never lets the token into any message the mappers produce, even when the server echoes it', () => {
    const echoes = [
      `auth_token=${TOKEN}&offset=0&limit=100`,
      `{"auth_token":"${TOKEN}"}`,
      `token ${TOKEN} is invalid`,
      `Invalid Campaign ID for ${encodeURIComponent(TOKEN)}`,
    ]
    const errors: AppError[] = []
    for (const echo of echoes) {
      for (const field of ['text', 'message', 'error']) {
        errors.push(errorFromConvosoBody({ success: false, code: 6006, [field]: echo }, TOKEN))
      }
      for (const status of [200, 400, 401, 403, 404, 429, 500, 503]) {
        const body = JSON.stringify({ success: false, text: echo })
        const result = interpretHttpAnswer(answer(status, body), context)
        if (!result.ok) errors.push(result.error)
        const raw = interpretHttpAnswer(answer(status, echo), context)
        if (!raw.ok) errors.push(raw.error)
      }
    }
    expect(errors.length).toBeGreaterThan(50)
    for (const error of errors) {
      const serialised = JSON.stringify(error).toLowerCase()
      expect(serialised).not.toContain(TOKEN.toLowerCase())
      expect(serialised).not.toContain(encodeURIComponent(TOKEN).toLowerCase())
    }
  })
})
