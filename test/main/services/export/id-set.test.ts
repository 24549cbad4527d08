import { describe, expect, it } from 'vitest'
import { IdSet } from '../../../../src/main/services/export/id-set'

describe('IdSet', () => {
  it('says whether an id is new, for numeric and other ids alike', () => {
    const ids = new IdSet()
    expect(ids.add('1001')).toBe(true)
    expect(ids.add('1001')).toBe(false)
    expect(ids.add('abc-1')).toBe(true)
    expect(ids.add('abc-1')).toBe(false)
    expect(ids.size).toBe(2)
  })

  it('keeps ids that read as the same number apart when their text differs', () => {
    const ids = new IdSet()
    for (const id of ['7', '007', '7.0', ' 7', '0']) expect(ids.add(id), id).toBe(true)
    expect(ids.size).toBe(5)
  })

  it('is exact for the largest ids a double holds and beyond', () => {
    const ids = new IdSet()
    expect(ids.add('999999999999999')).toBe(true)
    expect(ids.add('999999999999998')).toBe(true)
    // 16 digits would round as a number, so they are compared as text.
    expect(ids.add('9007199254740993')).toBe(true)
    expect(ids.add('9007199254740992')).toBe(true)
    expect(ids.add('999999999999999')).toBe(false)
    expect(ids.size).toBe(4)
  })

  it('stays exact through growth: 300,000 sequential and scattered ids, each new once', () => {
    const ids = new IdSet()
    const all: string[] = []
    for (let index = 1; index <= 150_000; index += 1) all.push(String(index))
    for (let index = 1; index <= 150_000; index += 1) all.push(String(index * 4_294_967_296 + 12_345))
    expect(all.filter((id) => ids.add(id)).length).toBe(all.length)
    expect(all.filter((id) => ids.add(id)).length).toBe(0)
    expect(ids.size).toBe(all.length)
    expect(ids.add('150001')).toBe(true)
  })
})
