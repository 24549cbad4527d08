import { describe, expect, it } from 'vitest'
import {
  DEMO_CAMPAIGNS,
  EDGE_CASE_REASONS,
  FORMULA_REASON,
  generateDemoRecords,
  mulberry32,
} from '../../../../src/main/services/demo-convoso/dataset'
import { KNOWN_PURPOSES } from '../../../../src/shared/filters'

const records = generateDemoRecords()

describe('generateDemoRecords', () => {
  it('makes 25,000 records by default and exactly as many as asked', () => {
    expect(records).toHaveLength(25_000)
    expect(generateDemoRecords(7)).toHaveLength(7)
    expect(generateDemoRecords(0)).toEqual([])
  })

  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generateDemoRecords())).toBe(JSON.stringify(records))
    expect(records[0]?.id).toBe('2700001')
    expect(generateDemoRecords(500, 1)).toEqual(generateDemoRecords(500, 1))
    expect(generateDemoRecords(500, 1)).not.toEqual(generateDemoRecords(500, 2))
  })

  it('does not depend on Math.random', () => {
    const original = Math.random
    Math.random = () => 0.5
    try {
      const again = generateDemoRecords(200)
      Math.random = () => 0.1
      expect(generateDemoRecords(200)).toEqual(again)
    } finally {
      Math.random = original
    }
  })

  it('gives unique, ascending numeric ids', () => {
    const ids = records.map((record) => Number(record.id))
    expect(ids.every((id) => Number.isSafeInteger(id))).toBe(true)
    expect(ids.filter((id, i) => i > 0 && id <= (ids[i - 1] ?? 0))).toEqual([])
  })

  it('uses the global list (0, no name) and the named campaigns consistently', () => {
    const names = new Map(DEMO_CAMPAIGNS.map((campaign) => [campaign.id, campaign.name]))
    const used = new Set(records.map((record) => record.campaign_id))
    expect(used).toEqual(new Set(names.keys()))
    expect(names.size).toBe(7)
    expect(records.filter((record) => record.campaign_name !== names.get(record.campaign_id))).toEqual([])
    const global = records.filter((record) => record.campaign_id === '0').length
    expect(global / records.length).toBeGreaterThan(0.25)
  })

  it('mixes blank and non-blank reasons and purposes; purposes are known values', () => {
    const blankReasons = records.filter((record) => record.reason.trim() === '').length
    const blankPurposes = records.filter((record) => record.purpose === '').length
    expect(blankReasons / records.length).toBeGreaterThan(0.15)
    expect(blankReasons / records.length).toBeLessThan(0.4)
    expect(blankPurposes / records.length).toBeGreaterThan(0.2)
    const purposes = new Set(records.map((record) => record.purpose).filter((purpose) => purpose !== ''))
    expect(purposes).toEqual(new Set(KNOWN_PURPOSES))
  })

  it('spans several country codes, mostly 1, with leading-zero numbers outside the US', () => {
    const codes = new Map<string, number>()
    for (const record of records) codes.set(record.phone_code, (codes.get(record.phone_code) ?? 0) + 1)
    expect([...codes.keys()].sort()).toEqual(['1', '33', '44', '49', '52', '61'])
    expect((codes.get('1') ?? 0) / records.length).toBeGreaterThan(0.7)
    expect(records.filter((record) => !/^\d+$/.test(record.phone_number))).toEqual([])
    const us = records.filter((record) => record.phone_code === '1')
    expect(us.filter((record) => !/^[2-9]\d{2}[2-9]\d{6}$/.test(record.phone_number))).toEqual([])
    expect(records.some((record) => record.phone_code !== '1' && record.phone_number.startsWith('0'))).toBe(
      true,
    )
  })

  it('repeats some numbers across campaigns but never within one campaign', () => {
    const triples = new Set(records.map((r) => `${r.phone_code}|${r.phone_number}|${r.campaign_id}`))
    expect(triples.size).toBe(records.length)
    const numbers = new Map<string, number>()
    for (const record of records) {
      const phone = `${record.phone_code}|${record.phone_number}`
      numbers.set(phone, (numbers.get(phone) ?? 0) + 1)
    }
    expect([...numbers.values()].some((count) => count > 1)).toBe(true)
  })

  it('stamps insert dates as YYYY-MM-DD HH:MM:SS over two years, in id order', () => {
    const format = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
    expect(records.filter((record) => !format.test(record.insert_date))).toEqual([])
    const dates = records.map((record) => record.insert_date)
    expect([...dates].sort()).toEqual(dates)
    expect(dates[0]?.startsWith('2022-04-23')).toBe(true)
    expect(dates.at(-1)?.startsWith('2024-04-22')).toBe(true)
  })

  it('carries every export edge case, and exactly one formula-like reason', () => {
    const small = generateDemoRecords(50)
    for (const reason of EDGE_CASE_REASONS)
      expect(small.some((record) => record.reason === reason)).toBe(true)
    expect(small.filter((record) => record.reason === FORMULA_REASON)).toHaveLength(1)
    expect(records.filter((record) => record.reason.startsWith('='))).toHaveLength(1)
    const reasons = records.map((record) => record.reason)
    expect(reasons.some((reason) => reason.includes(','))).toBe(true)
    expect(reasons.some((reason) => reason.includes('"'))).toBe(true)
    expect(reasons.some((reason) => reason.includes('\n'))).toBe(true)
    expect(reasons.some((reason) => /[éíú]/.test(reason))).toBe(true)
  })

  it('still places the formula reason in a tiny sample', () => {
    expect(generateDemoRecords(5).some((record) => record.reason === FORMULA_REASON)).toBe(true)
  })
})

describe('mulberry32', () => {
  it('yields the same sequence for the same seed, in [0, 1)', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const first = Array.from({ length: 1000 }, () => a())
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first)
    expect(first.filter((value) => !(value >= 0 && value < 1))).toEqual([])
    expect(new Set(first).size).toBeGreaterThan(990)
  })
})
