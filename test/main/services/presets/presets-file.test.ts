import { describe, expect, it } from 'vitest'
import { parsePresetsFile, serialiseExport } from '../../../../src/main/services/presets/presets-file'
import { planImport } from '../../../../src/main/services/presets/presets-import'
import { EMPTY_FILTERS } from '../../../../src/shared/filters'
import type { Preset } from '../../../../src/shared/presets'

const ids = { newId: () => 'new-id', now: () => '2026-11-30T06:00:00.000Z' }

/** Filters as a version of the app before insert-date ranges wrote them: no insertDateTo. */
const { insertDateTo: _unused, ...filtersBeforeRanges } = { ...EMPTY_FILTERS, insertDate: '2024-04-22' }

const preset = (patch: Partial<Preset>): Preset => ({
  id: 'p1',
  name: 'April',
  filters: { ...EMPTY_FILTERS, insertDate: '2024-04-01', insertDateTo: '2024-04-30' },
  pageSize: 100,
  starter: false,
  createdAt: ids.now(),
  updatedAt: ids.now(),
  ...patch,
})

describe('presets and insert-date ranges', () => {
  it('a presets file from before ranges reads its insert date as a single date (To empty)', () => {
    const text = JSON.stringify({
      version: 2,
      defaultId: null,
      presets: [{ ...preset({}), filters: filtersBeforeRanges }],
    })
    const parsed = parsePresetsFile(text, ids)
    expect(parsed.rejected).toEqual([])
    expect(parsed.data.presets[0]?.filters).toEqual({
      ...EMPTY_FILTERS,
      insertDate: '2024-04-22',
      insertDateTo: '',
    })
  })

  it('a range is saved and read back whole', () => {
    const text = JSON.stringify({ version: 2, defaultId: 'p1', presets: [preset({})] })
    expect(parsePresetsFile(text, ids).data.presets[0]?.filters).toMatchObject({
      insertDate: '2024-04-01',
      insertDateTo: '2024-04-30',
    })
  })

  it('an exported range imports as a range; an older export without To imports as a single date', () => {
    const exported = JSON.parse(serialiseExport([preset({})], ids.now())) as { presets: unknown[] }
    const old = { name: 'Old', filters: filtersBeforeRanges, pageSize: 50 }
    const file = JSON.stringify({ ...exported, presets: [...exported.presets, old] })
    const answer = planImport(file, [])
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.plan.candidates.map((candidate) => candidate.filters)).toEqual([
      preset({}).filters,
      { ...EMPTY_FILTERS, insertDate: '2024-04-22', insertDateTo: '' },
    ])
  })

  it('an old export of a preset that already exists is recognised as identical, not added twice', () => {
    const existing = preset({ name: 'Old', filters: { ...EMPTY_FILTERS, insertDate: '2024-04-22' } })
    const file = JSON.stringify({
      format: 'opt-out-desk-presets',
      version: 1,
      presets: [{ name: 'Old', filters: filtersBeforeRanges, pageSize: 100 }],
    })
    const answer = planImport(file, [existing])
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.plan.skipped).toEqual([
      { entry: 1, name: 'Old', reason: 'An identical preset already exists.' },
    ])
  })

  it('an imported range that cannot be searched is skipped with the reason', () => {
    const file = JSON.stringify({
      format: 'opt-out-desk-presets',
      version: 1,
      presets: [
        {
          name: 'Backwards',
          filters: { ...EMPTY_FILTERS, insertDate: '2024-05-01', insertDateTo: '2024-04-01' },
          pageSize: 100,
        },
      ],
    })
    const answer = planImport(file, [])
    if ('error' in answer) throw new Error(answer.error)
    expect(answer.plan.skipped[0]?.reason).toBe(
      'filters.insertDateTo: To must be the same day as From or later.',
    )
  })
})
