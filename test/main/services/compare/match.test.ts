import { describe, expect, it } from 'vitest'
import {
  BACK_DATED_MARGIN_MS,
  matchStores,
  type MatchResult,
} from '../../../../src/main/services/compare/match'
import { fieldChanges, phoneScopeKey } from '../../../../src/main/services/compare/record-diff'
import { createRowStoreBuilder, type RowStore } from '../../../../src/main/services/offline/row-store'
import type { OptOutRecord } from '../../../../src/shared/records'
import { record } from '../export/helpers'

/** Matching two small reports by record id: every list, and the rules' edges. */

function store(rows: readonly OptOutRecord[]): RowStore {
  const builder = createRowStoreBuilder(rows.length)
  for (const row of rows) builder.append(row)
  return builder.finish()
}

const OLDER_MADE = Date.UTC(2026, 5, 1, 12, 0, 0)

async function match(
  older: OptOutRecord[],
  newer: OptOutRecord[],
  olderGeneratedAt: number | null = OLDER_MADE,
) {
  const olderStore = store(older)
  const newerStore = store(newer)
  const result = await matchStores(olderStore, newerStore, { olderGeneratedAt })
  const ids = (rows: Uint32Array, from: RowStore): string[] => Array.from(rows, (row) => from.record(row).id)
  return {
    result,
    removed: ids(result.removed, olderStore),
    added: ids(result.added, newerStore),
    changed: ids(result.changed.newer, newerStore),
    changedWas: ids(result.changed.older, olderStore),
    reEntered: ids(result.reEntered, newerStore),
    backDated: ids(result.backDated, newerStore),
    previousOf: (id: string): string[] => {
      const row = Array.from(result.reEntered).find((at) => newerStore.record(at).id === id)
      return (row === undefined ? [] : (result.previous.get(row) ?? [])).map((at) => olderStore.record(at).id)
    },
  }
}

const counts = (result: MatchResult) => ({
  removed: result.removed.length,
  added: result.added.length,
  changed: result.changed.newer.length,
  unchanged: result.unchanged,
})

describe('matching by record id', () => {
  it('finds removed, changed and added records whatever order the rows are in', async () => {
    const older = [record(5), record(3), record(9), record(1), record(7)]
    const newer = [record(11), record(1), record(9, { reason: 'edited' }), record(5), record(3)]
    const { result, removed, added, changed, changedWas } = await match(older, newer)
    expect(removed).toEqual(['7'])
    expect(added).toEqual(['11'])
    expect(changed).toEqual(['9'])
    expect(changedWas).toEqual(['9'])
    expect(counts(result)).toEqual({ removed: 1, added: 1, changed: 1, unchanged: 3 })
    expect(result.duplicateIds).toEqual({ older: 0, newer: 0 })
  })

  it('sorts ids too large to pack with the rows and negative ids, numerically not as text', async () => {
    const big = 2 ** 40
    const older = [record(big + 2), record(-5), record(10), record(big), record(9)]
    const newer = [record(9), record(big + 2, { purpose: 'SALES' }), record(-5), record(100)]
    const { removed, added, changed } = await match(older, newer)
    expect(removed.sort()).toEqual([String(big), '10'].sort())
    expect(added).toEqual(['100'])
    expect(changed).toEqual([String(big + 2)])
  })

  it('matches text ids by their exact text: "007" is not 7, and a 16-digit id keeps every digit', async () => {
    const older = [
      record(7),
      record(1, { id: '007' }),
      record(2, { id: 'A-100' }),
      record(3, { id: '1234567890123456' }),
    ]
    const newer = [
      record(7, { reason: 'Reason 1' }),
      record(1, { id: '007' }),
      record(3, { id: '1234567890123457' }),
      record(2, { id: 'A-100', campaign_name: 'Renamed' }),
    ]
    const { removed, added, changed } = await match(older, newer)
    expect(changed.sort()).toEqual(['7', 'A-100'])
    expect(removed).toEqual(['1234567890123456'])
    expect(added).toEqual(['1234567890123457'])
  })

  it('counts a repeated id within one report and pairs its occurrences in file order', async () => {
    const older = [record(1), record(2), record(2, { reason: 'second copy' }), record(3)]
    const newer = [record(1), record(2), record(3), record(3), record(3)]
    const { result, removed, added } = await match(older, newer)
    expect(result.duplicateIds).toEqual({ older: 1, newer: 2 })
    expect(removed).toEqual(['2'])
    expect(added).toEqual(['3', '3'])
    expect(result.unchanged).toBe(3)
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      matchStores(store([record(1)]), store([record(2)]), {
        olderGeneratedAt: null,
        signal: controller.signal,
      }),
    ).rejects.toThrow(/cancelled/)
  })
})

