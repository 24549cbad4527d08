import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { setDroppedFiles } from '../../../src/renderer/src/api'
import { App } from '../../../src/renderer/src/App'
import { ErrorBoundary } from '../../../src/renderer/src/components/ErrorBoundary'
import { toSearchParams } from '../../../src/shared/filters'
import type { Result } from '../../../src/shared/result'
import { expectOk, installRealApi, searchRequest, type RendererApp } from '../../support/renderer/api'
import { withFilters } from '../../support/renderer/presets'
import { required } from '../../support/renderer/values'
import {
  cutShort,
  deleteCsvRows,
  jobEnd,
  openInMain,
  runningJob,
  storedReport,
  writeDemoCsv,
  writeForeignCsv,
  writeReport,
  writeReportHistory,
} from '../../support/renderer/reports'

const REPORT_NAME = 'sms-opt-outs_global_2026-03-02_1403.xlsx'
const globalReasonBlank = toSearchParams(withFilters({ campaignId: '0', reasonMode: 'blank' }))
if (!globalReasonBlank.ok) throw new Error('the global, reason-blank filters do not validate')
const GLOBAL_REASON_BLANK = globalReasonBlank.params

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

/** A report the app exported earlier: the server's rows, described as the global, reason-blank list. */
const writeGlobalReport = (app: RendererApp, fileName = REPORT_NAME): Promise<string> =>
  writeReport(app, fileName, app.records, GLOBAL_REASON_BLANK)

/** The job id main answered the `index`-th open with. */
async function openJobId(app: RendererApp, index: number): Promise<string> {
  const answer: Result<{ jobId: string } | null> = await required(
    app.api.viewReportFromDialog.mock.results[index],
    `open ${index} from the dialog`,
  ).value
  const started = expectOk(answer, 'viewReportFromDialog')
  if (!started) throw new Error('the open dialog was closed')
  return started.jobId
}

