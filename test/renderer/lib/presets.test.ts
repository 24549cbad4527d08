import { describe, expect, it } from 'vitest'
import { isModified, sameFilters, summariseFilters } from '../../../src/renderer/src/lib/presets'
import { EMPTY_FILTERS } from '../../../src/shared/filters'
import type { Preset } from '../../../src/shared/presets'

const april = { ...EMPTY_FILTERS, insertDate: '2024-04-01', insertDateTo: '2024-04-30' }

describe('presets with an insert-date range', () => {
  it('a changed To is a different search; spaces around it are not', () => {
    expect(sameFilters(april, { ...april, insertDateTo: '2024-04-29' })).toBe(false)
    expect(sameFilters(april, { ...april, insertDateTo: ' 2024-04-30 ' })).toBe(true)
    expect(sameFilters(april, { ...april, insertDateTo: '' })).toBe(false)
  })

  it('a preset of a range shows as modified once its To is edited', () => {
    const preset: Preset = {
      id: 'p',
      name: 'April',
      filters: april,
      pageSize: 100,
      starter: false,
      createdAt: '',
      updatedAt: '',
    }
    expect(isModified(preset, april, 100)).toBe(false)
    expect(isModified(preset, { ...april, insertDateTo: '2024-05-31' }, 100)).toBe(true)
  })

  it('is summarised with its range', () => {
    expect(summariseFilters(april)).toBe('inserted 2024-04-01 to 2024-04-30')
  })
})
