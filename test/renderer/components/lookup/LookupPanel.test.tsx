import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../src/renderer/src/App'
import { useLookupStore } from '../../../../src/renderer/src/stores/lookup'
import { installRealApi, type RendererApp } from '../../../support/renderer/api'
import { openInMain, reportsFolder, saveAs, writeReport } from '../../../support/renderer/reports'
import { makeRecord, required } from '../../../support/renderer/values'
import { LOOKUP_RECORDS } from '../../../support/lookup-records'

const PASTED = '(818) 123-3567\n213-555-0100\n310.555.0199\n818 123 3567\n12345'

async function pasteAndSearch(text: string) {
  const user = userEvent.setup()
  const phone = await screen.findByLabelText('Phone number')
  await user.click(phone)
  await user.paste(text)
  await user.click(screen.getByRole('button', { name: 'Search' }))
  return user
}

/** The table's rows as text, one array of cells per row (header row left out; a number's further places have three). */
function tableRows(): string[][] {
  const table = screen.getByRole('table', { name: 'Verdicts, one per number' })
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent ?? ''))
}

async function lookupDone(app: RendererApp): Promise<void> {
  await waitFor(() => expect(useLookupStore.getState().view?.phase).toBe('done'))
  await app.eventsDelivered()
}

describe('a pasted list of numbers in Phone number', () => {
  it('is looked up, never searched as one number: a verdict per distinct number in pasted order', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    render(<App />)
    await pasteAndSearch(PASTED)
    expect(await screen.findByRole('heading', { name: 'Number lookup' })).toBeTruthy()
    await lookupDone(app)

    expect(app.api.search).not.toHaveBeenCalled()
    expect(app.api.startLookup).toHaveBeenCalledWith({ text: PASTED, defaultCountry: 'US' })
    // Each number was asked for on its own.
    const asked = app.server.requests.slice(app.serverRequestsAtStart).map((r) => r.fields['phone_number'])
    expect([...new Set(asked)].sort()).toEqual(['2135550100', '3105550199', '8181233567'])

    expect(screen.getByText('2 opted out · 1 not found · 1 invalid')).toBeTruthy()
    expect(tableRows()).toEqual([
      ['(818) 123-3567 pasted 2 times', 'Opted out', 'global', '2024-04-22 17:01', 'Customer asked by phone'],
      // Its second place, on a line of its own under the first.
      ['campaign 42 (Spring promo)', '2025-01-05 09:30', 'STOP reply · purpose TELEMKT'],
      ['(213) 555-0100', 'Opted out', 'global', '2023-07-01', '(no reason recorded)'],
      ['(310) 555-0199', 'Not found', '', '', ''],
      ['12345', 'Not a valid numberToo short for a US number: include the area code.', '', '', ''],
    ])
    expect(
      screen.getByText('1 duplicate collapsed: a number pasted more than once is checked and listed once.'),
    ).toBeTruthy()
  })

  it('shows how many numbers it will look up while the list is typed, and no field error', async () => {
    await installRealApi({ records: LOOKUP_RECORDS })
    const user = userEvent.setup()
    render(<App />)
    const phone = await screen.findByLabelText('Phone number')
    await user.click(phone)
    await user.paste('8181233567, 2135550100, 8181233567')
    await user.tab()
    expect(
      await screen.findByText('2 numbers to look up (1 repeat dropped): Search checks each one.'),
    ).toBeTruthy()
    expect(phone.getAttribute('aria-invalid')).toBeNull()
    // Shift+Enter starts a new line; the box keeps it.
    await user.click(phone)
    await user.keyboard('{Shift>}{Enter}{/Shift}3105550199')
    expect((phone as HTMLTextAreaElement).value).toBe('8181233567, 2135550100, 8181233567\n3105550199')
  })

  it('shows progress while checking, and Cancel stops it: unchecked numbers say so', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    // Every answer waits, so the lookup is surely running when Cancel is pressed.
    app.server.injectFault({ kind: 'latency', ms: 1_500 }, Infinity)
    render(<App />)
    const user = await pasteAndSearch('8181233567\n2135550100\n3105550199')
    const progress = await screen.findByRole('progressbar', { name: 'Numbers checked' })
    expect(progress.getAttribute('aria-valuetext')).toMatch(/^\d of 3 checked$/)
    expect(screen.getByText('Looking up 3 numbers…')).toBeTruthy()
    expect(tableRows().map((row) => row[1])).toEqual(['Checking…', 'Checking…', 'Checking…'])

    await user.click(await screen.findByRole('button', { name: 'Cancel' }))
    expect(app.api.cancelJob).toHaveBeenCalledTimes(1)
    const cancelled = (await screen.findByText('Lookup cancelled')).closest('[role="status"]')
    // Main keeps what it had checked; the numbers it had not asked say so.
    const given = required(useLookupStore.getState().view?.outcome, 'the cancelled lookup’s verdicts')
    const left = given.counts['not-checked']
    expect(left).toBeGreaterThan(0)
    expect(cancelled?.textContent).toContain(`Cancelled after ${3 - left} of 3 numbers: ${left} not checked.`)
    expect(tableRows().filter((row) => row[1] === 'Not checked')).toHaveLength(left)
    // A cancelled lookup's verdicts can still be saved.
    expect((screen.getByRole('button', { name: 'Export verdicts' }) as HTMLButtonElement).disabled).toBe(
      false,
    )
    app.server.clearFaults()
  })

  it('is one Tab stop, and closing it goes back to the results and lets main forget the lookup', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    render(<App />)
    const user = await pasteAndSearch('8181233567\n3105550199')
    await lookupDone(app)
    const region = screen.getByRole('region', { name: 'Verdicts, one per number' })
    expect(region.tabIndex).toBe(0)
    // Nothing inside the table takes focus of its own: Tab goes past it in one press.
    expect(region.querySelectorAll('a, button, input, [tabindex]')).toHaveLength(0)

    const jobId = required(useLookupStore.getState().view?.jobId, 'the lookup job')
    await user.click(screen.getByRole('button', { name: 'Close lookup' }))
    expect(screen.queryByRole('heading', { name: 'Number lookup' })).toBeNull()
    const heading = await screen.findByRole('heading', { name: 'SMS opt-outs' })
    await waitFor(() => expect(document.activeElement).toBe(heading))
    await waitFor(() => expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId }))
    expect(await app.call('listJobs', undefined)).toEqual({ ok: true, data: [] })
  })

  it('says which other filters a lookup does not use', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    const user = userEvent.setup()
    render(<App />)
    await user.type(await screen.findByLabelText('Campaign ID'), '42')
    await pasteAndSearch('8181233567\n3105550199')
    await lookupDone(app)
    expect(screen.getByText('The other filters (campaign 42) are not used by a lookup.')).toBeTruthy()
  })

  it('a reloaded window shows a finished lookup main still holds', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    const first = render(<App />)
    await pasteAndSearch('8181233567\n3105550199')
    await lookupDone(app)
    first.unmount()
    useLookupStore.setState({ view: null })

    render(<App />)
    expect(await screen.findByText('1 opted out · 1 not found · 0 invalid')).toBeTruthy()
    expect(tableRows().map((row) => row.slice(0, 2))).toEqual([
      ['(818) 123-3567', 'Opted out'],
      ['campaign 42 (Spring promo)', '2025-01-05 09:30'],
      ['(310) 555-0199', 'Not found'],
    ])
  })

  it('stops with main’s message when Convoso refuses the token, and can then be closed', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    app.server.injectFault({ kind: 'convoso-error', code: 'x', text: 'Invalid auth token' }, Infinity)
    render(<App />)
    const user = await pasteAndSearch('8181233567\n3105550199')
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('The lookup stopped')).toBeTruthy()
    const status = useLookupStore.getState().view?.status
    expect(status?.state === 'failed' && status.error.kind).toBe('token-rejected')
    expect(alert.textContent).toContain(status?.state === 'failed' ? status.error.message : '?')
    app.server.clearFaults()
    await user.click(screen.getByRole('button', { name: 'Close lookup' }))
    expect(await screen.findByRole('heading', { name: 'SMS opt-outs' })).toBeTruthy()
  })

  it('reads numbers without a country code for the Phone code field’s country', async () => {
    const app = await installRealApi({
      records: [makeRecord(0, { phone_number: '7700900123', phone_code: '44', insert_date: '2023-07-01' })],
    })
    const user = userEvent.setup()
    render(<App />)
    await user.type(await screen.findByLabelText('Phone code'), '44')
    await pasteAndSearch('07700 900123\n020 7946 0000')
    await lookupDone(app)
    expect(app.api.startLookup).toHaveBeenCalledWith({
      text: '07700 900123\n020 7946 0000',
      defaultCountry: 'GB',
    })
    expect(tableRows().map((row) => row.slice(0, 2))).toEqual([
      ['07700 900123', 'Opted out'],
      ['020 7946 0000', 'Not found'],
    ])
  })

  it('exports the verdicts as CSV and says where the file went', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    render(<App />)
    const user = await pasteAndSearch('8181233567\n3105550199')
    await lookupDone(app)
    const path = await saveAs(app, 'verdicts.csv')
    await user.click(screen.getByRole('button', { name: 'Export verdicts' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Verdicts as CSV' }))
    expect(await screen.findByText('Verdicts saved')).toBeTruthy()
    expect(screen.getByText('verdicts.csv')).toBeTruthy()
    expect(screen.getByText(await reportsFolder(app))).toBeTruthy()
    const jobId = required(useLookupStore.getState().view?.jobId, 'the lookup job')
    expect(app.api.exportLookupReport).toHaveBeenCalledWith({ jobId, format: 'csv' })
    // What main wrote there: both numbers, the opted-out one with a row per record (L2's tests read the file).
    const answer = await required(app.api.exportLookupReport.mock.results.at(-1), 'the export answer').value
    expect(answer).toMatchObject({ ok: true, data: { filePath: path, format: 'csv', rows: 3, entries: 2 } })
    expect(screen.getByText('3 rows for 2 entries')).toBeTruthy()
  })

  it('closing the save dialog saves nothing and says nothing', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    render(<App />)
    const user = await pasteAndSearch('8181233567\n3105550199')
    await lookupDone(app)
    app.dialogs.nextReportPath = null
    await user.click(screen.getByRole('button', { name: 'Export verdicts' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Verdicts as Excel' }))
    await waitFor(() => expect(app.api.exportLookupReport).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(useLookupStore.getState().view?.report).toBeNull())
    expect(screen.queryByText('Verdicts saved')).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('cannot export while the lookup runs', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    app.server.injectFault({ kind: 'latency', ms: 1_500 }, Infinity)
    render(<App />)
    await pasteAndSearch('8181233567\n3105550199')
    await screen.findByRole('progressbar', { name: 'Numbers checked' })
    expect(screen.queryByRole('button', { name: 'Export verdicts' })).toBeNull()
    await lookupDone(app)
    app.server.clearFaults()
    expect((screen.getByRole('button', { name: 'Export verdicts' }) as HTMLButtonElement).disabled).toBe(
      false,
    )
  })

  it('with a report open, looks the numbers up in the report and says so', async () => {
    const app = await installRealApi({ records: LOOKUP_RECORDS })
    // The report holds only (213) 555-0100; Convoso also has (818) 123-3567.
    const path = await writeReport(
      app,
      'one-number.csv',
      LOOKUP_RECORDS.filter((r) => r.phone_number === '2135550100'),
    )
    await openInMain(app, path)
    render(<App />)
    const before = app.server.requests.length
    await pasteAndSearch('8181233567\n2135550100')
    await lookupDone(app)
    expect(useLookupStore.getState().view?.outcome?.source).toMatchObject({ kind: 'report' })
    expect(screen.getByText('Looked up in the opened report one-number.csv, not in Convoso.')).toBeTruthy()
    expect(tableRows().map((row) => row.slice(0, 2))).toEqual([
      ['(818) 123-3567', 'Not found'],
      ['(213) 555-0100', 'Opted out'],
    ])
    // Convoso was not asked.
    expect(app.server.requests.length).toBe(before)
  })
})
