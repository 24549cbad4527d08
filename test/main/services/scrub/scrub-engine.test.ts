import { describe, expect, it } from 'vitest'
import {
  collectMatchedRecords,
  judgeList,
  ScrubCancelled,
  verdictOfCode,
} from '../../../../src/main/services/scrub/scrub-engine'
import { buildSnapshotIndex, rowsWithKey } from '../../../../src/main/services/scrub/snapshot-index'
import type { OptOutRecord } from '../../../../src/shared/records'
import type { ScrubRules } from '../../../../src/shared/scrub-result'
import { keysOf, record, storeOf, testListKeys } from './doubles'

const RULES: Pick<ScrubRules, 'campaignId'> = { campaignId: '42' }

async function judge(records: OptOutRecord[], cells: string[], rules = RULES) {
  const store = storeOf(records)
  const index = buildSnapshotIndex(keysOf(store))
  const judgement = await judgeList(testListKeys(cells), { index, store }, rules)
  const verdicts = [...judgement.verdict].map(verdictOfCode)
  const matchesOf = (row: number) =>
    [...judgement.matchRows.subarray(judgement.matchStarts[row], judgement.matchStarts[row + 1])].map(
      (snapshotRow) => store.record(snapshotRow).id,
    )
  return { judgement, verdicts, matchesOf }
}

describe('the snapshot index', () => {
  it('finds every row of a key, in row order, and nothing for an absent or invalid key', () => {
    const keys = new Float64Array([30, 10, Number.NaN, 30, 20, 10, 30])
    const index = buildSnapshotIndex(keys)
    expect(index.distinct).toBe(3)
    expect(rowsWithKey(index, 30)).toEqual([0, 3, 6])
    expect(rowsWithKey(index, 10)).toEqual([1, 5])
    expect(rowsWithKey(index, 20)).toEqual([4])
    expect(rowsWithKey(index, 25)).toEqual([])
    expect(rowsWithKey(index, Number.NaN)).toEqual([])
  })

  it('holds an empty snapshot, and keys that collide in the table', () => {
    expect(rowsWithKey(buildSnapshotIndex(new Float64Array(0)), 1)).toEqual([])
    // 5,000 E.164-sized keys in a 16,384-slot table: probing must keep every one apart.
    const keys = Float64Array.from({ length: 5000 }, (_, row) => 447_700_900_000 + (row % 2500) * 4096)
    const index = buildSnapshotIndex(keys)
    expect(index.distinct).toBe(2500)
    for (let row = 0; row < 2500; row += 1)
      expect(rowsWithKey(index, keys[row] as number)).toEqual([row, row + 2500])
    expect(rowsWithKey(index, 447_700_900_001)).toEqual([])
  })
})

