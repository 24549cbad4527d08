import { describe, expect, it } from 'vitest'
import {
  comparisonSummary,
  comparisonWarnings,
  filterNotes,
} from '../../../../src/main/services/compare/compare-notes'
import type { CompareSide } from '../../../../src/shared/compare'

/** The sentences a comparison comes with, in the words the window shows. */

function side(overrides: Partial<CompareSide> = {}): CompareSide {
  return {
    fileName: 'march.xlsx',
    filePath: '/r/march.xlsx',
    format: 'xlsx',
    generatedAt: '2026-03-01T09:00:00.000Z',
    rows: 1000,
    filtersDescription: 'all records',
    paramsAsSent: {},
    integrity: 'intact',
    integrityDetail: 'The rows are exactly as written.',
    recordedSha256: 'a'.repeat(64),
    actualSha256: 'a'.repeat(64),
    partial: false,
    appVersion: '1.0.0',
    ...overrides,
  }
}

describe('filter notes', () => {
  it('says nothing when the filters match', () => {
    expect(
      filterNotes(
        side({ paramsAsSent: { campaign_id: '12' } }),
        side({ paramsAsSent: { campaign_id: '12' } }),
      ),
    ).toEqual([])
  })

  it('says which report covers less and how the lists read because of it', () => {
    expect(filterNotes(side({ paramsAsSent: { campaign_id: '12' } }), side())).toEqual([
      'The older report covers only campaign 12, the newer every campaign: records outside campaign 12 will read as added, not as new opt-outs.',
    ])
    expect(filterNotes(side(), side({ paramsAsSent: { reason: '-BLANK-' } }))).toEqual([
      'The older report covers every reason, the newer only reason blank: records outside reason blank will read as removed, though Convoso may still hold them.',
    ])
    expect(
      filterNotes(
        side({ paramsAsSent: { campaign_id: '0', insert_date: '2026-03-01' } }),
        side({ paramsAsSent: { campaign_id: '14', insert_date: '2026-03-01' } }),
      ),
    ).toEqual([
      'The older report covers only global opt-outs (campaign 0), the newer only campaign 14: records of one and not the other will read as removed or added, not as deleted or new opt-outs.',
    ])
  })
})

describe('warnings', () => {
  it('names a modified, unverified or partial report, a missing generation time and repeated ids', () => {
    const warnings = comparisonWarnings(
      side({
        integrity: 'modified',
        integrityDetail: '2 rows fewer than the 1,000 recorded.',
        partial: true,
      }),
      side({
        fileName: 'june.csv',
        integrity: 'unverified',
        integrityDetail: 'Its hash method is unknown.',
        generatedAt: null,
      }),
      { older: 0, newer: 3 },
    )
    expect(warnings).toEqual([
      'The older report (march.xlsx) reads as Modified: 2 rows fewer than the 1,000 recorded. Its rows are not all as Opt-Out Desk wrote them, so a difference may come from that edit rather than from Convoso.',
      'The older report (march.xlsx) is partial: it holds only the first 1,000 records Convoso let the app reach, so records past them read as added.',
      'The newer report (june.csv) could not be verified: Its hash method is unknown.',
      'The newer report (june.csv) does not record when it was made, so the reports may be in the wrong order.',
      'The newer report (june.csv) holds the same record id more than once (3 repeats), which an export should never do; repeats are matched in file order and the rest read as added.',
    ])
  })

  it('says when both were made at the same moment', () => {
    expect(comparisonWarnings(side(), side(), { older: 0, newer: 0 })).toEqual([
      'Both reports record the same generation time, so which is older is a guess (the first chosen is taken as older).',
    ])
  })
})

describe('summary', () => {
  it('reads like the issue: counts with separators, re-entered and back-dated only when there are some', () => {
    const counts = {
      added: 4371,
      removed: 6,
      changed: 2,
      're-entered': 0,
      'back-dated': 0,
      unchanged: 1_000_004,
    }
    expect(comparisonSummary(1_000_012, 1_004_377, counts)).toBe(
      '1,000,012 → 1,004,377 records: 4,371 added, 6 removed, 2 changed',
    )
    expect(comparisonSummary(1, 1, { ...counts, 're-entered': 1, 'back-dated': 2 })).toBe(
      '1 → 1 record: 4,371 added, 6 removed, 2 changed, 1 re-entered (also counted as added and removed), 2 back-dated (also counted as added)',
    )
  })
})
