import { describe, expect, it } from 'vitest'
import {
  describeFilters,
  EMPTY_FILTERS,
  normalisePhone,
  toSearchParams,
  validateInsertDate,
  type SearchFilters,
} from '../../src/shared/filters'

const filters = (patch: Partial<SearchFilters>): SearchFilters => ({ ...EMPTY_FILTERS, ...patch })

describe('phone normalisation', () => {
  it.each([
    ['8181233567', { phoneNumber: '8181233567' }],
    ['(818) 123-3567', { phoneNumber: '8181233567' }],
    ['818.123.3567', { phoneNumber: '8181233567' }],
    [' 818 123 3567 ', { phoneNumber: '8181233567' }],
    ['02079460000', { phoneNumber: '02079460000' }],
    ['+1 (818) 123-3567', { phoneCode: '1', phoneNumber: '8181233567' }],
    ['+1-818-123-3567', { phoneCode: '1', phoneNumber: '8181233567' }],
    ['+18181233567', { phoneCode: '1', phoneNumber: '8181233567' }],
    ['+44 20 7946 0000', { phoneCode: '44', phoneNumber: '2079460000' }],
    ['+442079460000', { phoneCode: '44', phoneNumber: '2079460000' }],
    ['+61412345678', { phoneCode: '61', phoneNumber: '412345678' }],
    ['+380441234567', { phoneCode: '380', phoneNumber: '441234567' }],
  ])('%s', (input, expected) => {
    expect(normalisePhone(input)).toEqual(expected)
  })

  it.each(['818-CALL-NOW', '818/123/3567', '+', '+1', '+abc', '+1 818 CALL', '12#3'])(
    'refuses %s with a reason',
    (input) => {
      const result = normalisePhone(input)
      expect('error' in result).toBe(true)
    },
  )
})

describe('insert date', () => {
  it.each([
    ['2024-04-22', '2024-04-22'],
    ['2024-04-22 17:01:31', '2024-04-22 17:01:31'],
    ['2024-04-22T17:01:31', '2024-04-22 17:01:31'],
    ['2024-02-29', '2024-02-29'],
    ['2024-12-31 23:59:59', '2024-12-31 23:59:59'],
    ['2025-01-01 00:00:00', '2025-01-01 00:00:00'],
  ])('accepts %s', (input, expected) => {
    expect(validateInsertDate(input)).toBe(expected)
  })

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-04-31',
    '2024-04-22 24:00:00',
    '22/04/2024',
    '2024-4-22',
    'yesterday',
  ])('refuses %s', (input) => {
    expect(typeof validateInsertDate(input)).toBe('object')
  })
})

describe('toSearchParams', () => {
  it('sends nothing for empty filters', () => {
    expect(toSearchParams(EMPTY_FILTERS)).toEqual({ ok: true, params: {} })
  })

  it('builds every field the API takes', () => {
    expect(
      toSearchParams(
        filters({
          id: ' 2778557 ',
          campaignId: '0',
          phoneCode: '+1',
          phoneNumber: '(818) 123-3567',
          reasonMode: 'equals',
          reasonText: '  SMS Opt-Out reason ',
          purposeMode: 'notBlank',
          insertDate: '2024-04-22',
        }),
      ),
    ).toEqual({
      ok: true,
      params: {
        id: '2778557',
        campaign_id: '0',
        phone_code: '1',
        phone_number: '8181233567',
        reason: 'SMS Opt-Out reason',
        purpose: '-NOTBLANK-',
        insert_date: '2024-04-22',
      },
    })
  })

  it('maps blank and not-blank to the API markers', () => {
    expect(toSearchParams(filters({ reasonMode: 'blank', purposeMode: 'blank' }))).toEqual({
      ok: true,
      params: { reason: '-BLANK-', purpose: '-BLANK-' },
    })
  })

  it('allows -1 for purpose-type campaigns and normalises leading zeros in campaign ids', () => {
    expect(toSearchParams(filters({ campaignId: '-1' }))).toEqual({ ok: true, params: { campaign_id: '-1' } })
    expect(toSearchParams(filters({ campaignId: '0042' }))).toEqual({
      ok: true,
      params: { campaign_id: '42' },
    })
  })

  it('takes the country code from a +number when the code field is empty', () => {
    expect(toSearchParams(filters({ phoneNumber: '+44 20 7946 0000' }))).toEqual({
      ok: true,
      params: { phone_code: '44', phone_number: '2079460000' },
    })
  })

  it('reports every invalid field at once, each with its own message', () => {
    const result = toSearchParams(
      filters({
        id: '12a',
        campaignId: '-2',
        phoneCode: '12345',
        phoneNumber: 'abc',
        reasonMode: 'equals',
        reasonText: '   ',
        purposeMode: 'equals',
        purposeText: '',
        insertDate: '2024-02-30',
      }),
    )
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(Object.keys(result.fieldErrors).sort()).toEqual(
        ['campaignId', 'id', 'insertDate', 'phoneCode', 'phoneNumber', 'purposeText', 'reasonText'].sort(),
      )
    }
  })

  it('flags a +code that contradicts the phone code field', () => {
    const result = toSearchParams(filters({ phoneCode: '44', phoneNumber: '+1 818 123 3567' }))
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { phoneNumber: expect.stringMatching(/\+1.*44/) },
    })
  })

  it('accepts a +code that agrees with the phone code field', () => {
    expect(toSearchParams(filters({ phoneCode: '1', phoneNumber: '+1 818 123 3567' }))).toEqual({
      ok: true,
      params: { phone_code: '1', phone_number: '8181233567' },
    })
  })
})

