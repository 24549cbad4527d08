import { describe, expect, it } from 'vitest'
import {
  integerCellValue,
  looksLikeFormula,
  parseWallClock,
  xlsxCannotHold,
} from '../../../../src/main/services/export/cell-values'
import { csvField, neutralise } from '../../../../src/main/services/export/csv-writer'

describe('insert dates', () => {
  it.each([
    ['2024-12-31 23:59:59', Date.UTC(2024, 11, 31, 23, 59, 59), true],
    ['2025-01-01 00:00:00', Date.UTC(2025, 0, 1, 0, 0, 0), true],
    ['2024-02-29 12:00:00', Date.UTC(2024, 1, 29, 12, 0, 0), true],
    ['2000-02-29', Date.UTC(2000, 1, 29), false],
    ['1900-01-01 00:00:00', Date.UTC(1900, 0, 1), true],
    ['2024-04-22', Date.UTC(2024, 3, 22), false],
  ])('reads %s as that wall-clock time, unshifted', (text, utc, hasTime) => {
    const parsed = parseWallClock(text)
    expect(parsed?.date.getTime()).toBe(utc)
    expect(parsed?.hasTime).toBe(hasTime)
  })

  it.each([
    '0000-00-00 00:00:00',
    '2023-02-29',
    '2024-13-01',
    '2024-01-01 24:00:00',
    '1899-12-31',
    '2024-04-22T17:01:31',
    '22/04/2024',
    '2024-01-01 0x:00:00',
    '2024-01-01 00:-1:00',
    '2024-01-01 00:00:6a',
    '2024-1-01',
    '+024-01-01',
    '2024-01-01 00:00:00 ',
    '2100-02-29',
    '',
  ])('keeps %j as text', (text) => {
    expect(parseWallClock(text)).toBeUndefined()
  })
})

describe('number cells', () => {
  it.each([
    ['0', 0],
    ['1001', 1001],
    ['-1', -1],
    ['999999999999999', 999_999_999_999_999],
  ])('%s becomes the number %d', (text, value) => {
    expect(integerCellValue(text)).toBe(value)
  })

  it.each(['007', '', ' 1', '1.5', '+1', '1e3', '1234567890123456', '-0'])('%j stays text', (text) => {
    expect(integerCellValue(text)).toBeUndefined()
  })
})

describe('formula-like text', () => {
  it.each(['=HYPERLINK("x")', '+1 replied STOP', '-2+3', '@SUM(A1)', '\tx', '\rx', '＝1', '-'])(
    '%j is neutralised in CSV',
    (text) => {
      expect(looksLikeFormula(text)).toBe(true)
      expect(neutralise(text)).toEqual({ text: `'${text}`, neutralised: true })
    },
  )

  it.each(['STOP', '-1', '-12.5', '', 'a=b', ' =1'])('%j is left alone', (text) => {
    expect(looksLikeFormula(text)).toBe(false)
    expect(neutralise(text).neutralised).toBe(false)
  })
})

describe('RFC 4180 fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
    ['   ', '   '],
    ['Café – é', 'Café – é'],
  ])('%j is written as %j', (value, field) => {
    expect(csvField(value)).toBe(field)
  })
})

describe('text XLSX cannot hold exactly', () => {
  it.each(['a\u0001b', 'cr\r\nlf', 'x\u001f', 'lone \ud800', 'x'.repeat(32_768)])('%#: flagged', (text) => {
    expect(xlsxCannotHold(text)).toBe(true)
  })
  it.each(['two\nlines', 'tab\there', 'emoji 😀', 'x'.repeat(32_767)])('%#: fine', (text) => {
    expect(xlsxCannotHold(text)).toBe(false)
  })
})
