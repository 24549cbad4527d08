import { describe, expect, it } from 'vitest'
import { ageText, olderThan } from '../../../../src/renderer/src/components/scrub/age'
import {
  countryFromText,
  countryOption,
  countryOptions,
} from '../../../../src/renderer/src/components/scrub/countries'

describe('the country list of the scrub window', () => {
  it('holds every country with its calling code, by name', () => {
    const all = countryOptions()
    expect(all.length).toBeGreaterThan(200)
    expect(countryOption('GB')?.label).toBe('United Kingdom (+44) · GB')
    expect(countryOption('US')?.label).toBe('United States (+1) · US')
    const names = all.map((option) => option.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')))
  })

  it('reads a typed country by label, name, ISO code or calling code', () => {
    expect(countryFromText('United Kingdom (+44) · GB')?.code).toBe('GB')
    expect(countryFromText('france')?.code).toBe('FR')
    expect(countryFromText('de')?.code).toBe('DE')
    expect(countryFromText('+44')?.code).toBe('GB')
    expect(countryFromText('1')?.code).toBe('US')
    expect(countryFromText('Atlantis')).toBeUndefined()
    expect(countryFromText('')).toBeUndefined()
  })
})

describe('how old a snapshot is', () => {
  const now = Date.parse('2026-11-30T12:00:00Z')
  it('says it as a person would', () => {
    expect(ageText('2026-11-30T11:59:40Z', now)).toBe('less than a minute')
    expect(ageText('2026-11-30T11:15:00Z', now)).toBe('45 minutes')
    expect(ageText('2026-11-30T11:00:00Z', now)).toBe('1 hour')
    expect(ageText('2026-11-29T00:00:00Z', now)).toBe('36 hours')
    expect(ageText('2026-11-20T12:00:00Z', now)).toBe('10 days')
    expect(ageText(null, now)).toBeNull()
    expect(ageText('yesterday', now)).toBeNull()
  })

  it('is old past the hours set, and when its time is unknown', () => {
    expect(olderThan('2026-11-30T00:00:00Z', 24, now)).toBe(false)
    expect(olderThan('2026-11-29T11:00:00Z', 24, now)).toBe(true)
    expect(olderThan(null, 24, now)).toBe(true)
  })
})
