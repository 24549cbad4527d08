import { describe, expect, it } from 'vitest'
import { generateDemoRecords } from '../../../../src/main/services/demo-convoso/dataset'
import { compileMatcher, hasFilters, recordMatches } from '../../../../src/main/services/convoso/matching'
import { BLANK, NOT_BLANK, type SearchParams } from '../../../../src/shared/filters'
import type { OptOutRecord } from '../../../../src/shared/records'

function record(overrides: Partial<OptOutRecord> = {}): OptOutRecord {
  return {
    id: '2778557',
    phone_number: '8181233567',
    phone_code: '1',
    reason: 'SMS Opt-Out reason',
    purpose: 'TELEMKT',
    insert_date: '2024-04-22 17:01:31',
    campaign_id: '0',
    campaign_name: '',
    ...overrides,
  }
}

describe('recordMatches: exact fields', () => {
  it.each([
    ['id', '2778557', '277855'],
    ['campaign_id', '0', '00'],
    ['phone_code', '1', '+1'],
    ['phone_number', '8181233567', '818123356'],
  ] as const)('%s matches only the exact string', (field, same, other) => {
    expect(recordMatches(record(), { [field]: same })).toBe(true)
    expect(recordMatches(record(), { [field]: other })).toBe(false)
  })

  it('does not treat numerically equal strings as equal (leading zeros matter)', () => {
    expect(
      recordMatches(record({ phone_number: '07700900123', phone_code: '44' }), {
        phone_number: '7700900123',
      }),
    ).toBe(false)
    expect(recordMatches(record({ campaign_id: '7' }), { campaign_id: '007' })).toBe(false)
  })

  it('matches campaign -1 only to records stored with campaign -1', () => {
    expect(recordMatches(record({ campaign_id: '-1' }), { campaign_id: '-1' })).toBe(true)
    expect(recordMatches(record({ campaign_id: '0' }), { campaign_id: '-1' })).toBe(false)
  })
})

describe.each(['reason', 'purpose'] as const)('recordMatches: %s', (field) => {
  it('-BLANK- matches empty and whitespace-only values', () => {
    expect(recordMatches(record({ [field]: '' }), { [field]: BLANK })).toBe(true)
    expect(recordMatches(record({ [field]: ' \t\n ' }), { [field]: BLANK })).toBe(true)
    expect(recordMatches(record({ [field]: 'STOP' }), { [field]: BLANK })).toBe(false)
  })

  it('-NOTBLANK- matches any value with a visible character', () => {
    expect(recordMatches(record({ [field]: 'x' }), { [field]: NOT_BLANK })).toBe(true)
    expect(recordMatches(record({ [field]: '   ' }), { [field]: NOT_BLANK })).toBe(false)
    expect(recordMatches(record({ [field]: '' }), { [field]: NOT_BLANK })).toBe(false)
  })

  it('anything else is exact and case-sensitive, without trimming the record', () => {
    expect(recordMatches(record({ [field]: 'STOP' }), { [field]: 'STOP' })).toBe(true)
    expect(recordMatches(record({ [field]: 'STOP' }), { [field]: 'stop' })).toBe(false)
    expect(recordMatches(record({ [field]: 'STOP ' }), { [field]: 'STOP' })).toBe(false)
    expect(recordMatches(record({ [field]: 'STOP now' }), { [field]: 'STOP' })).toBe(false)
  })

  it('treats the literal markers only as markers', () => {
    expect(recordMatches(record({ [field]: '-BLANK-' }), { [field]: BLANK })).toBe(false)
  })
})

describe('recordMatches: insert_date', () => {
  it('a date-only filter matches every time on that day', () => {
    for (const insert_date of [
      '2024-04-22 00:00:00',
      '2024-04-22 23:59:59',
      '2024-04-22',
      '2024-04-22T08:00:00',
    ]) {
      expect(recordMatches(record({ insert_date }), { insert_date: '2024-04-22' })).toBe(true)
    }
  })

  it('a date-only filter rejects other days and look-alike strings', () => {
    expect(recordMatches(record({ insert_date: '2024-04-23 00:00:00' }), { insert_date: '2024-04-22' })).toBe(
      false,
    )
    expect(recordMatches(record({ insert_date: '2024-04-221' }), { insert_date: '2024-04-22' })).toBe(false)
    expect(recordMatches(record({ insert_date: '' }), { insert_date: '2024-04-22' })).toBe(false)
  })

  it('a date-time filter matches only the same second', () => {
    expect(recordMatches(record(), { insert_date: '2024-04-22 17:01:31' })).toBe(true)
    expect(recordMatches(record(), { insert_date: '2024-04-22 17:01:32' })).toBe(false)
    expect(recordMatches(record({ insert_date: '2024-04-22' }), { insert_date: '2024-04-22 00:00:00' })).toBe(
      false,
    )
  })
})

describe('recordMatches: combining', () => {
  it('no filters and empty-string filters match everything', () => {
    expect(recordMatches(record(), {})).toBe(true)
    expect(recordMatches(record(), { id: '', reason: '', insert_date: '' })).toBe(true)
    expect(hasFilters({ id: '', reason: undefined })).toBe(false)
    expect(hasFilters({ purpose: BLANK })).toBe(true)
  })

  it('combines filters with AND', () => {
    const params: SearchParams = {
      campaign_id: '0',
      phone_code: '1',
      purpose: 'TELEMKT',
      insert_date: '2024-04-22',
    }
    expect(recordMatches(record(), params)).toBe(true)
    expect(recordMatches(record({ purpose: 'HIPAA' }), params)).toBe(false)
    expect(recordMatches(record({ campaign_id: '1001' }), params)).toBe(false)
  })

  it('selects on the demo data what a straightforward reading of the rules selects', () => {
    const records = generateDemoRecords(3000)
    const cases: SearchParams[] = [
      { reason: BLANK },
      { purpose: NOT_BLANK, phone_code: '44' },
      { campaign_id: '1005', reason: 'STOP' },
      { insert_date: records[1500]?.insert_date.slice(0, 10) },
    ]
    for (const params of cases) {
      const matcher = compileMatcher(params)
      const expected = records.filter(
        (r) =>
          (params.campaign_id === undefined || r.campaign_id === params.campaign_id) &&
          (params.phone_code === undefined || r.phone_code === params.phone_code) &&
          (params.reason === undefined ||
            (params.reason === BLANK ? r.reason.trim() === '' : r.reason === params.reason)) &&
          (params.purpose === undefined ||
            (params.purpose === NOT_BLANK ? r.purpose.trim() !== '' : false)) &&
          (params.insert_date === undefined || r.insert_date.split(' ')[0] === params.insert_date),
      )
      expect(expected.length).toBeGreaterThan(0)
      expect(records.filter(matcher)).toEqual(expected)
      expect(records.filter((r) => recordMatches(r, params))).toEqual(expected)
    }
  })
})
