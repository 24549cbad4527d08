import { describe, expect, it } from 'vitest'
import {
  progressShare,
  secondsLeft,
  speedText,
  timeLeftText,
  type ExportFigures,
} from '../../../src/renderer/src/lib/export-speed'

const figures = (
  rowsDone: number,
  rowsExpected: number | null,
  rowsPerSecond: number | null,
): ExportFigures => ({
  rowsDone,
  rowsExpected,
  rowsPerSecond,
})

describe('export speed and time left', () => {
  it('gives time left only when main measured a speed above zero', () => {
    expect(secondsLeft(figures(1000, 11_000, 500))).toBe(20)
    expect(secondsLeft(figures(1000, 11_000, null))).toBeNull()
    expect(secondsLeft(figures(1000, 11_000, 0))).toBeNull()
    expect(secondsLeft(figures(1000, null, 500))).toBeNull()
    expect(secondsLeft(null)).toBeNull()
  })

  it('never gives a negative time when more rows arrived than expected', () => {
    expect(secondsLeft(figures(12_000, 11_000, 500))).toBe(0)
  })

  it('says the speed, or that it is still being measured', () => {
    expect(speedText(figures(0, 100, null))).toBe('Measuring speed…')
    expect(speedText(null)).toBe('Measuring speed…')
    expect(speedText(figures(0, 100, 1200))).toBe('1,200 rows/s')
  })

  it('says the time left, that it waits for Convoso when rows stopped, or that it is estimating', () => {
    expect(timeLeftText(figures(1000, 11_000, 500))).toBe('About 20 s left')
    expect(timeLeftText(figures(1000, 11_000, 0))).toBe('Waiting for Convoso…')
    expect(timeLeftText(figures(1000, 11_000, null))).toBe('Estimating time left…')
    expect(timeLeftText(null)).toBe('Estimating time left…')
  })

  it('fills the meter by rows written, never past the end, rounding the percent down', () => {
    expect(progressShare(figures(999, 1000, null))).toEqual({
      written: 999,
      expected: 1000,
      fraction: 0.999,
      percent: 99,
    })
    expect(progressShare(figures(1200, 1000, null))).toMatchObject({
      expected: 1200,
      fraction: 1,
      percent: 100,
    })
    expect(progressShare(figures(0, null, null))).toEqual({
      written: 0,
      expected: 0,
      fraction: 0,
      percent: 0,
    })
    expect(progressShare(null)).toEqual({ written: 0, expected: 0, fraction: 0, percent: 0 })
  })
})
