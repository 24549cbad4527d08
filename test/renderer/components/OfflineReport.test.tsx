import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { setDroppedFiles } from '../../../src/renderer/src/api'
import { App } from '../../../src/renderer/src/App'
import { ErrorBoundary } from '../../../src/renderer/src/components/ErrorBoundary'
import { DISCONNECTED, LIVE, installFakeApi, makeReport, makeReportInfo, searchRequest } from '../fake-api'

const REPORT_PATH = '/home/officer/Reports/sms-opt-outs_global_2026-03-02_1403.xlsx'

function renderApp() {
  return render(
    <ErrorBoundary>
      <App />
    </ErrorBoundary>,
  )
}

function dropFile(name: string) {
  const file = new File(['x'], name)
  const dataTransfer = { types: ['Files'], files: [file] }
  fireEvent.dragEnter(window, { dataTransfer })
  fireEvent.drop(window, { dataTransfer })
}

describe('opening a report without a token', () => {
  it('opens from the connect screen, shows its banner and searches it', async () => {
    const api = installFakeApi({
      status: DISCONNECTED,
      reportToOpen: REPORT_PATH,
      openStatuses: [{ state: 'reading', bytesRead: 400, rowsRead: 500 }],
    })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Open a report…' }))
    const progress = await screen.findByRole('region', { name: 'Opening a report' })
    await waitFor(() => expect(progress.textContent).toContain('500 rows read'))
    expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40')
    act(() => api.emitOpen({ state: 'done' }))

    const banner = await screen.findByRole('region', { name: 'Opened report' }, { timeout: 3000 })
    expect(banner.textContent).toContain('sms-opt-outs_global_2026-03-02_1403.xlsx')
    expect(within(banner).getByText('Intact')).toBeTruthy()
    expect(within(banner).getByText('Complete')).toBeTruthy()
    expect(banner.textContent).toContain('Filters: global, reason blank')
    expect(screen.getByText('Not connected to Convoso')).toBeTruthy()
    await waitFor(() => expect(api.search).toHaveBeenCalledTimes(1))
    expect(searchRequest(api, 0)).toMatchObject({ offset: 0 })
    expect(screen.queryByRole('region', { name: 'Opening a report' })).toBeNull()
  })

  it('says when a report was modified or was not made by the app', async () => {
    installFakeApi({
      status: LIVE,
      openedReport: makeReportInfo(REPORT_PATH, {
        integrity: 'modified',
        integrityDetail:
          'The rows no longer match the hash recorded when the report was made: 3 rows fewer than the 1,204 recorded.',
        rowsRead: 1_201,
      }),
    })
    renderApp()
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(within(banner).getByText('Modified')).toBeTruthy()
    expect(banner.textContent).toContain('3 rows fewer than the 1,204 recorded')
    expect(banner.textContent).toContain('1,201 rows (the report recorded 1,204)')
  })

  it('marks a foreign file as not made by Opt-Out Desk', async () => {
    installFakeApi({
      status: LIVE,
      openedReport: makeReportInfo('/tmp/list.csv', {
        madeByApp: false,
        integrity: 'unverified',
        integrityDetail:
          'Not made by Opt-Out Desk, or its report file is missing: its rows cannot be checked.',
        generatedAt: undefined,
        filtersDescription: undefined,
        recordedSha256: undefined,
        rowsRecorded: undefined,
      }),
    })
    renderApp()
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(within(banner).getByText('Not made by Opt-Out Desk')).toBeTruthy()
    expect(within(banner).queryByText('Complete')).toBeNull()
  })

  it('shows why a file could not be opened, and can cancel a slow one', async () => {
    const api = installFakeApi({
      status: DISCONNECTED,
      reportToOpen: '/tmp/broken.xlsx',
      openStatuses: [],
    })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Open a report…' }))
    await screen.findByRole('region', { name: 'Opening a report' })
    act(() =>
      api.emitOpen({ state: 'failed', message: 'The workbook is cut short: it was not saved completely.' }),
    )
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('"broken.xlsx" could not be opened')
    expect(alert.textContent).toContain('The workbook is cut short')
    expect(screen.getByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()

    await waitFor(() => expect(api.acknowledgeJob).toHaveBeenCalledWith({ jobId: 'open-1' }))

    await user.click(screen.getByRole('button', { name: 'Open a report…' }))
    const progress = await screen.findByRole('region', { name: 'Opening a report' })
    act(() => api.emitOpen({ state: 'reading', bytesRead: 1, rowsRead: 1 }))
    expect(progress.textContent).toContain('broken.xlsx')
    await user.click(within(progress).getByRole('button', { name: 'Cancel' }))
    expect(api.cancelJob).toHaveBeenCalledWith({ jobId: 'open-2' })
    expect(await screen.findByText('Opening "broken.xlsx" was cancelled.')).toBeTruthy()
  })

  it('closing the report goes back to Convoso with the same filters when connected', async () => {
    const api = installFakeApi({ status: LIVE, openedReport: makeReportInfo(REPORT_PATH) })
    const user = userEvent.setup()
    renderApp()
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    await user.click(within(banner).getByRole('button', { name: 'Close report' }))
    expect(api.closeReport).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Opened report' })).toBeNull())
    await waitFor(() => expect(api.search).toHaveBeenCalled())
  })

  it('closing the report while disconnected leads to the connect screen', async () => {
    installFakeApi({ status: DISCONNECTED, openedReport: makeReportInfo(REPORT_PATH) })
    const user = userEvent.setup()
    renderApp()
    await screen.findByRole('region', { name: 'Opened report' })
    await user.click(screen.getByRole('button', { name: 'Connect' }))
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
  })
})

describe('dropping a file on the window', () => {
  it('opens the dropped file by its path on disk', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    setDroppedFiles({ pathOf: (file) => `/home/officer/Downloads/${file.name}` })
    renderApp()
    await screen.findByRole('heading', { name: 'Connect to Convoso' })
    dropFile('march.csv')
    await waitFor(() =>
      expect(api.viewReportAtPath).toHaveBeenCalledWith({ path: '/home/officer/Downloads/march.csv' }),
    )
    expect(await screen.findByRole('region', { name: 'Opened report' }, { timeout: 3000 })).toBeTruthy()
  })

  it('refuses something that is not a file on disk, with a message', async () => {
    const api = installFakeApi({ status: DISCONNECTED })
    setDroppedFiles({ pathOf: () => '' })
    renderApp()
    await screen.findByRole('heading', { name: 'Connect to Convoso' })
    dropFile('from-the-web.xlsx')
    expect((await screen.findByRole('alert')).textContent).toContain(
      '"from-the-web.xlsx" is not a file on this computer',
    )
    expect(api.viewReportAtPath).not.toHaveBeenCalled()
  })
})

describe('the Reports list', () => {
  it('views a listed report in the app', async () => {
    const api = installFakeApi({
      status: LIVE,
      reports: [makeReport('r1', { filePath: REPORT_PATH })],
    })
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Reports' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(await within(dialog).findByRole('button', { name: 'View in Opt-Out Desk' }))
    expect(api.viewReportFromHistory).toHaveBeenCalledWith({ reportId: 'r1' })
    expect(await screen.findByRole('region', { name: 'Opened report' }, { timeout: 3000 })).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
