import { describe, expect, it } from 'vitest'
import { clampPage, lastReachablePage, MAX_OFFSET, offsetForPage, pagerState } from '../../src/shared/paging'

describe('pager arithmetic', () => {
  it('no rows: one empty page', () => {
    expect(pagerState(0, 0, 100, 0)).toEqual({
      page: 1,
      pageCount: 1,
      firstRow: 0,
      lastRow: 0,
      total: 0,
      unreachableRows: 0,
    })
  })

  it('exactly one full page', () => {
    expect(pagerState(100, 0, 100, 100)).toMatchObject({ page: 1, pageCount: 1, firstRow: 1, lastRow: 100 })
  })

  it('one row past a full page makes a second page', () => {
    expect(lastReachablePage(101, 100)).toBe(2)
    expect(pagerState(101, 100, 100, 1)).toMatchObject({ page: 2, pageCount: 2, firstRow: 101, lastRow: 101 })
  })

  it('"Showing 1,001–2,000 of 12,345"', () => {
    expect(pagerState(12_345, 1000, 1000, 1000)).toMatchObject({
      page: 2,
      pageCount: 13,
      firstRow: 1001,
      lastRow: 2000,
      total: 12_345,
    })
  })

  it('never offers a page whose offset is above the API cap', () => {
    // 1000-row pages: offsets 0 … 1,000,000 → 1001 pages, 1,001,000 rows.
    expect(lastReachablePage(5_000_000, 1000)).toBe(1001)
    expect(offsetForPage(1001, 1000)).toBe(MAX_OFFSET)
    expect(pagerState(5_000_000, MAX_OFFSET, 1000, 1000)).toMatchObject({
      page: 1001,
      pageCount: 1001,
      lastRow: 1_001_000,
      unreachableRows: 3_999_000,
    })
    // 25-row pages: the last offset the API accepts is 1,000,000 itself.
    expect(lastReachablePage(5_000_000, 25)).toBe(40_001)
    expect(offsetForPage(40_001, 25)).toBe(MAX_OFFSET)
    // 250-row pages: 1,000,000 is a page start too.
    expect(offsetForPage(lastReachablePage(5_000_000, 250), 250)).toBe(MAX_OFFSET)
    // 100-row pages at exactly the cap: everything reachable.
    expect(pagerState(1_000_100, 0, 100, 100).unreachableRows).toBe(0)
    expect(pagerState(1_000_101, 0, 100, 100).unreachableRows).toBe(1)
  })

  it('stops at a lower limit where the API host has shown one', () => {
    expect(lastReachablePage(2500, 100, 1000)).toBe(11)
    expect(pagerState(2500, 1000, 100, 100, 1000)).toMatchObject({ pageCount: 11, unreachableRows: 1400 })
    expect(clampPage(25, 2500, 100, 1000)).toBe(11)
    expect(lastReachablePage(2500, 1000, 1999)).toBe(2)
  })

  it.each([
    [0, 50, 100, 1],
    [-3, 50, 100, 1],
    [7.8, 5000, 100, 7],
    [999, 5000, 100, 50],
    [Number.NaN, 5000, 100, 1],
    [10, 0, 100, 1],
    [2_000_000, 5_000_000, 1000, 1001],
  ])('clamps page %s (total %s, size %s) to %s', (requested, total, size, expected) => {
    expect(clampPage(requested, total, size)).toBe(expected)
  })
})
