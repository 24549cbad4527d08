import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { generateDemoRecords } from '../../../src/main/services/demo-convoso/dataset'
import { INVALID_LIMIT_CODE, startFakeConvoso, type FakeConvosoServer } from './fake-convoso'
import { recordMatches } from '../../../src/main/services/convoso/matching'
import { BLANK, type SearchParams } from '../../../src/shared/filters'
import type { OptOutRecord } from '../../../src/shared/records'

const TOKEN = 'd2e482d21311c72-08434465f22526c3a758661'
const records = generateDemoRecords(3000)
const [FIRST] = records as [OptOutRecord, ...OptOutRecord[]]

interface Answer {
  status: number
  headers: Headers
  text: string
}

async function post(
  url: string,
  fields: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
): Promise<Answer> {
  const body = contentType.includes('json') ? JSON.stringify(fields) : new URLSearchParams(fields).toString()
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

function json(answer: Answer): Record<string, unknown> {
  expect(answer.headers.get('content-type')).toContain('application/json')
  return JSON.parse(answer.text) as Record<string, unknown>
}

describe('fake Convoso: search', () => {
  let fake: FakeConvosoServer
  let url: string
  const search = async (fields: Record<string, string>): Promise<Record<string, unknown>> => {
    const answer = await post(url, { auth_token: TOKEN, ...fields })
    expect(answer.status).toBe(200)
    return json(answer)
  }

  beforeAll(async () => {
    fake = await startFakeConvoso({ records, tokens: [TOKEN, 'second-token-0000'] })
    url = `${fake.apiBase}/sms-opt-out/search`
  })
  afterEach(() => fake.clearFaults())
  afterAll(() => fake.close())

  it('listens on 127.0.0.1 under /v1', () => {
    expect(fake.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
  })

  it('answers the help-page shape with string counts and defaults offset 0, limit 100', async () => {
    const body = await search({})
    expect(body).toEqual({
      success: true,
      offset: '0',
      limit: '100',
      total: '3000',
      records: records.slice(0, 100),
    })
  })

  it('pages by offset and limit', async () => {
    const body = await search({ offset: '2990', limit: '20' })
    expect(body).toMatchObject({ offset: '2990', limit: '20', total: '3000' })
    expect(body.records).toEqual(records.slice(2990))
  })

  it('answers an offset past the end with no records', async () => {
    const body = await search({ offset: '1000000', limit: '1000' })
    expect(body).toMatchObject({ total: '3000', records: [] })
  })

  it('filters with recordMatches', async () => {
    const cases: SearchParams[] = [
      { campaign_id: '0' },
      { reason: BLANK, phone_code: '1' },
      { purpose: 'HIPAA', insert_date: records.find((r) => r.purpose === 'HIPAA')?.insert_date.slice(0, 10) },
      { phone_number: records[77]?.phone_number },
      { reason: 'Said "never text me again"' },
    ]
    for (const params of cases) {
      const expected = records.filter((record) => recordMatches(record, params))
      expect(expected.length).toBeGreaterThan(0)
      const body = await search({ ...(params as Record<string, string>), limit: '1000' })
      expect(body.total).toBe(String(expected.length))
      expect(body.records).toEqual(expected.slice(0, 1000))
    }
  })

  it('returns the same rows for a repeated filtered search (cached index)', async () => {
    const first = await search({ campaign_id: '1003', offset: '0', limit: '50' })
    const again = await search({ campaign_id: '1003', offset: '0', limit: '50' })
    const next = await search({ campaign_id: '1003', offset: '50', limit: '50' })
    expect(again).toEqual(first)
    const expected = records.filter((record) => record.campaign_id === '1003')
    expect(next.records).toEqual(expected.slice(50, 100))
  })

  it('accepts a phone code sent with a leading +', async () => {
    const body = await search({ phone_code: '+44', limit: '1' })
    expect(body.total).toBe(String(records.filter((record) => record.phone_code === '44').length))
  })

  it('accepts campaign -1 (purpose-type opt-outs)', async () => {
    expect(await search({ campaign_id: '-1' })).toMatchObject({ success: true, total: '0' })
  })

  it.each([[{ auth_token: 'wrong' }], [{ auth_token: '' }], [{}]])(
    'answers %j with 5001 on HTTP 200',
    async (fields) => {
      const answer = await post(url, fields)
      expect(answer.status).toBe(200)
      expect(json(answer)).toEqual({ success: false, code: 5001, text: 'Auth token is invalid' })
    },
  )

  it('ignores a JSON body, as a form-reading server would (so the token is missing)', async () => {
    const answer = await post(url, { auth_token: TOKEN }, 'application/json')
    expect(json(answer)).toMatchObject({ success: false, code: 5001 })
  })

  it('checks the token before anything else', async () => {
    const answer = await post(url, { auth_token: 'wrong', offset: '-1' })
    expect(json(answer)).toMatchObject({ code: 5001 })
  })

  it('rejects a revoked token', async () => {
    fake.revokeToken('second-token-0000')
    expect(json(await post(url, { auth_token: 'second-token-0000' }))).toMatchObject({ code: 5001 })
  })

  it.each(['1000001', '-1', 'abc', '1.5', '1e3'])('answers offset %s with 7231', async (offset) => {
    expect(await search({ offset })).toEqual({ success: false, code: 7231, text: 'Invalid offset value' })
  })

  it('refuses offsets above a lower account limit once one is set', async () => {
    fake.setMaxOffset(100)
    try {
      expect(await search({ offset: '101' })).toEqual({
        success: false,
        code: 7231,
        text: 'Invalid offset value',
      })
      expect(await search({ offset: '100', limit: '1' })).toMatchObject({ success: true })
    } finally {
      fake.setMaxOffset(1_000_000)
    }
  })

  it.each(['0', '1001', 'ten', '-5'])(
    'answers limit %s with the (undocumented) invalid-limit code',
    async (limit) => {
      expect(await search({ limit })).toEqual({
        success: false,
        code: INVALID_LIMIT_CODE,
        text: 'Invalid limit value',
      })
    },
  )

  it.each(['abc', '1.5', '-2', '1 2'])('answers campaign_id %j with 6006', async (campaign_id) => {
    expect(await search({ campaign_id })).toEqual({ success: false, code: 6006, text: 'Invalid Campaign ID' })
  })

  it.each(['abc', '12345', '+', '1-1'])('answers phone_code %j with 6026', async (phone_code) => {
    expect(await search({ phone_code })).toEqual({
      success: false,
      code: 6026,
      text: 'Missing or Invalid Country Code',
    })
  })

  it('treats empty fields as not sent', async () => {
    expect(await search({ id: '', reason: '', limit: '' })).toMatchObject({ total: '3000', limit: '100' })
  })

  it('answers unknown paths and other methods with an HTML 404', async () => {
    for (const [method, path] of [
      ['POST', '/v1/sms-opt-out/insert'],
      ['GET', '/v1/sms-opt-out/search'],
      ['POST', '/'],
    ] as const) {
      const response = await fetch(`${new URL(fake.apiBase).origin}${path}`, { method })
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toContain('text/html')
      expect((await response.text()).startsWith('<!DOCTYPE html>')).toBe(true)
    }
  })

  it('logs each request with the token redacted', async () => {
    const before = fake.requests.length
    await post(url, { auth_token: TOKEN, campaign_id: '0', offset: '5' })
    expect(fake.requests.length).toBe(before + 1)
    expect(fake.requests.at(-1)).toEqual({
      path: '/v1/sms-opt-out/search',
      fields: { auth_token: '[REDACTED]', campaign_id: '0', offset: '5' },
    })
    expect(JSON.stringify(fake.requests)).not.toContain(TOKEN)
  })
})

describe('fake Convoso: options', () => {
  it('serves the data.entries shape with numeric counts', async () => {
    const fake = await startFakeConvoso({
      records,
      tokens: [TOKEN],
      shape: 'data.entries',
      numbersAsStrings: false,
    })
    try {
      const body = json(await post(`${fake.apiBase}/sms-opt-out/search`, { auth_token: TOKEN, limit: '2' }))
      expect(body).toEqual({
        success: true,
        data: { offset: 0, limit: 2, total: 3000, entries: records.slice(0, 2) },
      })
    } finally {
      await fake.close()
    }
  })

  it('flattens extra fields back onto the wire record', async () => {
    const withExtra: OptOutRecord = { ...FIRST, extra: { campaign_uid: 'uid-1' } }
    const fake = await startFakeConvoso({ records: [withExtra], tokens: [TOKEN] })
    try {
      const body = json(await post(`${fake.apiBase}/sms-opt-out/search`, { auth_token: TOKEN }))
      const { extra: _extra, ...plain } = withExtra
      expect(body.records).toEqual([{ ...plain, campaign_uid: 'uid-1' }])
    } finally {
      await fake.close()
    }
  })

  it('adds base latency to every search', async () => {
    const fake = await startFakeConvoso({ records, tokens: [TOKEN], latencyMs: 120 })
    try {
      const started = performance.now()
      await post(`${fake.apiBase}/sms-opt-out/search`, { auth_token: TOKEN })
      expect(performance.now() - started).toBeGreaterThanOrEqual(110)
    } finally {
      await fake.close()
    }
  })

  it('does not change the caller’s records array when records are added', async () => {
    const mine = records.slice(0, 10)
    const fake = await startFakeConvoso({ records: mine, tokens: [TOKEN] })
    fake.addRecords(records.slice(10, 12))
    await fake.close()
    expect(mine).toHaveLength(10)
  })
})

describe('fake Convoso: addRecords', () => {
  let fake: FakeConvosoServer
  let url: string
  beforeAll(async () => {
    fake = await startFakeConvoso({ records: records.slice(0, 100), tokens: [TOKEN] })
    url = `${fake.apiBase}/sms-opt-out/search`
  })
  afterAll(() => fake.close())

  it('appends by default (total grows, earlier offsets keep their rows) and refreshes filtered results', async () => {
    const before = json(await post(url, { auth_token: TOKEN, campaign_id: '0', limit: '1000' }))
    const newGlobal = { ...FIRST, id: '9000001', campaign_id: '0', campaign_name: '' }
    fake.addRecords([newGlobal])
    const after = json(await post(url, { auth_token: TOKEN, campaign_id: '0', limit: '1000' }))
    expect(Number(after.total)).toBe(Number(before.total) + 1)
    expect((after.records as OptOutRecord[]).at(-1)).toEqual(newGlobal)
    const first = json(await post(url, { auth_token: TOKEN, limit: '1' }))
    expect(first.records).toEqual([records[0]])
  })

  it("inserts at the start with 'start', shifting every offset", async () => {
    const secondPageBefore = json(await post(url, { auth_token: TOKEN, offset: '10', limit: '10' }))
    fake.addRecords(
      [
        { ...FIRST, id: '1' },
        { ...FIRST, id: '2' },
      ],
      'start',
    )
    const secondPageAfter = json(await post(url, { auth_token: TOKEN, offset: '12', limit: '10' }))
    expect(secondPageAfter.records).toEqual(secondPageBefore.records)
  })
})

describe('fake Convoso: deleteRecords and updateRecord', () => {
  let fake: FakeConvosoServer
  let url: string
  const all = async (fields: Record<string, string> = {}): Promise<Record<string, unknown>> =>
    json(await post(url, { auth_token: TOKEN, limit: '1000', ...fields }))
  beforeEach(async () => {
    fake = await startFakeConvoso({ records: records.slice(0, 50), tokens: [TOKEN] })
    url = `${fake.apiBase}/sms-opt-out/search`
  })
  afterEach(() => fake.close())

  it('deletes by id: the rest keep their order, filtered answers follow, unknown ids are ignored', async () => {
    const global = records.slice(0, 50).filter((record) => record.campaign_id === '0')
    expect(global.length).toBeGreaterThan(1)
    // Asked once before the delete, so a cached filter result would show if it were kept.
    expect((await all({ campaign_id: '0' })).total).toBe(String(global.length))
    const gone = [records[3], global[0]].map((record) => record?.id ?? '')
    expect(fake.deleteRecords([...gone, 'no-such-id'])).toBe(new Set(gone).size)
    const after = await all()
    expect(after.records).toEqual(records.slice(0, 50).filter((record) => !gone.includes(record.id)))
    expect((await all({ campaign_id: '0' })).records).toEqual(global.filter((r) => !gone.includes(r.id)))
    expect(fake.deleteRecords(['no-such-id'])).toBe(0)
  })

  it('edits one record in place: same id and position, new fields served and searched', async () => {
    const target = records[7] as OptOutRecord
    await all({ reason: 'Edited by a test' })
    const updated = fake.updateRecord(target.id, { reason: 'Edited by a test', id: 'ignored' } as never)
    expect(updated).toEqual({ ...target, reason: 'Edited by a test' })
    const after = await all()
    expect((after.records as OptOutRecord[])[7]).toEqual(updated)
    expect((after.records as OptOutRecord[]).length).toBe(50)
    expect((await all({ reason: 'Edited by a test' })).records).toEqual([updated])
    expect(fake.updateRecord('no-such-id', { reason: 'x' })).toBeNull()
  })
})

describe('fake Convoso: faults', () => {
  let fake: FakeConvosoServer
  let url: string
  const ok = async (): Promise<Answer> => post(url, { auth_token: TOKEN, limit: '10' })

  beforeAll(async () => {
    fake = await startFakeConvoso({ records, tokens: [TOKEN] })
    url = `${fake.apiBase}/sms-opt-out/search`
  })
  afterEach(() => fake.clearFaults())
  afterAll(() => fake.close())

  it('status: answers with the status, Retry-After and a default HTML body', async () => {
    fake.injectFault({ kind: 'status', status: 429, retryAfter: 7 })
    const answer = await ok()
    expect(answer.status).toBe(429)
    expect(answer.headers.get('retry-after')).toBe('7')
    expect(answer.text).toContain('<html>')
  })

  it('status: serves a given JSON body as JSON', async () => {
    fake.injectFault({ kind: 'status', status: 403, body: '{"success":false,"text":"Forbidden"}' })
    const answer = await ok()
    expect(answer.status).toBe(403)
    expect(json(answer)).toEqual({ success: false, text: 'Forbidden' })
  })

  it('convoso-error: answers success:false on HTTP 200 with the code as given', async () => {
    fake.injectFault({ kind: 'convoso-error', code: '6057', text: 'Invalid Purpose Provided' })
    const answer = await ok()
    expect(answer.status).toBe(200)
    expect(json(answer)).toEqual({ success: false, code: '6057', text: 'Invalid Purpose Provided' })
  })

  it('html: answers an HTML page with 200', async () => {
    fake.injectFault({ kind: 'html' })
    const answer = await ok()
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toContain('text/html')
    expect(answer.text.startsWith('<!DOCTYPE html>')).toBe(true)
  })

  it('truncated: sends the first half of the real answer, which no longer parses', async () => {
    fake.injectFault({ kind: 'truncated' })
    const answer = await ok()
    const full = (await ok()).text
    expect(answer.status).toBe(200)
    expect(full.startsWith(answer.text)).toBe(true)
    expect(Number(answer.headers.get('content-length'))).toBe(Math.floor(Buffer.byteLength(full) / 2))
    expect(() => JSON.parse(answer.text)).toThrow()
  })

  it('reset: drops the connection without an answer', async () => {
    fake.injectFault({ kind: 'reset' })
    await expect(ok()).rejects.toThrow(/fetch failed/)
    expect((await ok()).status).toBe(200)
  })

  it('latency: delays the next search, then answers normally', async () => {
    fake.injectFault({ kind: 'latency', ms: 150 })
    const started = performance.now()
    const answer = await ok()
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(json(answer).success).toBe(true)
  })

  it('applies a fault `times` times, then answers normally', async () => {
    fake.injectFault({ kind: 'status', status: 503 }, 2)
    expect((await ok()).status).toBe(503)
    expect((await ok()).status).toBe(503)
    expect((await ok()).status).toBe(200)
  })

  it('keeps an Infinity fault until cleared', async () => {
    fake.injectFault({ kind: 'status', status: 500 }, Infinity)
    for (let i = 0; i < 5; i += 1) expect((await ok()).status).toBe(500)
    fake.clearFaults()
    expect((await ok()).status).toBe(200)
  })

  it('applies queued faults in order, one per search', async () => {
    fake.injectFault({ kind: 'status', status: 502 })
    fake.injectFault({ kind: 'html' })
    expect((await ok()).status).toBe(502)
    expect((await ok()).headers.get('content-type')).toContain('text/html')
    expect(json(await ok()).success).toBe(true)
  })

  it('does not spend faults on unknown paths', async () => {
    fake.injectFault({ kind: 'status', status: 503 })
    expect((await post(`${fake.apiBase}/nope`, {})).status).toBe(404)
    expect((await ok()).status).toBe(503)
  })

  it('ignores a fault with times below 1', async () => {
    fake.injectFault({ kind: 'status', status: 503 }, 0)
    expect((await ok()).status).toBe(200)
  })
})

describe('fake Convoso: control endpoint', () => {
  let fake: FakeConvosoServer
  let origin: string
  const control = (path: string, body: unknown): Promise<Response> =>
    fetch(`${origin}/__control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const searchStatus = async (): Promise<number> =>
    (await post(`${fake.apiBase}/sms-opt-out/search`, { auth_token: TOKEN, limit: '1' })).status

  beforeAll(async () => {
    fake = await startFakeConvoso({ records, tokens: [TOKEN, 'revoke-me-please'] })
    origin = new URL(fake.apiBase).origin
  })
  afterAll(() => fake.close())

  it('injects a fault over HTTP, with a count', async () => {
    expect((await control('faults', { fault: { kind: 'status', status: 502 }, times: 2 })).status).toBe(204)
    expect(await searchStatus()).toBe(502)
    expect(await searchStatus()).toBe(502)
    expect(await searchStatus()).toBe(200)
  })

  it('accepts "Infinity" and clears over HTTP', async () => {
    expect(
      (await control('faults', { fault: { kind: 'status', status: 500 }, times: 'Infinity' })).status,
    ).toBe(204)
    expect(await searchStatus()).toBe(500)
    expect(await searchStatus()).toBe(500)
    expect((await control('clear', {})).status).toBe(204)
    expect(await searchStatus()).toBe(200)
  })

  it('rejects a malformed fault with 400 and queues nothing', async () => {
    const response = await control('faults', { fault: { kind: 'explode' } })
    expect(response.status).toBe(400)
    expect(await searchStatus()).toBe(200)
  })

  it('revokes a token over HTTP', async () => {
    expect((await control('revoke', { token: 'revoke-me-please' })).status).toBe(204)
    const body = json(await post(`${fake.apiBase}/sms-opt-out/search`, { auth_token: 'revoke-me-please' }))
    expect(body.code).toBe(5001)
  })

  it('does not log control requests as API requests', async () => {
    const before = fake.requests.length
    await control('clear', {})
    expect(fake.requests.length).toBe(before)
  })

  it('is absent when control is false', async () => {
    const closed = await startFakeConvoso({ records, tokens: [TOKEN], control: false })
    try {
      const response = await fetch(`${new URL(closed.apiBase).origin}/__control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault: { kind: 'status', status: 500 } }),
      })
      expect(response.status).toBe(404)
      const search = await post(`${closed.apiBase}/sms-opt-out/search`, { auth_token: TOKEN, limit: '1' })
      expect(search.status).toBe(200)
    } finally {
      await closed.close()
    }
  })
})

