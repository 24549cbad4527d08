import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileMatcher } from '../../../../src/main/services/convoso/matching'
import { openReportFile } from '../../../../src/main/services/offline'
import { createReportSearch } from '../../../../src/main/services/offline/offline-search'
import { createRowStoreBuilder } from '../../../../src/main/services/offline/row-store'
import type { OpenedReport } from '../../../../src/main/services/offline/types'
import { BLANK, NOT_BLANK, type SearchParams } from '../../../../src/shared/filters'
import type { OptOutRecord } from '../../../../src/shared/records'
import { EDGE_ROWS, exportReport, fixtureRecords, tempDir } from './helpers'

const SOURCE = fixtureRecords(2500, 99)
const reports: Record<'xlsx' | 'csv', OpenedReport | undefined> = { xlsx: undefined, csv: undefined }
let cleanup: () => Promise<void>

beforeAll(async () => {
  const temp = await tempDir()
  cleanup = temp.cleanup
  for (const format of ['xlsx', 'csv'] as const) {
    const { path } = await exportReport(temp.dir, SOURCE, format)
    const result = await openReportFile(path)
    if (!result.ok) throw new Error(result.error.message)
    reports[format] = result.data
  }
})
afterAll(() => cleanup())

const somePhone = (SOURCE[1234] as OptOutRecord).phone_number
const someDay = (SOURCE[800] as OptOutRecord).insert_date.slice(0, 10)

const CASES: [string, SearchParams][] = [
  ['no filter', {}],
  ['blank reason (spaces count as blank)', { reason: BLANK }],
  ['reason not blank', { reason: NOT_BLANK }],
  ['an exact phone number', { phone_number: somePhone }],
  ['a leading-zero phone number', { phone_number: '02079460000' }],
  ['a day, whatever the time', { insert_date: someDay }],
  ['a date-only insert date', { insert_date: '2024-03-15' }],
  ['an exact insert time at midnight', { insert_date: '2024-01-01 00:00:00' }],
  ['campaign 0 (global)', { campaign_id: '0' }],
  ['global with a blank reason', { campaign_id: '0', reason: BLANK }],
  ['a purpose', { purpose: 'TELEMKT' }],
  ['blank purpose', { purpose: BLANK }],
  ['a text id', { id: '007' }],
  ['a numeric id', { id: (SOURCE[42] as OptOutRecord).id }],
  ['a country code', { phone_code: '44' }],
  ['a padded reason, exactly', { reason: '  padded both sides  ' }],
  ['a formula-like reason, exactly', { reason: '=HYPERLINK("https://example.com/unsubscribe","click")' }],
  ['campaign -1', { campaign_id: '-1' }],
  ['nothing matches', { phone_number: '000' }],
  ['empty fields do not filter', { reason: '', purpose: '', campaign_id: '' }],
]

describe.each(['xlsx', 'csv'] as const)('searching an opened %s report', (format) => {
  const report = (): OpenedReport => reports[format] as OpenedReport

  it.each(CASES)('selects the same rows as the filter over the source: %s', (_name, params) => {
    const expected = SOURCE.filter(compileMatcher(params))
    const first = report().search(params, 0, 25)
    expect(first.total).toBe(expected.length)
    expect(first).toMatchObject({ offset: 0, limit: 25 })
    expect(first.records).toEqual(expected.slice(0, 25))
    for (const offset of [7, Math.max(0, expected.length - 3), expected.length, expected.length + 10]) {
      const page = report().search(params, offset, 25)
      expect(page.total).toBe(expected.length)
      expect(page.records).toEqual(expected.slice(offset, offset + 25))
    }
  })

  it('returns plain records that callers may keep or change', () => {
    const [record] = report().search({ campaign_id: '0' }, 0, 1).records
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    if (record) record.reason = 'changed by a caller'
    expect(report().search({ campaign_id: '0' }, 0, 1).records[0]?.reason).not.toBe('changed by a caller')
  })
})

