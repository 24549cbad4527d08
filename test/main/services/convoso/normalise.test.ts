import { describe, expect, it } from 'vitest'
import { normaliseSearchResponse as normaliseWithToken } from '../../../../src/main/services/convoso/normalise'

/** These cases are about shapes, not redaction: no token was sent. */
const normaliseSearchResponse = (body: unknown) => normaliseWithToken(body, '')
import type { OptOutRecord, SearchPage } from '../../../../src/shared/records'
import type { AppError, Result } from '../../../../src/shared/result'

const SPEC_RECORD = {
  id: '2778557',
  phone_number: '8181233567',
  phone_code: '1',
  reason: 'SMS Opt-Out reason',
  purpose: 'SMS Opt-Out purpose',
  insert_date: '2024-04-22 17:01:31',
  campaign_id: '0',
  campaign_name: '',
}

function page(result: Result<SearchPage>): SearchPage {
  if (!result.ok) throw new Error(`expected a page, got ${result.error.kind}: ${result.error.message}`)
  return result.data
}

function failure(result: Result<SearchPage>): AppError {
  if (result.ok) throw new Error('expected an error')
  return result.error
}

describe('normaliseSearchResponse: shapes', () => {
  it('reads the help-page example exactly (string counts, `records`)', () => {
    const result = normaliseSearchResponse({
      success: true,
      offset: '0',
      limit: '10',
      total: '1',
      records: [SPEC_RECORD],
    })
    expect(result).toEqual({ ok: true, data: { offset: 0, limit: 10, total: 1, records: [SPEC_RECORD] } })
  })

  it('reads the SDK shape (`data.entries`, numeric counts)', () => {
    const result = normaliseSearchResponse({
      success: true,
      data: { offset: 100, limit: 100, total: 1250, entries: [SPEC_RECORD] },
    })
    expect(page(result)).toEqual({ offset: 100, limit: 100, total: 1250, records: [SPEC_RECORD] })
  })

  it('accepts `data.records` and top-level `entries` too', () => {
    expect(
      page(
        normaliseSearchResponse({
          success: true,
          data: { offset: 0, limit: 1, total: 1, records: [SPEC_RECORD] },
        }),
      ).records,
    ).toHaveLength(1)
    expect(
      page(normaliseSearchResponse({ success: true, offset: 0, limit: 1, total: 1, entries: [SPEC_RECORD] }))
        .records,
    ).toHaveLength(1)
  })

  it('accepts success as "true" or missing when the page is there', () => {
    expect(
      page(normaliseSearchResponse({ success: 'true', offset: 0, limit: 1, total: 0, records: [] })).total,
    ).toBe(0)
    expect(page(normaliseSearchResponse({ offset: 0, limit: 1, total: 0, records: [] })).total).toBe(0)
  })

  it('accepts counts with surrounding spaces', () => {
    expect(
      page(normaliseSearchResponse({ success: true, offset: ' 5 ', limit: '10 ', total: ' 7', records: [] })),
    ).toMatchObject({
      offset: 5,
      limit: 10,
      total: 7,
    })
  })

  it('treats missing or null records as an empty page only when total is 0', () => {
    expect(
      page(normaliseSearchResponse({ success: true, offset: '0', limit: '10', total: '0' })).records,
    ).toEqual([])
    expect(
      page(normaliseSearchResponse({ success: true, offset: '0', limit: '10', total: '0', records: null }))
        .records,
    ).toEqual([])
    const error = failure(normaliseSearchResponse({ success: true, offset: '0', limit: '10', total: '3' }))
    expect(error.kind).toBe('malformed-response')
    expect(error.message).toContain('records are missing')
  })

  it('accepts records PHP-encoded as an object keyed by index', () => {
    const result = normaliseSearchResponse({
      success: true,
      offset: 0,
      limit: 2,
      total: 1,
      records: { '0': SPEC_RECORD },
    })
    expect(page(result).records).toEqual([SPEC_RECORD])
  })
})

describe('normaliseSearchResponse: counts', () => {
  it.each([
    ['total', 'many', '"total" is not a whole number'],
    ['total', '-1', '"total" is not a whole number'],
    ['total', -1, '"total" is not a whole number'],
    ['offset', 1.5, '"offset" is not a whole number'],
    ['offset', '1e3', '"offset" is not a whole number'],
    ['limit', '', '"limit" is not a whole number'],
    ['limit', null, '"limit" is not a whole number'],
    ['limit', true, '"limit" is not a whole number'],
    ['total', undefined, 'no "total"'],
  ])('rejects %s = %j as malformed', (field, value, detail) => {
    const body: Record<string, unknown> = {
      success: true,
      offset: '0',
      limit: '10',
      total: '1',
      records: [SPEC_RECORD],
    }
    body[field] = value
    const error = failure(normaliseSearchResponse(body))
    expect(error.kind).toBe('malformed-response')
    expect(error.message).toBe(
      `Convoso sent an unexpected response (${detail}). Check the API address in Settings; if it is right, Convoso may be having problems, so try again later.`,
    )
  })
})

