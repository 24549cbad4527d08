import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { neutralise } from '../../../../src/main/services/export/csv-writer'
import { prepareRows } from '../../../../src/main/services/export/xlsx-cells'
import {
  csvCellText,
  excelSerialDate,
  numFmtShowsTime,
  SerialDateTexts,
  ownString,
  wallClockText,
  xlsxCellText,
} from '../../../../src/main/services/offline/cell-text'
import { recogniseHeader } from '../../../../src/main/services/offline/header-map'
import { partChunks } from '../../../../src/main/services/offline/xlsx-zip'
import { xmlText } from '../../../../src/main/services/offline/xml-scanner'
import { RECORD_FIELDS, RECORD_FIELD_LABELS } from '../../../../src/shared/records'
import { EDGE_ROWS } from './helpers'

describe('XLSX cells back to Convoso text', () => {
  const cell = (value: unknown, numFmt?: string) => xlsxCellText({ value, numFmt })

  it('undoes every cell the writer prepares, for every edge row', () => {
    const formats = ['@', '0', 'yyyy-mm-dd hh:mm:ss', 'yyyy-mm-dd']
    const prepared = prepareRows(EDGE_ROWS)
    EDGE_ROWS.forEach((record, row) => {
      RECORD_FIELDS.forEach((field, column) => {
        const at = row * RECORD_FIELDS.length + column
        expect(cell(prepared.values[at], formats[prepared.styles[at] as number])).toBe(record[field])
      })
    })
  })

  it('reads numbers, dates, rich text, blanks, booleans, errors and formula results', () => {
    expect(cell(2700001)).toBe('2700001')
    expect(cell(-1)).toBe('-1')
    expect(cell(0)).toBe('0')
    expect(cell(999999999999999)).toBe('999999999999999')
    expect(cell(1.5)).toBe('1.5')
    const midnight = new Date(Date.UTC(2024, 0, 1))
    expect(cell(midnight, 'yyyy-mm-dd hh:mm:ss')).toBe('2024-01-01 00:00:00')
    expect(cell(midnight, 'yyyy-mm-dd')).toBe('2024-01-01')
    expect(cell(new Date(Date.UTC(2023, 11, 31, 23, 59, 59)), 'm/d/yy h:mm')).toBe('2023-12-31 23:59:59')
    expect(cell({ richText: [{ text: '  pad' }, { text: 'ded  ' }] })).toBe('  padded  ')
    expect(cell(null)).toBe('')
    expect(cell(undefined)).toBe('')
    expect(cell(true)).toBe('TRUE')
    expect(cell({ error: '#N/A' })).toBe('#N/A')
    expect(cell({ formula: 'A1', result: 7 })).toBe('7')
    expect(cell({ formula: 'A1' })).toBe('')
    expect(cell({ text: 'link text', hyperlink: 'https://example.com' })).toBe('link text')
  })

  it('tells date formats with a time from those without', () => {
    expect(numFmtShowsTime('yyyy-mm-dd hh:mm:ss')).toBe(true)
    expect(numFmtShowsTime('[$-409]h:mm AM/PM')).toBe(true)
    expect(numFmtShowsTime('yyyy-mm-dd')).toBe(false)
    expect(numFmtShowsTime('mm-dd-yy')).toBe(false)
    expect(numFmtShowsTime('d "hours" yyyy')).toBe(false)
    expect(numFmtShowsTime(undefined)).toBe(false)
  })

  it('writes wall-clock text from UTC fields, as flat strings', () => {
    expect(wallClockText(new Date(Date.UTC(1900, 0, 1, 1, 2, 3)), true)).toBe('1900-01-01 01:02:03')
    expect(wallClockText(new Date(Date.UTC(9999, 11, 31)), false)).toBe('9999-12-31')
    const long = 'x'.repeat(100)
    expect(ownString(long.slice(10, 40))).toBe(long.slice(10, 40))
    expect(ownString('short')).toBe('short')
  })

  it('turns serial dates into the same text with or without a Date per cell', () => {
    const texts = new SerialDateTexts()
    // Runs of rows on one day (as a report's are), jumps across years and the date systems, times that round.
    const serials = [
      44674.00284722222, 44674.011620370366, 44674.99999, 44675, 1, 60, 61, 2958465.9999884, 0.5,
    ]
    for (let step = 0; step < 2000; step += 1) serials.push(36526 + step * 7.123456789, 36526 + step / 97)
    for (const date1904 of [false, true]) {
      for (const serial of serials) {
        for (const withTime of [true, false]) {
          expect(texts.text(serial, date1904, withTime)).toBe(
            wallClockText(excelSerialDate(serial, date1904), withTime),
          )
        }
      }
    }
    expect(texts.text(-700000, false, true)).toBe(wallClockText(excelSerialDate(-700000, false), true))
    expect(() => texts.text(Number.NaN, false, true)).toThrow(RangeError)
  })
})

describe('CSV fields back to Convoso text', () => {
  it("takes off the writer's apostrophe from formula-like text only", () => {
    for (const record of EDGE_ROWS) {
      for (const field of RECORD_FIELDS)
        expect(csvCellText(neutralise(record[field]).text)).toBe(record[field])
    }
    expect(csvCellText("'=SUM(A1)")).toBe('=SUM(A1)')
    expect(csvCellText("'-12")).toBe("'-12")
    expect(csvCellText("'quoted")).toBe("'quoted")
    expect(csvCellText('')).toBe('')
  })
})

describe('header rows', () => {
  it('recognises our labels and Convoso field names in any order, case and spacing', () => {
    expect(recogniseHeader(RECORD_FIELDS.map((field) => RECORD_FIELD_LABELS[field]))).toEqual({
      id: 0,
      phone_code: 1,
      phone_number: 2,
      reason: 3,
      purpose: 4,
      insert_date: 5,
      campaign_id: 6,
      campaign_name: 7,
    })
    expect(recogniseHeader(['notes', ' PHONE_NUMBER ', 'Id', 'phone number'])).toMatchObject({
      id: 2,
      phone_number: 1,
      reason: -1,
    })
  })

  it('needs at least the id and the phone number', () => {
    expect(recogniseHeader(['id', 'reason'])).toBeUndefined()
    expect(recogniseHeader(['Phone number'])).toBeUndefined()
    expect(recogniseHeader([])).toBeUndefined()
  })
})

describe('reading a part of a workbook as bytes', () => {
  async function pieces(chunks: Buffer[], pieceBytes?: number): Promise<Buffer[]> {
    const out: Buffer[] = []
    for await (const piece of partChunks(Readable.from(chunks), { pieceBytes })) out.push(piece)
    return out
  }

  it('hands the bytes on as they came, or in pieces of the size asked for', async () => {
    const bytes = Buffer.from('Café 日本 😀', 'utf8')
    expect(Buffer.concat(await pieces([bytes])).equals(bytes)).toBe(true)
    const cut = await pieces([bytes], 3)
    expect(cut.map((piece) => piece.length)).toEqual([3, 3, 3, 3, 3, 2])
    expect(Buffer.concat(cut).equals(bytes)).toBe(true)
  })

  it('decodes text only where it is kept: a character cut by a chunk, and entities once', () => {
    const xml = Buffer.from('<v>Caf\u00e9 &amp;lt; &#x65E5;本</v>', 'utf8')
    expect(xmlText(xml, 3, xml.length - 4)).toBe('Café &lt; 日本')
    expect(xmlText(Buffer.from('plain'), 0, 5)).toBe('plain')
  })
})
