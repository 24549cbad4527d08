import { describe, expect, it } from 'vitest'
import {
  columnNames,
  isPhoneLike,
  looksLikeHeader,
  suggestCodeColumn,
  suggestPhoneColumn,
} from '../../../../src/main/services/send-list/columns'

describe('isPhoneLike', () => {
  it.each([
    '8181233567',
    '(818) 123-3567',
    '+44 7700 900123',
    '07700 900123',
    '818-123-3567 x12',
    '8.18123E+09',
  ])('%s is a phone number', (cell) => expect(isPhoneLike(cell)).toBe(true))
  it.each(['', 'Ann', '44', '+1', '2024-04-22', '12/05/2024', '123456', 'N/A', '1234567890123456789012'])(
    '%j is not',
    (cell) => expect(isPhoneLike(cell)).toBe(false),
  )
})

describe('looksLikeHeader', () => {
  it('takes named columns above numbers as a header', () => {
    expect(looksLikeHeader(['Name', 'Phone'], [['Ann', '8181233567']])).toBe(true)
    expect(looksLikeHeader(['First', 'Last', 'Contact'], [['Ann', 'Lee', '8181233567']])).toBe(true)
  })
  it('takes a phone-word header even with no rows below', () => {
    expect(looksLikeHeader(['Mobile'], [])).toBe(true)
  })
  it('takes a first row holding a number as data', () => {
    expect(looksLikeHeader(['Ann', '8181233567'], [['Bob', '2135550100']])).toBe(false)
    expect(looksLikeHeader(['8181233567'], [['2135550100']])).toBe(false)
  })
})

describe('column suggestions', () => {
  const sample = [
    ['Ann', '12345678', '8181233567', '1'],
    ['Bob', '23456789', '2135550100', '1'],
  ]

  it('names columns from the header, or Column 1… without one (and for blank header cells)', () => {
    expect(columnNames(['Name', ' ', 'Phone'], 3)).toEqual(['Name', 'Column 2', 'Phone'])
    expect(columnNames(undefined, 2)).toEqual(['Column 1', 'Column 2'])
    expect(columnNames(['Phone'], 3)).toEqual(['Phone', 'Column 2', 'Column 3'])
  })

  it('follows the header names, phone words before "number", codes before phones', () => {
    const header = ['Name', 'Account number', 'Mobile phone', 'Phone code']
    expect(suggestPhoneColumn(header, sample, 4)).toBe(2)
    expect(suggestCodeColumn(header, sample, 4, 2)).toBe(3)
  })

  it('does not follow a phone-named column that holds no numbers', () => {
    expect(suggestPhoneColumn(['Phone type', 'Contact'], [['mobile', '8181233567']], 2)).toBe(1)
  })

  it('goes by content without a header; a column of calling codes beside the phones is the code column', () => {
    expect(suggestPhoneColumn(undefined, sample, 4)).toBe(2)
    expect(suggestCodeColumn(undefined, sample, 4, 2)).toBe(3)
  })

  it('does not take US states beside the phones for countries', () => {
    const states = [
      ['8181233567', 'CA'],
      ['2125550100', 'NY'],
    ]
    expect(suggestCodeColumn(undefined, states, 2, 0)).toBeNull()
  })

  it('suggests nothing when no column holds numbers', () => {
    expect(suggestPhoneColumn(['Name', 'City'], [['Ann', 'Leeds']], 2)).toBeNull()
  })
})