describe('changed fields', () => {
  it('lists every field of the eight that differs, before and after, and ignores fields the app does not know', () => {
    const before = record(4, { extra: { campaign_uid: 'a' } })
    const after = record(4, {
      reason: 'STOP',
      insert_date: '2024-04-23',
      phone_number: '02079460001',
      extra: { campaign_uid: 'b' },
    })
    expect(fieldChanges(before, after)).toEqual([
      { field: 'phone_number', before: '02079460004', after: '02079460001' },
      { field: 'reason', before: 'Reason 4', after: 'STOP' },
      { field: 'insert_date', before: '2024-04-22 17:01:31', after: '2024-04-23' },
    ])
    expect(fieldChanges(before, record(4, { extra: { campaign_uid: 'b' } }))).toEqual([])
  })

  it('treats whitespace and case as changes: values are compared as Convoso sent them', async () => {
    const { changed } = await match(
      [record(1), record(2)],
      [record(1, { reason: 'Reason 1 ' }), record(2, { purpose: 'telemkt' })],
    )
    expect(changed).toEqual(['1', '2'])
  })
})

describe('re-entered records', () => {
  const phone = { phone_code: '1', phone_number: '8181233567' }

  it('pairs an added record with the removed one(s) of the same phone digits and scope; both stay counted', async () => {
    const older = [
      record(1, { ...phone, campaign_id: '0', purpose: '' }),
      record(2, { phone_code: '', phone_number: '1-818-123-3567', campaign_id: '0', purpose: '' }),
      record(3),
    ]
    const newer = [record(3), record(50, { ...phone, campaign_id: '0', purpose: '' })]
    const { result, reEntered, removed, added, previousOf } = await match(older, newer)
    expect(reEntered).toEqual(['50'])
    expect(previousOf('50')).toEqual(['1', '2'])
    expect(removed).toEqual(['1', '2'])
    expect(added).toEqual(['50'])
    expect(result.reEntered.length).toBe(1)
  })

  it('is not re-entered under another campaign or another purpose', async () => {
    const older = [record(1, { ...phone, campaign_id: '0', purpose: 'TELEMKT' })]
    const newer = [
      record(60, { ...phone, campaign_id: '1001', purpose: 'TELEMKT' }),
      record(61, { ...phone, campaign_id: '0', purpose: 'SALES' }),
      record(62, { phone_code: '44', phone_number: '8181233567', campaign_id: '0', purpose: 'TELEMKT' }),
    ]
    const { reEntered, added } = await match(older, newer)
    expect(reEntered).toEqual([])
    expect(added).toEqual(['60', '61', '62'])
  })

  it('keys a phone by its digits, code first', () => {
    expect(
      phoneScopeKey({ phone_code: '+1', phone_number: '(818) 123-3567', campaign_id: '0', purpose: '' }),
    ).toBe(phoneScopeKey({ phone_code: '', phone_number: '18181233567', campaign_id: '0', purpose: '' }))
  })
})

describe('back-dated records', () => {
  const at = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')

  it('flags an added record inserted more than 14 hours before the older report was made, and no other', async () => {
    const newer = [
      record(10, { insert_date: at(OLDER_MADE - BACK_DATED_MARGIN_MS - 1000) }),
      record(11, { insert_date: at(OLDER_MADE - BACK_DATED_MARGIN_MS) }),
      record(12, { insert_date: at(OLDER_MADE - 3_600_000) }),
      record(13, { insert_date: at(OLDER_MADE + 3_600_000) }),
      record(14, { insert_date: 'not a date' }),
    ]
    const { backDated, added } = await match([], newer)
    expect(backDated).toEqual(['10'])
    expect(added).toHaveLength(5)
  })

  it('reads a date without a time as the end of that day', async () => {
    const newer = [record(20, { insert_date: '2026-05-31' }), record(21, { insert_date: '2026-05-30' })]
    // 2026-05-31 23:59:59 is 12 h before 2026-06-01 12:00 UTC: within the margin.
    const { backDated } = await match([], newer)
    expect(backDated).toEqual(['21'])
  })

  it('flags none when the older report does not record when it was made, and never a record both hold', async () => {
    const old = record(30, { insert_date: '2020-01-01 00:00:00' })
    expect((await match([], [old], null)).backDated).toEqual([])
    expect((await match([old], [old, record(31, { insert_date: '2020-01-01' })])).backDated).toEqual(['31'])
  })
})
