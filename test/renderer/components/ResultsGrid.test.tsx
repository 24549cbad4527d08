import { render, waitFor } from '@testing-library/react'
import type { ValueGetterParams } from 'ag-grid-community'
import { describe, expect, it } from 'vitest'
import { RECORD_FIELD_LABELS, RECORD_FIELDS, type OptOutRecord } from '../../../src/shared/records'
import { COLUMN_DEFS, ResultsGrid } from '../../../src/renderer/src/components/ResultsGrid'
import { compareRecordValues } from '../../../src/renderer/src/lib/compare'
import { makeRecord, required } from '../../support/renderer/values'

describe('grid columns', () => {
  it('has the eight record fields, in order, with their labels, all resizable and sortable', () => {
    expect(COLUMN_DEFS.map((column) => column.colId)).toEqual([...RECORD_FIELDS])
    expect(COLUMN_DEFS.map((column) => column.headerName)).toEqual(
      RECORD_FIELDS.map((f) => RECORD_FIELD_LABELS[f]),
    )
  })

  it('labels campaign 0 without a name as "Global" and keeps real names', () => {
    const campaign = required(
      COLUMN_DEFS.find((column) => column.colId === 'campaign_name'),
      'campaign name column',
    )
    const getter = campaign.valueGetter as (params: ValueGetterParams<OptOutRecord>) => string
    const value = (record: OptOutRecord) => getter({ data: record } as ValueGetterParams<OptOutRecord>)
    expect(value(makeRecord(0, { campaign_id: '0', campaign_name: '' }))).toBe('Global')
    expect(value(makeRecord(1, { campaign_id: '12', campaign_name: 'Renewals' }))).toBe('Renewals')
    expect(value(makeRecord(2, { campaign_id: '12', campaign_name: '' }))).toBe('')
  })

  it('reads insert dates straight from the record (no parsing, no formatter)', () => {
    const insertDate = required(
      COLUMN_DEFS.find((column) => column.colId === 'insert_date'),
      'insert date column',
    )
    expect(insertDate.field).toBe('insert_date')
    expect(insertDate.valueFormatter).toBeUndefined()
    expect(insertDate.valueGetter).toBeUndefined()
  })
})

describe('compareRecordValues (sorting the page on screen)', () => {
  it('orders digit strings by value without losing precision or leading zeros', () => {
    const ids = ['10', '9', '100', '0099', '98765432109876543210', '98765432109876543209']
    expect([...ids].sort(compareRecordValues)).toEqual([
      '9',
      '10',
      '0099',
      '100',
      '98765432109876543209',
      '98765432109876543210',
    ])
  })

  it('orders text case-insensitively and puts blanks last', () => {
    expect(['beta', '', 'Alpha', 'gamma'].sort(compareRecordValues)).toEqual(['Alpha', 'beta', 'gamma', ''])
  })

  it('orders insert dates as written', () => {
    const dates = ['2024-04-22 17:01:31', '2024-04-22', '2023-12-31 23:59:59']
    expect([...dates].sort(compareRecordValues)).toEqual([
      '2023-12-31 23:59:59',
      '2024-04-22',
      '2024-04-22 17:01:31',
    ])
  })
})

describe('ResultsGrid', () => {
  it('renders every row inside the legacy CSS theme class, values as given', async () => {
    const records = [makeRecord(0, { phone_number: '0181233567' }), makeRecord(1)]
    const { container } = render(<ResultsGrid records={records} />)
    expect(container.querySelector('.grid-frame')?.classList.contains('ag-theme-quartz')).toBe(true)
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBe(2))
    expect(container.querySelector('.ag-root-wrapper')).toBeTruthy()
    // A leading zero survives: values are shown as Convoso sent them.
    expect(container.textContent).toContain('0181233567')
  })
})