describe('opening a report without a token', () => {
  it('opens from the connect screen, shows its banner and searches it', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    app.dialogs.nextReportToOpen = await writeGlobalReport(app)
    // Main's events wait so the test sees the window mid-read, however fast the file reads.
    const release = app.holdEvents()
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Open a report…' }))
    const progress = await screen.findByRole('region', { name: 'Opening a report' })
    const jobId = await openJobId(app, 0)
    // A status main sends mid-read: 500 rows in, 400 of 1,000 bytes.
    const reading = runningJob('open-report', jobId, app.dialogs.nextReportToOpen, 500, null, {
      phase: 'reading',
      bytesDone: 400,
      bytesTotal: 1000,
    })
    act(() => app.deliver('jobChanged', reading))
    await waitFor(() => expect(progress.textContent).toContain('500 rows read'))
    expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40')
    act(release)

    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(banner.textContent).toContain(REPORT_NAME)
    expect(within(banner).getByText('Intact')).toBeTruthy()
    expect(within(banner).getByText('Complete')).toBeTruthy()
    expect(banner.textContent).toContain('Filters: global, reason blank')
    expect(screen.getByText('Not connected to Convoso')).toBeTruthy()
    await waitFor(() => expect(app.api.search).toHaveBeenCalledTimes(1))
    expect(searchRequest(app.api, 0)).toMatchObject({ offset: 0 })
    expect(screen.queryByRole('region', { name: 'Opening a report' })).toBeNull()
    // The rows came from the file, not from Convoso.
    expect(app.server.requests.length).toBe(app.serverRequestsAtStart)
  })

  it('says when a report was modified or was not made by the app', async () => {
    const app = await installRealApi()
    const path = await writeReport(app, 'sms-opt-outs_all.csv', app.records)
    // Someone deleted three rows from the CSV after it was written.
    await deleteCsvRows(path, 3)
    const opened = await openInMain(app, path)
    renderApp()
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(within(banner).getByText('Modified')).toBeTruthy()
    expect(opened.integrityDetail).toContain('3 rows fewer than the 120 recorded')
    expect(banner.textContent).toContain('3 rows fewer than the 120 recorded')
    expect(banner.textContent).toContain('117 rows (the report recorded 120)')
  })

  it('marks a foreign file as not made by Opt-Out Desk', async () => {
    const app = await installRealApi()
    await openInMain(app, await writeForeignCsv(app, 'list.csv', app.records.slice(0, 20)))
    renderApp()
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(within(banner).getByText('Not made by Opt-Out Desk')).toBeTruthy()
    expect(within(banner).queryByText('Complete')).toBeNull()
  })

  it('shows why a file could not be opened, and can cancel a slow one', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    const broken = await writeReport(app, 'broken.xlsx', app.records)
    // Cut short, as a copy that did not finish.
    await cutShort(broken, 2_000)
    app.dialogs.nextReportToOpen = broken
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Open a report…' }))
    const alert = await screen.findByRole('alert')
    const failedId = await openJobId(app, 0)
    const failure = await jobEnd(app, failedId, 'open-report')
    expect(failure.state).toBe('failed')
    expect(alert.textContent).toContain('"broken.xlsx" could not be opened')
    if (failure.state === 'failed') expect(alert.textContent).toContain(failure.error.message)
    expect(screen.getByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
    await waitFor(() => expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId: failedId }))

    // A large file takes main a while to read: long enough to cancel, on any machine.
    app.dialogs.nextReportToOpen = await writeDemoCsv(app, 'large.csv', 400_000)
    await user.click(screen.getByRole('button', { name: 'Open a report…' }))
    const progress = await screen.findByRole('region', { name: 'Opening a report' })
    expect(progress.textContent).toContain('large.csv')
    await user.click(within(progress).getByRole('button', { name: 'Cancel' }))
    const largeId = await openJobId(app, 1)
    expect(app.api.cancelJob).toHaveBeenCalledWith({ jobId: largeId })
    expect(await screen.findByText('Opening "large.csv" was cancelled.')).toBeTruthy()
    expect((await jobEnd(app, largeId, 'open-report')).state).toBe('cancelled')
  })

  it('closing the report goes back to Convoso with the same filters when connected', async () => {
    const app = await installRealApi()
    await openInMain(app, await writeGlobalReport(app))
    const user = userEvent.setup()
    renderApp()
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    await user.click(within(banner).getByRole('button', { name: 'Close report' }))
    expect(app.api.closeReport).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Opened report' })).toBeNull())
    await waitFor(() => expect(app.api.search).toHaveBeenCalled())
    // That search went to Convoso.
    await waitFor(() => expect(app.server.requests.length).toBeGreaterThan(app.serverRequestsAtStart))
  })

  it('closing the report while disconnected leads to the connect screen', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    await openInMain(app, await writeGlobalReport(app))
    const user = userEvent.setup()
    renderApp()
    await screen.findByRole('region', { name: 'Opened report' })
    await user.click(screen.getByRole('button', { name: 'Connect' }))
    expect(await screen.findByRole('heading', { name: 'Connect to Convoso' })).toBeTruthy()
  })
})

describe('dropping a file on the window', () => {
  it('opens the dropped file by its path on disk', async () => {
    const app = await installRealApi({ connect: 'disconnected' })
    const path = await writeReport(app, 'march.csv', app.records)
    setDroppedFiles({ pathOf: (file) => (file.name === 'march.csv' ? path : '') })
    renderApp()
    await screen.findByRole('heading', { name: 'Connect to Convoso' })
    dropFile('march.csv')
    await waitFor(() => expect(app.api.viewReportAtPath).toHaveBeenCalledWith({ path }))
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(banner.textContent).toContain('march.csv')
  })

  it('refuses something that is not a file on disk, with a message', async () => {
    const { api } = await installRealApi({ connect: 'disconnected' })
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
    const app = await installRealApi()
    await writeReportHistory(app, [storedReport('r1', await writeGlobalReport(app))])
    const user = userEvent.setup()
    renderApp()
    await user.click(await screen.findByRole('button', { name: 'Reports' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(await within(dialog).findByRole('button', { name: 'View in Opt-Out Desk' }))
    expect(app.api.viewReportFromHistory).toHaveBeenCalledWith({ reportId: 'r1' })
    const banner = await screen.findByRole('region', { name: 'Opened report' })
    expect(banner.textContent).toContain(REPORT_NAME)
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
