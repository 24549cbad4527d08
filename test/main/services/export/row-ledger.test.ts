import { describe, expect, it } from 'vitest'
import { createRowLedger } from '../../../../src/main/services/export/row-ledger'
import type { OptOutRecord } from '../../../../src/shared/records'
import { records } from './helpers'

const page = (offset: number, limit: number, total: number, rows: OptOutRecord[], arrival: number) => ({
  offset,
  limit,
  arrival,
  page: { offset, limit, total, records: rows },
})

describe('row ledger', () => {
  it('drops ids already written when an insert shifts later pages, and says the data changed', () => {
    const ledger = createRowLedger({ rowCap: 1000 })
    const before = records(30)
    // Page 0 read before two rows were inserted at the start; pages 10 and 20 after.
    const after = records(2, 900).concat(before)
    const written = [
      ...ledger.accept(page(0, 10, 30, before.slice(0, 10), 0)),
      ...ledger.accept(page(10, 10, 32, after.slice(10, 20), 1)),
      ...ledger.accept(page(20, 10, 32, after.slice(20, 30), 2)),
      ...ledger.accept(page(30, 10, 32, after.slice(30, 40), 3)),
    ]
    expect(written.map((row) => row.id)).toEqual(before.map((row) => row.id))
    const stats = ledger.stats()
    expect(stats).toMatchObject({ totalAtStart: 30, totalAtEnd: 32, rowsAccepted: 30, duplicatesRemoved: 2 })
    expect(stats.changes).toHaveLength(2)
    expect(stats.changes.join(' ')).toContain('30 matching records at the start and 32 at the end')
  })

  it('takes the end total from the page that arrived last, not the one written last', () => {
    const ledger = createRowLedger({ rowCap: 1000 })
    ledger.accept(page(0, 10, 20, records(10), 0))
    ledger.accept(page(10, 10, 25, records(10, 11), 1))
    expect(ledger.stats().totalAtEnd).toBe(25)
    const other = createRowLedger({ rowCap: 1000 })
    other.accept(page(0, 10, 20, records(10), 0))
    other.accept(page(10, 10, 25, records(10, 11), 2))
    other.accept(page(20, 10, 22, [], 1))
    expect(other.stats().totalAtEnd).toBe(25)
  })

  it('counts a page shorter than its own total promised as data changed (rows deleted meanwhile)', () => {
    const ledger = createRowLedger({ rowCap: 1000 })
    ledger.accept(page(0, 10, 25, records(10), 0))
    ledger.accept(page(10, 10, 25, records(4, 11), 1))
    const stats = ledger.stats()
    expect(stats.shortPages).toBe(1)
    expect(stats.changes.join(' ')).toContain('shorter')
  })

  it('does not call the last page short when it is short only because the data or the cap ends there', () => {
    const ledger = createRowLedger({ rowCap: 15 })
    ledger.accept(page(0, 10, 100, records(10), 0))
    ledger.accept(page(10, 10, 100, records(5, 11), 1))
    expect(ledger.stats()).toMatchObject({ shortPages: 0, changes: [] })
  })

  it('keeps ids that differ as text apart, leading zeros included', () => {
    const ledger = createRowLedger({ rowCap: 1000 })
    const rows = [
      records(1)[0],
      { ...records(1)[0], id: '01' },
      { ...records(1)[0], id: 'x1' },
    ] as OptOutRecord[]
    expect(ledger.accept(page(0, 10, 3, rows, 0))).toHaveLength(3)
  })
})
