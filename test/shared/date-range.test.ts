import { describe, expect, it } from 'vitest'
import {
  checkDateRange,
  describeRangeCost,
  isDay,
  MAX_RANGE_DAYS,
  rangeDayCount,
  rangeDays,
} from '../../src/shared/date-range'

describe('date ranges', () => {
  it('lists every day in ascending order, inclusive, across month, year and leap-day boundaries', () => {
    expect(rangeDays('2024-02-27', '2024-03-02')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ])
    expect(rangeDays('2024-12-31', '2025-01-01')).toEqual(['2024-12-31', '2025-01-01'])
    expect(rangeDays('2024-04-01', '2024-04-01')).toEqual(['2024-04-01'])
  })

  it('counts days without drifting over daylight-saving changes (UTC arithmetic)', () => {
    expect(rangeDayCount('2024-03-01', '2024-03-31')).toBe(31)
    expect(rangeDayCount('2024-10-01', '2024-11-30')).toBe(61)
    expect(rangeDayCount('2024-01-01', '2024-12-31')).toBe(366)
  })

  it('has no days when To is before From or either is not a real day', () => {
    expect(rangeDays('2024-04-02', '2024-04-01')).toEqual([])
    expect(rangeDayCount('2023-02-29', '2023-03-01')).toBe(0)
    expect(isDay('2024-02-29')).toBe(true)
    expect(isDay('2023-02-29')).toBe(false)
    expect(isDay('2024-04-01 00:00:00')).toBe(false)
  })

  it('allows at most MAX_RANGE_DAYS days', () => {
    expect(checkDateRange('2024-01-01', '2024-12-31')).toEqual({ ok: true, days: MAX_RANGE_DAYS })
    expect(checkDateRange('2023-01-01', '2024-01-02')).toMatchObject({ ok: false, field: 'insertDateTo' })
  })

  it('states the cost before a range runs: one request per day at least', () => {
    expect(describeRangeCost(31)).toBe('31 days: at least 31 requests')
    expect(describeRangeCost(1)).toBe('1 day: at least 1 request')
  })
})
