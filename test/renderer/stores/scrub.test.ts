import { describe, expect, it } from 'vitest'
import {
  campaignProblem,
  firstVerdictWithRows,
  runUnavailableReason,
  useScrubStore,
} from '../../../src/renderer/src/stores/scrub'
import type { ScrubOutcome } from '../../../src/shared/scrub-result'
import type { SendListPreview } from '../../../src/shared/scrub'

const PREVIEW: SendListPreview = {
  listId: 'list-1',
  fileName: 'june.csv',
  filePath: '/lists/june.csv',
  format: 'csv',
  fileBytes: 120,
  header: ['Name', 'Phone'],
  hasHeaderRow: true,
  sample: [['Ann', '(212) 980-0001']],
  suggestedPhoneColumn: 1,
  suggestedCodeColumn: null,
  rowsEstimate: 1,
}

describe('campaignProblem: the campaign typed for a send', () => {
  it('takes nothing, or a campaign ID in digits', () => {
    expect(campaignProblem('')).toBeNull()
    expect(campaignProblem('  ')).toBeNull()
    expect(campaignProblem('1003')).toBeNull()
    expect(campaignProblem(' 42 ')).toBeNull()
  })

  it('says what is wrong with anything else, and that 0 is the global list', () => {
    expect(campaignProblem('Spring')).toMatch(/digits only/)
    expect(campaignProblem('-1')).toMatch(/digits only/)
    expect(campaignProblem('0')).toMatch(/global list/)
  })
})

describe('runUnavailableReason: why "Scrub the list" waits', () => {
  const ready = () => ({
    ...useScrubStore.getState(),
    list: { phase: 'ready' as const, preview: PREVIEW },
    phoneColumn: 1,
    snapshot: { kind: 'opened' as const },
  })

  it('names the first thing missing: the list, its phone column, the snapshot, a usable campaign', () => {
    expect(runUnavailableReason(useScrubStore.getState())).toBe('Choose a send list first.')
    expect(runUnavailableReason({ ...ready(), phoneColumn: null })).toMatch(/phone numbers/)
    expect(runUnavailableReason({ ...ready(), snapshot: null })).toMatch(/report of opt-outs/)
    expect(runUnavailableReason({ ...ready(), campaignId: 'x' })).toMatch(/campaign ID/)
    expect(runUnavailableReason(ready())).toBeNull()
  })
})

describe('firstVerdictWithRows: the tab shown first', () => {
  const outcome = (counts: ScrubOutcome['counts']) => ({ counts }) as ScrubOutcome
  it('is Do not send when it has rows, else the next tab that has', () => {
    expect(
      firstVerdictWithRows(outcome({ 'do-not-send': 2, review: 1, clear: 5, invalid: 0, duplicate: 0 })),
    ).toBe('do-not-send')
    expect(
      firstVerdictWithRows(outcome({ 'do-not-send': 0, review: 0, clear: 5, invalid: 3, duplicate: 0 })),
    ).toBe('invalid')
    expect(
      firstVerdictWithRows(outcome({ 'do-not-send': 0, review: 0, clear: 0, invalid: 0, duplicate: 0 })),
    ).toBe('do-not-send')
  })
})