describe('fake Convoso: scale and shutdown', () => {
  it('serves the last unfiltered 1000-row page of a million records', async () => {
    const base = FIRST
    const million: OptOutRecord[] = Array.from({ length: 1_000_000 }, (_, index) => ({
      ...base,
      id: String(index + 1),
    }))
    const fake = await startFakeConvoso({ records: million, tokens: [TOKEN] })
    try {
      const url = `${fake.apiBase}/sms-opt-out/search`
      await post(url, { auth_token: TOKEN, limit: '1000' })
      const body = json(await post(url, { auth_token: TOKEN, offset: '999000', limit: '1000' }))
      expect(body.total).toBe('1000000')
      const rows = body.records as OptOutRecord[]
      expect(rows).toHaveLength(1000)
      expect(rows[0]?.id).toBe('999001')
      expect(rows.at(-1)?.id).toBe('1000000')
      // How fast that is belongs to the benchmarks (npm run bench), never to a timed assertion here.
    } finally {
      await fake.close()
    }
  })

  it('closes promptly with an idle keep-alive connection and a search stuck in latency', async () => {
    const fake = await startFakeConvoso({ records, tokens: [TOKEN] })
    const url = `${fake.apiBase}/sms-opt-out/search`
    await post(url, { auth_token: TOKEN })
    fake.injectFault({ kind: 'latency', ms: 60_000 })
    const stuck = post(url, { auth_token: TOKEN }).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    await fake.close()
    // It did not wait for the stuck search (a wide margin: a loaded CI machine is slow).
    expect(performance.now() - started).toBeLessThan(30_000)
    expect(await stuck).toBeInstanceOf(Error)
    // A second close is harmless.
    await fake.close()
  })

  it('rejects when the port is taken', async () => {
    const first = await startFakeConvoso({ records: [], tokens: [] })
    try {
      const port = Number(new URL(first.apiBase).port)
      await expect(startFakeConvoso({ records: [], tokens: [], port })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await first.close()
    }
  })
})