describe('normaliseSearchResponse: records', () => {
  const wrap = (records: unknown): Result<SearchPage> =>
    normaliseSearchResponse({ success: true, offset: '40', limit: '10', total: '99', records })

  it('coerces every field to a string and null/undefined to empty', () => {
    const [record] = page(
      wrap([
        {
          id: 2778557,
          phone_number: 8181233567,
          phone_code: 1,
          reason: null,
          purpose: undefined,
          insert_date: '2024-04-22',
          campaign_id: 0,
        },
      ]),
    ).records
    expect(record).toEqual<OptOutRecord>({
      id: '2778557',
      phone_number: '8181233567',
      phone_code: '1',
      reason: '',
      purpose: '',
      insert_date: '2024-04-22',
      campaign_id: '0',
      campaign_name: '',
    })
  })

  it('keeps leading zeros because numbers arrive as strings', () => {
    expect(page(wrap([{ ...SPEC_RECORD, phone_number: '07700900123' }])).records[0]?.phone_number).toBe(
      '07700900123',
    )
  })

  it('reads `Purpose` with a capital P', () => {
    const [record] = page(wrap([{ ...SPEC_RECORD, purpose: undefined, Purpose: 'HIPAA' }])).records
    expect(record?.purpose).toBe('HIPAA')
    expect(record?.extra).toBeUndefined()
  })

  it('prefers `purpose` when both spellings exist and keeps `Purpose` in extra', () => {
    const [record] = page(wrap([{ ...SPEC_RECORD, purpose: 'VERIFY', Purpose: 'HIPAA' }])).records
    expect(record?.purpose).toBe('VERIFY')
    expect(record?.extra).toEqual({ Purpose: 'HIPAA' })
  })

  it('keeps unknown fields in extra as strings', () => {
    const [record] = page(
      wrap([{ ...SPEC_RECORD, campaign_uid: 'c-77', campaign_type: 9, flags: { a: 1 }, note: null }]),
    ).records
    expect(record?.extra).toEqual({ campaign_uid: 'c-77', campaign_type: '9', flags: '{"a":1}', note: '' })
  })

  it('does not let a "__proto__" key touch the prototype', () => {
    const body: unknown = JSON.parse(
      `{"success":true,"offset":"0","limit":"1","total":"1","records":[${JSON.stringify(SPEC_RECORD).slice(0, -1)},"__proto__":{"polluted":"yes"}}]}`,
    )
    const [record] = page(normaliseSearchResponse(body)).records
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(record?.extra).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    [{ ...SPEC_RECORD, id: undefined }, 'row 43 has no ID'],
    [{ ...SPEC_RECORD, id: '' }, 'row 43 has no ID'],
    [{ ...SPEC_RECORD, id: '   ' }, 'row 43 has no ID'],
    [{ ...SPEC_RECORD, id: null }, 'row 43 has no ID'],
    ['2778557', 'row 43 is not a record'],
    [[SPEC_RECORD], 'row 43 is not a record'],
  ])('rejects a page whose third row is %j', (bad, detail) => {
    const error = failure(wrap([SPEC_RECORD, SPEC_RECORD, bad]))
    expect(error.kind).toBe('malformed-response')
    expect(error.message).toContain(`(${detail})`)
  })

  it('rejects records that are not a list', () => {
    expect(failure(wrap('none')).message).toContain('records are not a list')
  })
})

describe('normaliseSearchResponse: not a page', () => {
  it.each([null, 'text', 42, [SPEC_RECORD]])('rejects %j as malformed', (body) => {
    expect(failure(normaliseSearchResponse(body))).toMatchObject({ kind: 'malformed-response' })
  })

  it('rejects an empty object as malformed, not as an empty page', () => {
    expect(failure(normaliseSearchResponse({})).message).toContain('no search results in it')
  })

  it('maps success:false to the Convoso error it carries', () => {
    expect(
      failure(normaliseSearchResponse({ success: false, code: 6006, text: 'Invalid Campaign ID' })),
    ).toEqual({
      kind: 'convoso',
      code: '6006',
      serverText: 'Invalid Campaign ID',
      message: 'Convoso refused the search (6006): Invalid Campaign ID. Check the campaign ID.',
    })
    expect(
      failure(normaliseSearchResponse({ success: 'false', code: '5001', text: 'Auth token is invalid' }))
        .kind,
    ).toBe('token-rejected')
  })

  it('maps an error body without `success` to the error it describes', () => {
    expect(failure(normaliseSearchResponse({ error: 'Campaign gone' }))).toMatchObject({
      kind: 'convoso',
      serverText: 'Campaign gone',
    })
  })
})