describe('the search over the column store', () => {
  const rows: OptOutRecord[] = Array.from({ length: 5000 }, (_, index) => ({
    id: String(index + 1),
    phone_number: String(8_000_000_000 + index),
    phone_code: index % 3 === 0 ? '44' : '1',
    reason: index % 4 === 0 ? '' : `Reason ${index % 7}`,
    purpose: 'TELEMKT',
    insert_date: `2024-01-${String((index % 28) + 1).padStart(2, '0')} 10:00:00`,
    campaign_id: String(index % 5),
    campaign_name: index % 5 === 0 ? '' : `Campaign ${index % 5}`,
  }))

  function storeOf(records: readonly OptOutRecord[], hint = 0) {
    const builder = createRowStoreBuilder(hint)
    for (const record of records) builder.append(record)
    return builder.finish()
  }

  it('keeps repeated values once, whatever capacity it was told to expect', () => {
    for (const hint of [0, 10, 5000, 1_000_000_000]) {
      const store = storeOf(rows, hint)
      expect(store.length).toBe(5000)
      expect(store.distinctValues('phone_code')).toBe(2)
      expect(store.distinctValues('reason')).toBe(8)
      expect(store.distinctValues('campaign_name')).toBe(5)
      expect(store.textValues('id') + store.textValues('insert_date')).toBe(0)
      expect(store.record(4999)).toEqual(rows[4999])
    }
  })

  it('gives back every odd value exactly, keeping as text only what the compact forms cannot hold', () => {
    const odd: OptOutRecord[] = [
      ...EDGE_ROWS,
      { ...(rows[0] as OptOutRecord), id: '', phone_number: '', insert_date: '' },
      { ...(rows[0] as OptOutRecord), phone_number: '000000000000000', insert_date: '1900-01-01 00:00:00' },
      { ...(rows[0] as OptOutRecord), phone_number: '9999999999999999', insert_date: '9999-12-31' },
    ]
    const store = storeOf(odd)
    expect(odd.map((_, row) => store.record(row))).toEqual(odd)
    const view = store.view()
    odd.forEach((record, row) => {
      view.at = row
      expect({ ...record, extra: undefined }).toEqual({
        id: view.id,
        phone_code: view.phone_code,
        phone_number: view.phone_number,
        reason: view.reason,
        purpose: view.purpose,
        insert_date: view.insert_date,
        campaign_id: view.campaign_id,
        campaign_name: view.campaign_name,
        extra: undefined,
      })
    })
    expect(store.textValues('id')).toBe(3)
    expect(store.textValues('insert_date')).toBe(2)
  })

  it('pages through the matches of one filter, and filters again when the filter changes', () => {
    const search = createReportSearch(storeOf(rows))
    const params = { phone_code: '44', reason: BLANK }
    const expected = rows.filter(compileMatcher(params))
    const paged: OptOutRecord[] = []
    for (let offset = 0; offset < expected.length; offset += 100) {
      paged.push(...search(params, offset, 100).records)
    }
    expect(paged).toEqual(expected)
    expect(search({ campaign_id: '3' }, 0, 5000).records).toEqual(
      rows.filter((row) => row.campaign_id === '3'),
    )
    expect(search(params, 0, 10).records).toEqual(expected.slice(0, 10))
  })

  it('treats negative, fractional and non-finite paging as the nearest sensible page', () => {
    const search = createReportSearch(storeOf(rows))
    expect(search({}, -5, 2)).toMatchObject({ offset: 0, limit: 2, total: 5000 })
    expect(search({}, 1.7, 2.9).records).toEqual(rows.slice(1, 3))
    expect(search({}, Number.NaN, Number.POSITIVE_INFINITY).records).toEqual([])
  })

  it('answers an empty report', () => {
    const search = createReportSearch(storeOf([]))
    expect(search({}, 0, 10)).toEqual({ offset: 0, limit: 10, total: 0, records: [] })
    expect(search({ reason: BLANK }, 0, 10)).toEqual({ offset: 0, limit: 10, total: 0, records: [] })
  })
})

describe('an insert-date range over an opened report', () => {
  const day = (index: number) => `2024-04-${String((index % 5) + 1).padStart(2, '0')}`
  const rows: OptOutRecord[] = Array.from({ length: 60 }, (_, index) => ({
    id: String(index + 1),
    phone_number: String(8_000_000_000 + index),
    phone_code: '1',
    reason: '',
    purpose: 'TELEMKT',
    // Days interleaved in file order; one row's date is not a date at all.
    insert_date: index === 7 ? 'unknown' : `${day(index)} 0${index % 10}:00:00`,
    campaign_id: String(index % 2),
    campaign_name: '',
  }))

  function search() {
    const builder = createRowStoreBuilder(0)
    for (const record of rows) builder.append(record)
    return createReportSearch(builder.finish())
  }

  it('filters the range locally, in ascending day order as Convoso gives a range, file order within a day', () => {
    const params = { campaign_id: '0', insert_date: '2024-04-02', insert_date_to: '2024-04-04' }
    const expected = ['2024-04-02', '2024-04-03', '2024-04-04'].flatMap((wanted) =>
      rows.filter((record) => record.campaign_id === '0' && record.insert_date.startsWith(wanted)),
    )
    const first = search()(params, 0, 5)
    expect(first.total).toBe(expected.length)
    const paged: OptOutRecord[] = []
    for (let offset = 0; offset < expected.length; offset += 5)
      paged.push(...search()(params, offset, 5).records)
    expect(paged).toEqual(expected)
  })

  it('a range and the single day it starts on are different searches', () => {
    const report = search()
    const single = report({ insert_date: '2024-04-02' }, 0, 100)
    const range = report({ insert_date: '2024-04-02', insert_date_to: '2024-04-03' }, 0, 100)
    expect(single.total).toBe(12)
    // 12 rows a day, less row 8 of 2024-04-03, whose insert date is not a date.
    expect(range.total).toBe(23)
    expect(report({ insert_date: '2024-04-02' }, 0, 100).total).toBe(12)
  })
})
