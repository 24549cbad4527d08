import { describe, expect, it } from 'vitest'
import {
  createRowStoreBuilder,
  rowStoreFromColumns,
  transferablesOf,
} from '../../../../src/main/services/offline/row-store'
import { EDGE_ROWS, fixtureRecords } from './helpers'

/** columnsCopy: the columns as copies of their own, made a slice at a time, for handing rows to a worker. */
describe("a row store's columns copied for a worker", () => {
  it('rebuild the same rows, share no buffer with the store, and let main take turns', async () => {
    const rows = [...EDGE_ROWS, ...fixtureRecords(25_000)]
    const builder = createRowStoreBuilder(rows.length)
    for (const row of rows) builder.append(row)
    const store = builder.finish()

    let turns = 0
    const ticking = setInterval(() => (turns += 1), 0)
    const copy = await store.columnsCopy()
    clearInterval(ticking)
    expect(turns).toBeGreaterThan(0)

    // Moving every buffer of the copy away leaves the store whole.
    structuredClone(copy, { transfer: transferablesOf(copy) })
    expect(store.record(0)).toEqual(rows[0])
    expect(store.record(rows.length - 1)).toEqual(rows[rows.length - 1])

    const again = await store.columnsCopy()
    expect(again.phoneNumbers).toEqual(store.columns().phoneNumbers)
    const rebuilt = await rowStoreFromColumns(again)
    expect(rebuilt.length).toBe(rows.length)
    for (let row = 0; row < rows.length; row += 997) expect(rebuilt.record(row)).toEqual(store.record(row))
    expect(rebuilt.record(rows.length - 1)).toEqual(store.record(rows.length - 1))
  })
})
