import { describe, expect, it } from 'vitest'
import { isPhoneList, lookupCountry } from '../../../src/renderer/src/stores/lookup'

describe('isPhoneList: when Search looks numbers up instead of searching', () => {
  it('is false for one number however it is typed, and for text that is not a number (the search says why)', () => {
    for (const one of ['(818) 123-3567', '+1 818.123.3567', '818 123 3567', '8181233567\n', '818-12x', '']) {
      expect(isPhoneList(one)).toBe(false)
    }
  })

  it('is true for two or more numbers, whatever separates them, duplicates included', () => {
    for (const list of [
      '8181233567\n2135550100',
      '8181233567, 2135550100',
      '818 123 3567 213 555 0100',
      '8181233567;8181233567',
      `${'8181233567\n'.repeat(40)}`,
    ]) {
      expect(isPhoneList(list)).toBe(true)
    }
  })
})

describe('lookupCountry: the Phone code field as the country for numbers without a code', () => {
  it('reads a calling code as its main country, and falls back to the US', () => {
    expect(lookupCountry('44')).toBe('GB')
    expect(lookupCountry('+1')).toBe('US')
    expect(lookupCountry('33')).toBe('FR')
    expect(lookupCountry('')).toBe('US')
    expect(lookupCountry(undefined)).toBe('US')
    expect(lookupCountry('999')).toBe('US')
  })
})