describe('describeFilters', () => {
  it('says what a search looked for in words', () => {
    expect(describeFilters({})).toBe('all records')
    expect(describeFilters({ campaign_id: '0', reason: '-BLANK-' })).toBe('global, reason blank')
    expect(describeFilters({ phone_code: '1', phone_number: '8181233567', purpose: 'TELEMKT' })).toBe(
      '+1, phone 8181233567, purpose "TELEMKT"',
    )
  })
})

describe('insert-date ranges', () => {
  it('a From and a later To make a range, sent as its first day plus the app-side last day', () => {
    expect(toSearchParams(filters({ insertDate: '2024-04-01', insertDateTo: ' 2024-04-30 ' }))).toEqual({
      ok: true,
      params: { insert_date: '2024-04-01', insert_date_to: '2024-04-30' },
    })
  })

  it('From = To is one day: a plain single-date search', () => {
    expect(toSearchParams(filters({ insertDate: '2024-04-01', insertDateTo: '2024-04-01' }))).toEqual({
      ok: true,
      params: { insert_date: '2024-04-01' },
    })
  })

  it('an empty To keeps the single date or exact time as before', () => {
    expect(toSearchParams(filters({ insertDate: '2024-04-22 17:01:31' }))).toEqual({
      ok: true,
      params: { insert_date: '2024-04-22 17:01:31' },
    })
  })

  it.each([
    [{ insertDateTo: '2024-04-30' }, 'insertDate', /From/],
    [{ insertDate: '2024-04-01 10:00:00', insertDateTo: '2024-04-30' }, 'insertDate', /without a time/],
    [{ insertDate: '2024-04-01', insertDateTo: '30/04/2024' }, 'insertDateTo', /YYYY-MM-DD/],
    [{ insertDate: '2024-04-01', insertDateTo: '2024-02-30' }, 'insertDateTo', /YYYY-MM-DD/],
    [{ insertDate: '2024-04-02', insertDateTo: '2024-04-01' }, 'insertDateTo', /same day as From or later/],
    [{ insertDate: '2024-01-01', insertDateTo: '2025-01-02' }, 'insertDateTo', /368 days.*at most 366/],
  ] as const)('refuses %o on %s with a message saying what to do', (patch, field, message) => {
    const result = toSearchParams(filters(patch))
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: expect.stringMatching(message) } })
  })

  it('accepts a whole leap year (366 days)', () => {
    expect(toSearchParams(filters({ insertDate: '2024-01-01', insertDateTo: '2024-12-31' }))).toMatchObject({
      ok: true,
    })
  })

  it('an invalid From is reported once, on From, not again on To', () => {
    const result = toSearchParams(filters({ insertDate: '2024-02-30', insertDateTo: '2024-03-05' }))
    expect(result).toEqual({ ok: false, fieldErrors: { insertDate: expect.any(String) } })
  })

  it('describeFilters names the range', () => {
    expect(
      describeFilters({ campaign_id: '0', insert_date: '2024-04-01', insert_date_to: '2024-04-30' }),
    ).toBe('global, inserted 2024-04-01 to 2024-04-30')
  })
})
