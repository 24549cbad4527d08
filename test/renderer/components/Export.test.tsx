import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useEffect } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ExportMenu } from '../../../src/renderer/src/components/ExportMenu'
import { ExportProgress } from '../../../src/renderer/src/components/ExportProgress'
import { OverCapDialog } from '../../../src/renderer/src/components/OverCapDialog'
import { followJobs } from '../../../src/renderer/src/stores/jobs'
import type { JobStatus } from '../../../src/shared/jobs'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import {
  deferred,
  done,
  fail,
  failed,
  installFakeApi,
  JOB_ID,
  ok,
  REPORT_ID,
  running,
  withFilters,
  type FakeApiOptions,
} from '../fake-api'

/** The export UI as the results panel holds it, without the grid; main's events followed as App does. */
function ExportHarness() {
  useEffect(() => followJobs(), [])
  return (
    <>
      <ExportMenu />
      <ExportProgress />
      <OverCapDialog />
    </>
  )
}

/**
 * Page 3 of a campaign-42 search at 250 rows a page, then an unsaved edit of
 * the form: the export must use what is on screen, not the edit.
 */
async function withResultsOnScreen(options: FakeApiOptions = {}) {
  const api = installFakeApi({ total: 12_345, ...options })
  const search = useSearchStore.getState()
  search.setFilter('campaignId', '42')
  await search.setPageSize(250)
  await useSearchStore.getState().search()
  await useSearchStore.getState().goToPage(3)
  useSearchStore.getState().setFilter('campaignId', '99')
  render(<ExportHarness />)
  return api
}

const onScreen = { filters: withFilters({ campaignId: '42' }), offset: 500, limit: 250 }

const exportButton = () => screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement
const region = () => screen.getByRole('region', { name: 'Export progress' })

async function choose(item: string) {
  const user = userEvent.setup()
  await user.click(exportButton())
  await user.click(screen.getByRole('menuitem', { name: item }))
}

/** For tests on fake timers: clicks and lets every promise settle. */
async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element)
    await vi.advanceTimersByTimeAsync(0)
  })
}

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms)
  })
}

async function chooseOnFakeTimers(item: string) {
  await click(exportButton())
  await click(screen.getByRole('menuitem', { name: item }))
}

afterEach(() => {
  vi.useRealTimers()
})