describe('the scrub rules, row by row', () => {
  it('a global opt-out is do-not-send; a number with no record is clear', async () => {
    const { verdicts, matchesOf } = await judge(
      [record({ id: '1', phone_number: '8181233567', campaign_id: '0' })],
      ['+1 818 123 3567', '+1 213 555 0100'],
    )
    expect(verdicts).toEqual(['do-not-send', 'clear'])
    expect(matchesOf(0)).toEqual(['1'])
    expect(matchesOf(1)).toEqual([])
  })

  it("the chosen campaign's opt-out stops a number; another campaign's alone leaves it clear with the record", async () => {
    const records = [
      record({ id: '1', phone_number: '2135550100', campaign_id: '42' }),
      record({ id: '2', phone_number: '2135550101', campaign_id: '12' }),
      record({ id: '3', phone_number: '2135550102', campaign_id: '042' }),
    ]
    const { verdicts, matchesOf } = await judge(records, ['+12135550100', '+12135550101', '+12135550102'])
    expect(verdicts).toEqual(['do-not-send', 'clear', 'do-not-send'])
    expect(matchesOf(1)).toEqual(['2'])
  })

  it('with no campaign chosen, campaign opt-outs leave a number clear', async () => {
    const { verdicts } = await judge(
      [record({ phone_number: '2135550100', campaign_id: '42' })],
      ['+12135550100'],
      { campaignId: null },
    )
    expect(verdicts).toEqual(['clear'])
  })

  it('purpose-scoped records (campaign -1, or a purpose on a global or chosen-campaign record) are review', async () => {
    const records = [
      record({ phone_number: '2135550100', campaign_id: '-1', purpose: '' }),
      record({ phone_number: '2135550101', campaign_id: '0', purpose: 'TELEMKT' }),
      record({ phone_number: '2135550102', campaign_id: '42', purpose: 'INFORM' }),
      record({ phone_number: '2135550103', campaign_id: '12', purpose: 'INFORM' }),
    ]
    const { verdicts } = await judge(records, [
      '+12135550100',
      '+12135550101',
      '+12135550102',
      '+12135550103',
    ])
    expect(verdicts).toEqual(['review', 'review', 'review', 'clear'])
  })

  it('several records for one number: the strictest wins and every record is listed, blocking first', async () => {
    const records = [
      record({ id: 'other', phone_number: '2135550100', campaign_id: '12' }),
      record({ id: 'scoped', phone_number: '2135550100', campaign_id: '0', purpose: 'TELEMKT' }),
      record({ id: 'global', phone_number: '2135550100', campaign_id: '0' }),
      record({ id: 'scoped-only', phone_number: '2135550199', campaign_id: '-1' }),
      record({ id: 'other-too', phone_number: '2135550199', campaign_id: '7' }),
    ]
    const { verdicts, matchesOf } = await judge(records, ['+12135550100', '+12135550199'])
    expect(verdicts).toEqual(['do-not-send', 'review'])
    expect(matchesOf(0)).toEqual(['global', 'scoped', 'other'])
    expect(matchesOf(1)).toEqual(['scoped-only', 'other-too'])
  })

  it('a repeated number is judged once: later rows are duplicates with no records; junk is invalid', async () => {
    const { verdicts, matchesOf, judgement } = await judge(
      [record({ phone_number: '8181233567', campaign_id: '0' })],
      ['+1 818 123 3567', 'call me', '+1 (818) 123-3567', '', '+1 213 555 0100', '+12135550100'],
    )
    expect(verdicts).toEqual(['do-not-send', 'invalid', 'duplicate', 'invalid', 'clear', 'duplicate'])
    expect(matchesOf(2)).toEqual([])
    expect(judgement.counts).toEqual({ 'do-not-send': 1, review: 0, clear: 1, invalid: 2, duplicate: 2 })
  })

  it('the same digits under another country code do not match', async () => {
    const { verdicts } = await judge(
      [record({ phone_code: '44', phone_number: '8181233567', campaign_id: '0' })],
      ['+1 818 123 3567'],
    )
    expect(verdicts).toEqual(['clear'])
  })
})

describe('judging a long list', () => {
  it('reports progress in rows and stops at a cancel between slices', async () => {
    const store = storeOf([record({ campaign_id: '0' })])
    const index = buildSnapshotIndex(keysOf(store))
    const cells = Array.from({ length: 5000 }, (_, row) => `+1213555${String(row).padStart(4, '0')}`)
    const progress: number[] = []
    const done = await judgeList(testListKeys(cells), { index, store }, RULES, {
      sliceRows: 1000,
      onProgress: (rows) => progress.push(rows),
    })
    expect(progress).toEqual([1000, 2000, 3000, 4000, 5000])
    expect(done.counts.clear).toBe(5000)

    const controller = new AbortController()
    const cancelled = judgeList(testListKeys(cells), { index, store }, RULES, {
      sliceRows: 1000,
      signal: controller.signal,
      onProgress: (rows) => {
        if (rows === 2000) controller.abort()
      },
    })
    await expect(cancelled).rejects.toBeInstanceOf(ScrubCancelled)
  })
})

describe('the matched records', () => {
  it('are kept once each, with every match pointing at its copy', () => {
    const store = storeOf([
      record({ id: 'a', phone_number: '1' }),
      record({ id: 'b', phone_number: '2' }),
      record({ id: 'c', phone_number: '3' }),
    ])
    const { records, matchRecords } = collectMatchedRecords(store, new Uint32Array([2, 0, 2]))
    expect(records.length).toBe(2)
    expect([...matchRecords].map((local) => records.record(local).id)).toEqual(['c', 'a', 'c'])
  })
})
