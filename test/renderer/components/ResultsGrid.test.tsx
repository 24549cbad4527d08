import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ValueFormatterParams, ValueGetterParams } from 'ag-grid-community'
import { describe, expect, it } from 'vitest'
import { RECORD_FIELD_LABELS, RECORD_FIELDS, type OptOutRecord } from '../../../src/shared/records'
import { COLUMN_DEFS, ResultsGrid } from '../../../src/renderer/src/components/ResultsGrid'
import { compareRecordValues } from '../../../src/renderer/src/lib/compare'
import { installRealApi } from '../../support/renderer/api'
import { makeRecord, required } from '../../support/renderer/values'

/** The rendered grid cell of a column in the n-th data row (row 1 is the header). */
function gridCell(container: HTMLElement, rowIndex: number, colId: string): HTMLElement {
  return required(
    container.querySelector<HTMLElement>(`[role="row"][aria-rowindex="${rowIndex + 2}"] [col-id="${colId}"]`),
    `cell ${colId} of row ${rowIndex}`,
  )
}

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

  it('shows phone numbers formatted while the value (sort, copy, export) stays Convoso’s text', () => {
    const phone = required(
      COLUMN_DEFS.find((column) => column.colId === 'phone_number'),
      'phone number column',
    )
    expect(phone.field).toBe('phone_number')
    const format = phone.valueFormatter as (params: ValueFormatterParams<OptOutRecord, string>) => string
    const shown = (record: OptOutRecord) =>
      format({ data: record, value: record.phone_number } as ValueFormatterParams<OptOutRecord, string>)
    expect(shown(makeRecord(0))).toBe('(818) 123-3567')
    expect(shown(makeRecord(0, { phone_code: '44', phone_number: '07700900123' }))).toBe('07700 900123')
    expect(shown(makeRecord(0, { phone_number: '555' }))).toBe('555')
  })

  it('shows a long reason or campaign name in full in a tooltip, and names every header in one too', () => {
    const tooltips = Object.fromEntries(COLUMN_DEFS.map((column) => [column.colId, column.tooltip]))
    expect(tooltips['reason']).toBe(true)
    expect(tooltips['campaign_name']).toBe(true)
    expect(COLUMN_DEFS.map((column) => column.headerTooltip)).toEqual(
      RECORD_FIELDS.map((f) => RECORD_FIELD_LABELS[f]),
    )
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

describe('ResultsGrid: reading and copying rows', () => {
  it('marks a blank reason or purpose with a styled "(blank)" and shows phone numbers formatted', async () => {
    const records = [makeRecord(0, { reason: '', purpose: ' ' }), makeRecord(1, { reason: 'DNC' })]
    const { container } = render(<ResultsGrid records={records} />)
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBe(2))
    expect(gridCell(container, 0, 'reason').querySelector('.cell-blank')?.textContent).toBe('(blank)')
    expect(gridCell(container, 0, 'purpose').querySelector('.cell-blank')?.textContent).toBe('(blank)')
    expect(gridCell(container, 1, 'reason').querySelector('.cell-blank')).toBeNull()
    expect(gridCell(container, 1, 'reason').textContent).toBe('DNC')
    expect(gridCell(container, 1, 'purpose').textContent).toBe('TELEMKT')
    expect(gridCell(container, 0, 'phone_number').textContent).toBe('(818) 123-3567')
  })

  it('Ctrl/Cmd+C on a cell copies its value through main and announces it', async () => {
    const app = await installRealApi()
    const records = [makeRecord(0, { phone_number: '08181233567' }), makeRecord(1)]
    const { container } = render(<ResultsGrid records={records} />)
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBe(2))
    const phone = gridCell(container, 0, 'phone_number')
    phone.focus()
    fireEvent.keyDown(phone, { key: 'c', ctrlKey: true })
    await waitFor(() => expect(app.clipboard.text).toBe('08181233567'))
    const status = required(container.querySelector('.grid-copy-status'), 'the copy status')
    await waitFor(() => expect(status.textContent).toBe('Copied the cell'))
    expect(status.getAttribute('aria-live')).toBe('polite')
    fireEvent.keyDown(gridCell(container, 1, 'id'), { key: 'c', metaKey: true })
    await waitFor(() => expect(app.clipboard.text).toBe('2778558'))
  })

  it('a click shows the row’s details beside the grid; Enter moves focus into them', async () => {
    const records = [makeRecord(0), makeRecord(1, { reason: 'Complaint forwarded by carrier' })]
    const { container } = render(<ResultsGrid records={records} />)
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBe(2))
    fireEvent.click(gridCell(container, 1, 'reason'))
    const panel = await screen.findByRole('region', { name: 'Opt-out record 2778558' })
    expect(within(panel).getByText('Complaint forwarded by carrier')).toBeTruthy()
    expect(panel.contains(document.activeElement)).toBe(false)
    fireEvent.keyDown(gridCell(container, 0, 'id'), { key: 'Enter' })
    const heading = await screen.findByRole('heading', { name: 'Opt-out record 2778557' })
    await waitFor(() => expect(document.activeElement).toBe(heading))
    fireEvent.keyDown(heading, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('region', { name: /Opt-out record/ })).toBeNull())
  })

  it('a right-click offers Copy cell, Copy row and Copy phone number', async () => {
    const app = await installRealApi()
    const record = makeRecord(1, { phone_code: '44', phone_number: '07700900123' })
    const { container } = render(<ResultsGrid records={[makeRecord(0), record]} />)
    await waitFor(() => expect(container.querySelectorAll('.ag-row').length).toBe(2))
    fireEvent.contextMenu(gridCell(container, 1, 'reason'))
    const menu = await screen.findByRole('menu', { name: 'Record 2778558' })
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Copy cell', 'Copy row', 'Copy phone number', 'Show detailsEnter'])
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Copy phone number' }))
    await waitFor(() => expect(app.clipboard.text).toBe('+44 7700 900123'))
    expect(screen.queryByRole('menu')).toBeNull()

    fireEvent.contextMenu(gridCell(container, 1, 'reason'))
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Copy row' }))
    await waitFor(() => expect(app.clipboard.text.split('\n')).toHaveLength(2))
    expect(app.clipboard.text.split('\n')[1]).toBe(
      '2778558\t44\t07700900123\tReason 1\tTELEMKT\t2024-04-22 17:01:31\t1042\tSpring Renewal',
    )
  })
})