describe('Export action', () => {
  it('is disabled, with the reason, until a search has results', async () => {
    installFakeApi()
    render(<ExportHarness />)
    expect(exportButton().disabled).toBe(true)
    expect(exportButton().getAttribute('aria-describedby')).toBeTruthy()
    const reasonId = exportButton().getAttribute('aria-describedby') ?? ''
    expect(document.getElementById(reasonId)?.textContent).toBe(
      'Search first: an export holds the results on screen.',
    )
    await act(async () => {
      await useSearchStore.getState().search()
    })
    expect(exportButton().disabled).toBe(false)
  })

  it('offers this page or all matching records, as Excel or CSV, with their row counts', async () => {
    await withResultsOnScreen()
    await userEvent.setup().click(exportButton())
    const menu = screen.getByRole('menu', { name: 'Export' })
    const items = within(menu).getAllByRole('menuitem')
    expect(items.map((item) => item.querySelector('.menu-item-label')?.textContent)).toEqual([
      'This page as Excel',
      'This page as CSV',
      'All matching records as Excel',
      'All matching records as CSV',
    ])
    expect(items[0]?.textContent).toContain('250 rows')
    expect(items[2]?.textContent).toContain('12,345 rows')
    expect(exportButton().getAttribute('aria-expanded')).toBe('true')
  })

  it('exports this page with the filters, offset and page size on screen, without asking for a plan', async () => {
    const api = await withResultsOnScreen()
    await choose('This page as CSV')
    await waitFor(() => expect(api.startExport).toHaveBeenCalledTimes(1))
    expect(api.startExport).toHaveBeenCalledWith({
      ...onScreen,
      scope: 'page',
      format: 'csv',
      acceptPartial: false,
    })
    expect(api.planExport).not.toHaveBeenCalled()
  })

  it('plans "all matching records" first, then starts it with the chosen format', async () => {
    const api = await withResultsOnScreen()
    await choose('All matching records as Excel')
    await waitFor(() => expect(api.startExport).toHaveBeenCalledTimes(1))
    expect(api.planExport).toHaveBeenCalledWith({ ...onScreen, scope: 'all' })
    expect(api.startExport).toHaveBeenCalledWith({
      ...onScreen,
      scope: 'all',
      format: 'xlsx',
      acceptPartial: false,
      planId: 'plan-1',
    })
    expect(api.planExport.mock.invocationCallOrder[0]).toBeLessThan(
      api.startExport.mock.invocationCallOrder[0] ?? 0,
    )
  })

  it('warns before starting when the filter matches more than 1,001,000 rows; Cancel starts nothing', async () => {
    const api = await withResultsOnScreen({ exportTotal: 1_500_000 })
    await choose('All matching records as CSV')
    const dialog = await screen.findByRole('alertdialog', {
      name: 'Only the first 1,001,000 rows can be exported',
    })
    expect(dialog.textContent).toContain('1,500,000 opt-outs')
    expect(dialog.textContent).toContain('first 1,001,000 rows')
    expect(dialog.textContent).toContain('campaign or insert date')
    expect(dialog.textContent).toContain('marked partial')
    expect(api.startExport).not.toHaveBeenCalled()
    expect(exportButton().disabled).toBe(true)

    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(screen.queryByRole('region', { name: 'Export progress' })).toBeNull()
    expect(api.startExport).not.toHaveBeenCalled()
    expect(exportButton().disabled).toBe(false)
  })

  it('passes acceptPartial only after the user agrees to export the first 1,001,000 rows', async () => {
    const api = await withResultsOnScreen({ exportTotal: 1_500_000 })
    await choose('All matching records as Excel')
    const dialog = await screen.findByRole('alertdialog')
    await userEvent
      .setup()
      .click(within(dialog).getByRole('button', { name: 'Export the first 1,001,000 rows' }))
    await waitFor(() => expect(api.startExport).toHaveBeenCalledTimes(1))
    expect(api.startExport).toHaveBeenCalledWith({
      ...onScreen,
      scope: 'all',
      format: 'xlsx',
      acceptPartial: true,
      planId: 'plan-1',
    })
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('does nothing when the user closes the save dialog (startExport answers null)', async () => {
    const api = await withResultsOnScreen({ saveDialogClosed: true })
    await choose('This page as Excel')
    await waitFor(() => expect(api.startExport).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(exportButton().disabled).toBe(false))
    expect(screen.queryByRole('region', { name: 'Export progress' })).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(api.cancelJob).not.toHaveBeenCalled()
  })

  it('shows why the export did not start when the plan fails, and starts nothing', async () => {
    const api = await withResultsOnScreen()
    api.planExport.mockResolvedValueOnce(
      fail({ kind: 'network', message: 'Convoso could not be reached. Check the connection and try again.' }),
    )
    await choose('All matching records as CSV')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The export did not start')
    expect(alert.textContent).toContain('Convoso could not be reached.')
    expect(api.startExport).not.toHaveBeenCalled()
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(exportButton().disabled).toBe(false)
  })
})

describe('export progress', () => {
  it('follows main’s events: bar, speed and time left, the checking and saving steps, then the outcome', async () => {
    const api = await withResultsOnScreen({ exportStatuses: [] })
    vi.useFakeTimers()
    await chooseOnFakeTimers('All matching records as Excel')
    expect(api.startExport).toHaveBeenCalledTimes(1)
    expect(api.on).toHaveBeenCalledTimes(1)

    const bar = within(region()).getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('0')
    expect(region().textContent).toContain('Exporting all matching records as Excel')
    expect(exportButton().disabled).toBe(true)
    expect(screen.getByText('One export at a time')).toBeTruthy()

    await act(async () => api.emitExport(running(1000, 100_000)))
    expect(bar.getAttribute('aria-valuenow')).toBe('1000')
    expect(bar.getAttribute('aria-valuemax')).toBe('100000')
    expect(region().textContent).toContain('1,000 of 100,000 rows written')
    expect(region().textContent).toContain('Measuring speed…')

    // Main measures the speed; the panel shows it and the time left (95,000 rows at 4,000 rows/s).
    await act(async () => api.emitExport(running(5000, 100_000, { rowsPerSecond: 4000 })))
    expect(bar.getAttribute('aria-valuenow')).toBe('5000')
    expect(region().textContent).toContain('4,000 rows/s')
    expect(region().textContent).toContain('About 24 s left')

    // Every row written: the panel says what main is doing with the file instead of "Estimating…".
    await act(async () => api.emitExport(running(100_000, 100_000, { phase: 'verifying', rowsPerSecond: 0 })))
    expect(region().textContent).toContain('Checking the file…')
    expect(region().textContent).not.toContain('Estimating')
    await act(async () => api.emitExport(running(100_000, 100_000, { phase: 'saving', rowsPerSecond: 0 })))
    expect(region().textContent).toContain('Saving the report…')

    await act(async () => api.emitExport(done({ rowsWritten: 100_000 })))
    expect(region().textContent).toContain('Export complete')
    expect(within(region()).queryByRole('progressbar')).toBeNull()
    expect(exportButton().disabled).toBe(false)
    // The outcome is on screen: main may forget the job.
    await advance(0)
    expect(api.acknowledgeJob).toHaveBeenCalledWith({ jobId: JOB_ID })
  })

  it('sets no timers: nothing is asked of main while an export runs', async () => {
    const api = await withResultsOnScreen({ exportStatuses: [running(10, 12_345)] })
    vi.useFakeTimers()
    await chooseOnFakeTimers('All matching records as CSV')
    await advance(0)
    const calls = Object.entries(api)
      .filter(([, value]) => vi.isMockFunction(value))
      .map(([name, value]) => [name, (value as { mock: { calls: unknown[] } }).mock.calls.length])
    expect(vi.getTimerCount()).toBe(0)
    await advance(10_000)
    expect(
      Object.entries(api)
        .filter(([, value]) => vi.isMockFunction(value))
        .map(([name, value]) => [name, (value as { mock: { calls: unknown[] } }).mock.calls.length]),
    ).toEqual(calls)
  })

  it('unsubscribes from main’s events when the window’s subscription is dropped', async () => {
    const api = installFakeApi()
    const view = render(<ExportHarness />)
    expect(api.listeners('jobChanged')).toBe(1)
    view.unmount()
    expect(api.listeners('jobChanged')).toBe(0)
  })

  it('Cancel export asks main to stop the job and then says no file was written', async () => {
    const api = await withResultsOnScreen({ exportStatuses: [running(2000, 12_345)] })
    vi.useFakeTimers()
    await chooseOnFakeTimers('All matching records as CSV')
    await advance(0)
    expect(within(region()).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2000')

    await click(within(region()).getByRole('button', { name: 'Cancel export' }))
    expect(api.cancelJob).toHaveBeenCalledWith({ jobId: JOB_ID })
    await advance(0)
    expect(region().textContent).toContain('Export cancelled')
    expect(region().textContent).toContain('No file was written.')
    // Screen readers hear it once, from a live region that is always in the page.
    expect(screen.getByText('Stopped at your request; nothing was saved.').getAttribute('aria-live')).toBe(
      'polite',
    )
    expect(exportButton().disabled).toBe(false)
  })

  it('can be cancelled while Convoso is still being asked how many rows match', async () => {
    const api = await withResultsOnScreen()
    const plan = deferred<Awaited<ReturnType<typeof api.planExport>>>()
    api.planExport.mockReturnValueOnce(plan.promise)
    await choose('All matching records as Excel')
    expect(region().textContent).toContain('Checking with Convoso how many opt-outs match')
    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Cancel export' }))
    expect(region().textContent).toContain('Export cancelled')
    await act(async () => {
      plan.resolve({
        ok: true,
        data: {
          planId: 'plan-late',
          total: 12_345,
          rows: 12_345,
          reachableRows: 1_001_000,
          overCap: false,
          suggestedFileName: 'x',
          params: {},
        },
      })
      await plan.promise
    })
    expect(api.startExport).not.toHaveBeenCalled()
    expect(region().textContent).toContain('No file was written.')
  })

  it('when done: rows, size, complete or partial, plain-word notes, and Show in folder / Open for the report', async () => {
    const api = await withResultsOnScreen({
      exportStatuses: [
        done({ rowsWritten: 12_340, fileSizeBytes: 1_572_864, duplicatesRemoved: 5, dataChanged: true }),
      ],
    })
    await choose('All matching records as Excel')
    await within(region()).findByText('Export complete')
    const panel = region()
    expect(within(panel).getByText('Complete')).toBeTruthy()
    expect(within(panel).getByText('12,340 rows')).toBeTruthy()
    expect(panel.textContent).toContain('1.5 MB')
    expect(panel.textContent).toContain('5 duplicate rows left out')
    expect(panel.textContent).toContain('The opt-out list changed in Convoso while the export ran')
    expect(within(panel).getByText('sms-opt-outs_all_2024-05-01_0900.xlsx').getAttribute('title')).toBe(
      '/home/officer/Reports/sms-opt-outs_all_2024-05-01_0900.xlsx',
    )

    const user = userEvent.setup()
    await user.click(within(panel).getByRole('button', { name: 'Show in folder' }))
    expect(api.showReportInFolder).toHaveBeenCalledWith({ reportId: REPORT_ID })
    await user.click(within(panel).getByRole('button', { name: 'Open' }))
    expect(api.openReportInSpreadsheetApp).toHaveBeenCalledWith({ reportId: REPORT_ID })
    expect(screen.queryByRole('alert')).toBeNull()
    // The reports list is refreshed after the export.
    expect(api.listReports).toHaveBeenCalled()
  })

  it('Dismiss closes the outcome and hands focus back to the Export button', async () => {
    await withResultsOnScreen({ exportStatuses: [done()] })
    await choose('This page as Excel')
    await within(region()).findByText('Export complete')
    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Export progress' })).toBeNull()
    expect(document.activeElement).toBe(exportButton())
  })

  it('says a report is partial, and shows why Open did not work', async () => {
    const api = await withResultsOnScreen({ exportTotal: 1_500_000 })
    api.openReportInSpreadsheetApp.mockResolvedValueOnce(
      fail({
        kind: 'report-file',
        message: 'The report could not be opened (no application). Open it from its folder instead.',
      }),
    )
    await choose('All matching records as CSV')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Export the first 1,001,000 rows' }))
    await within(region()).findByText('Export complete')
    expect(within(region()).getByText('Partial')).toBeTruthy()
    expect(region().textContent).toContain('1,001,000')
    expect(region().textContent).toContain('the filter matches 1,500,000 opt-outs')

    await user.click(within(region()).getByRole('button', { name: 'Open' }))
    const alert = await within(region()).findByRole('alert')
    expect(alert.textContent).toContain('Open it from its folder instead.')
  })

  it('when failed: shows main’s message and that no file was left behind', async () => {
    const message = 'Convoso stopped answering after 3 tries. Check the connection and export again.'
    await withResultsOnScreen({ exportStatuses: [running(1000, 12_345), failed(message)] })
    await choose('All matching records as Excel')
    const alert = await within(region()).findByRole('alert', {}, { timeout: 3000 })
    expect(alert.textContent).toContain('The export failed')
    expect(alert.textContent).toContain(message)
    expect(alert.textContent).toContain('No file was left behind.')
    expect(exportButton().disabled).toBe(false)
  })

  it('when failed with a file left behind: says where, from main’s flag (never from the message)', async () => {
    const message = 'The disk is full. Nothing was saved.'
    await withResultsOnScreen({ exportStatuses: [failed(message, true)] })
    await choose('All matching records as Excel')
    const alert = await within(region()).findByRole('alert', {}, { timeout: 3000 })
    expect(alert.textContent).toContain(message)
    expect(alert.textContent).toContain(
      'A file was left at /home/officer/Reports/sms-opt-outs_all_2024-05-01_0900.xlsx',
    )
    expect(alert.textContent).not.toContain('No file was left behind.')
  })

  it('after a reload: shows the export main is still running, with its progress and Cancel', async () => {
    const before: JobStatus<'export'> = {
      jobId: 'job-before-reload',
      kind: 'export',
      name: 'all.xlsx',
      filePath: '/home/officer/Reports/all.xlsx',
      startedAt: '2024-05-01T09:00:00.000Z',
      state: 'running',
      phase: 'writing',
      rowsDone: 3000,
      rowsExpected: 12_345,
      bytesDone: 0,
      bytesTotal: 0,
      rowsPerSecond: 1500,
    }
    const api = installFakeApi({ jobs: [before] })
    api.cancelJob.mockImplementationOnce(async () => {
      setTimeout(() => api.emit('jobChanged', { ...before, state: 'cancelled' }), 0)
      return ok(true)
    })
    render(<ExportHarness />)
    const panel = await screen.findByRole('region', { name: 'Export progress' })
    expect(api.listJobs).toHaveBeenCalledTimes(1)
    expect(panel.textContent).toContain('Export running')
    expect(panel.textContent).toContain('3,000 of 12,345 rows written')
    expect(panel.textContent).toContain('1,500 rows/s')
    expect(within(panel).getByText('all.xlsx')).toBeTruthy()
    await userEvent.setup().click(within(panel).getByRole('button', { name: 'Cancel export' }))
    expect(api.cancelJob).toHaveBeenCalledWith({ jobId: 'job-before-reload' })
    await within(region()).findByText('Export cancelled')
    await waitFor(() => expect(api.acknowledgeJob).toHaveBeenCalledWith({ jobId: 'job-before-reload' }))
  })
})
