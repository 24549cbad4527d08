import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useEffect } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ExportMenu } from '../../../src/renderer/src/components/ExportMenu'
import { ExportProgress } from '../../../src/renderer/src/components/ExportProgress'
import { OverCapDialog } from '../../../src/renderer/src/components/OverCapDialog'
import { formatBytes } from '../../../src/renderer/src/lib/format'
import { followJobs } from '../../../src/renderer/src/stores/jobs'
import { useSearchStore } from '../../../src/renderer/src/stores/search'
import type { ExportPlan } from '../../../src/shared/exports'
import type { Result } from '../../../src/shared/result'
import {
  expectOk,
  installRealApi,
  type RendererApp,
  type RendererAppOptions,
} from '../../support/renderer/api'
import { withFilters } from '../../support/renderer/presets'
import {
  beyondTheCap,
  faultAfterPlan,
  jobEnd,
  reportPath,
  runningJob,
  saveAs,
  STALL,
} from '../../support/renderer/reports'
import { deferred, makeRecord, required } from '../../support/renderer/values'

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

/** Campaign 42's opt-outs (enough for three pages of 250) and a few of another campaign. */
const CAMPAIGN_42 = Array.from({ length: 1_100 }, (_, i) =>
  makeRecord(i, { campaign_id: '42', campaign_name: 'Spring Renewal' }),
)
const RECORDS = [
  ...CAMPAIGN_42,
  ...Array.from({ length: 50 }, (_, i) => makeRecord(2_000 + i, { campaign_id: '7' })),
]

/**
 * Page 3 of a campaign-42 search at 250 rows a page, then an unsaved edit of
 * the form: the export must use what is on screen, not the edit.
 */
async function withResultsOnScreen(options: RendererAppOptions = {}): Promise<RendererApp> {
  const app = await installRealApi({ records: RECORDS, ...options })
  const search = useSearchStore.getState()
  search.setFilter('campaignId', '42')
  await search.setPageSize(250)
  await useSearchStore.getState().search()
  await useSearchStore.getState().goToPage(3)
  useSearchStore.getState().setFilter('campaignId', '99')
  render(<ExportHarness />)
  // As a window at start: main's list of jobs is in before the user can export, so a late answer
  // (a busy machine) never shows a job the test has just started ahead of main's events.
  await waitFor(() => expect(app.api.listJobs).toHaveBeenCalledTimes(1))
  await app.api.listJobs.mock.results[0]?.value
  return app
}

const JOB_END = { timeout: 60_000 }

const onScreen = { filters: withFilters({ campaignId: '42' }), offset: 500, limit: 250 }

const exportButton = () => screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement
const region = () => screen.getByRole('region', { name: 'Export progress' })

async function choose(item: string) {
  const user = userEvent.setup()
  await user.click(exportButton())
  await user.click(screen.getByRole('menuitem', { name: item }))
}

/** The plan main answered with. */
async function planOf(app: RendererApp, index = 0): Promise<ExportPlan> {
  const answer: Result<ExportPlan> = await required(app.api.planExport.mock.results[index], 'a plan').value
  return expectOk(answer, 'planExport')
}

/** The job main started. */
async function startedJobId(app: RendererApp): Promise<string> {
  await waitFor(() => expect(app.api.startExport).toHaveBeenCalledTimes(1))
  const answer: Result<{ jobId: string; filePath: string } | null> = await required(
    app.api.startExport.mock.results[0],
    'a start',
  ).value
  return required(expectOk(answer, 'startExport'), 'a started job').jobId
}

/**
 * Records every timer the window's own code (src/renderer) sets until the returned function is
 * called, which answers where each was set.
 */
function recordRendererTimers(): () => string[] {
  const { setTimeout: timeout, setInterval: interval } = globalThis
  const set: string[] = []
  const callerIn = (): void => {
    const caller = new Error().stack?.split('\n')[3] ?? ''
    if (caller.includes('/src/renderer/')) set.push(caller.trim())
  }
  globalThis.setTimeout = ((...args: Parameters<typeof timeout>) => {
    callerIn()
    return timeout(...args)
  }) as typeof timeout
  globalThis.setInterval = ((...args: Parameters<typeof interval>) => {
    callerIn()
    return interval(...args)
  }) as typeof interval
  return () => {
    globalThis.setTimeout = timeout
    globalThis.setInterval = interval
    return set
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('Export action', () => {
  it('is disabled, with the reason, until a search has results', async () => {
    await installRealApi({ records: RECORDS })
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
    expect(items[2]?.textContent).toContain('1,100 rows')
    expect(exportButton().getAttribute('aria-expanded')).toBe('true')
  })

  it('exports this page with the filters, offset and page size on screen, without asking for a plan', async () => {
    const app = await withResultsOnScreen()
    await saveAs(app, 'page.csv')
    await choose('This page as CSV')
    await waitFor(() => expect(app.api.startExport).toHaveBeenCalledTimes(1))
    expect(app.api.startExport).toHaveBeenCalledWith({
      ...onScreen,
      scope: 'page',
      format: 'csv',
      acceptPartial: false,
    })
    expect(app.api.planExport).not.toHaveBeenCalled()
    const end = await jobEnd(app, await startedJobId(app), 'export')
    expect(end.state === 'done' && end.outcome.rowsWritten).toBe(250)
  })

  it('plans "all matching records" first, then starts it with the chosen format', async () => {
    const app = await withResultsOnScreen()
    await saveAs(app, 'all.xlsx')
    await choose('All matching records as Excel')
    await waitFor(() => expect(app.api.startExport).toHaveBeenCalledTimes(1))
    expect(app.api.planExport).toHaveBeenCalledWith({ ...onScreen, scope: 'all' })
    const { planId } = await planOf(app)
    expect(app.api.startExport).toHaveBeenCalledWith({
      ...onScreen,
      scope: 'all',
      format: 'xlsx',
      acceptPartial: false,
      planId,
    })
    expect(app.api.planExport.mock.invocationCallOrder[0]).toBeLessThan(
      app.api.startExport.mock.invocationCallOrder[0] ?? 0,
    )
  })

  it('warns before starting when the filter matches more than 1,001,000 rows; Cancel starts nothing', async () => {
    const app = await withResultsOnScreen({ records: beyondTheCap(CAMPAIGN_42) })
    await choose('All matching records as CSV')
    const dialog = await screen.findByRole('alertdialog', {
      name: 'Only the first 1,001,000 rows can be exported',
    })
    expect(dialog.textContent).toContain('1,005,000 opt-outs')
    expect(dialog.textContent).toContain('first 1,001,000 rows')
    expect(dialog.textContent).toContain('campaign or insert date')
    expect(dialog.textContent).toContain('marked partial')
    expect(app.api.startExport).not.toHaveBeenCalled()
    expect(exportButton().disabled).toBe(true)

    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(screen.queryByRole('region', { name: 'Export progress' })).toBeNull()
    expect(app.api.startExport).not.toHaveBeenCalled()
    expect(exportButton().disabled).toBe(false)
  })

  it('passes acceptPartial only after the user agrees to export the first 1,001,000 rows', async () => {
    // The save dialog is then closed: the test is about what the window asks, not a million-row file.
    const app = await withResultsOnScreen({ records: beyondTheCap(CAMPAIGN_42) })
    await choose('All matching records as Excel')
    const dialog = await screen.findByRole('alertdialog')
    await userEvent
      .setup()
      .click(within(dialog).getByRole('button', { name: 'Export the first 1,001,000 rows' }))
    await waitFor(() => expect(app.api.startExport).toHaveBeenCalledTimes(1))
    const { planId } = await planOf(app)
    expect(app.api.startExport).toHaveBeenCalledWith({
      ...onScreen,
      scope: 'all',
      format: 'xlsx',
      acceptPartial: true,
      planId,
    })
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('does nothing when the user closes the save dialog (startExport answers null)', async () => {
    const app = await withResultsOnScreen()
    await choose('This page as Excel')
    await waitFor(() => expect(app.api.startExport).toHaveBeenCalledTimes(1))
    expect(await required(app.api.startExport.mock.results[0], 'a start').value).toEqual({
      ok: true,
      data: null,
    })
    await waitFor(() => expect(exportButton().disabled).toBe(false))
    expect(screen.queryByRole('region', { name: 'Export progress' })).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(app.api.cancelJob).not.toHaveBeenCalled()
  })

  it('shows why the export did not start when the plan fails, and starts nothing', async () => {
    const app = await withResultsOnScreen()
    // Convoso cannot be reached when the plan asks how many rows match.
    app.server.injectFault({ kind: 'reset' }, Infinity)
    await choose('All matching records as CSV')
    const alert = await screen.findByRole('alert')
    const plan: Result<ExportPlan> = await required(app.api.planExport.mock.results[0], 'a plan').value
    expect(plan.ok === false && plan.error.kind).toBe('network')
    expect(alert.textContent).toContain('The export did not start')
    expect(alert.textContent).toContain(plan.ok ? 'an error' : plan.error.message)
    expect(app.api.startExport).not.toHaveBeenCalled()
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(exportButton().disabled).toBe(false)
  })
})

describe('export progress', () => {
  it('follows main’s events: bar, speed and time left, the checking and saving steps, then the outcome', async () => {
    const app = await withResultsOnScreen()
    const path = await saveAs(app, 'all.xlsx')
    // Main's own events wait; the statuses it sends mid-export are played in between, so the test
    // sees each step however fast the machine writes 1,100 rows.
    const release = app.holdEvents()
    await choose('All matching records as Excel')
    const jobId = await startedJobId(app)
    expect(app.api.on).toHaveBeenCalledTimes(1)

    // The start has answered; main's first status is on its way.
    expect(region().textContent).toContain('Preparing all matching records as Excel')
    act(() => app.deliver('jobChanged', runningJob('export', jobId, path, 0, 1_100)))
    const bar = within(region()).getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('0')
    expect(region().textContent).toContain('Exporting all matching records as Excel')
    expect(exportButton().disabled).toBe(true)
    expect(screen.getByText('One export at a time')).toBeTruthy()

    act(() => app.deliver('jobChanged', runningJob('export', jobId, path, 10, 1_100)))
    expect(bar.getAttribute('aria-valuenow')).toBe('10')
    expect(bar.getAttribute('aria-valuemax')).toBe('1100')
    expect(region().textContent).toContain('10 of 1,100 rows written')
    expect(region().textContent).toContain('Measuring speed…')

    // Main measures the speed; the panel shows it and the time left (1,050 rows at 42 rows/s).
    act(() => app.deliver('jobChanged', runningJob('export', jobId, path, 50, 1_100, { rowsPerSecond: 42 })))
    expect(bar.getAttribute('aria-valuenow')).toBe('50')
    expect(region().textContent).toContain('42 rows/s')
    expect(region().textContent).toContain('About 25 s left')

    // Every row written: the panel says what main is doing with the file instead of "Estimating…".
    act(() =>
      app.deliver(
        'jobChanged',
        runningJob('export', jobId, path, 1_100, 1_100, { phase: 'verifying', rowsPerSecond: 0 }),
      ),
    )
    expect(region().textContent).toContain('Checking the file…')
    expect(region().textContent).not.toContain('Estimating')
    act(() =>
      app.deliver(
        'jobChanged',
        runningJob('export', jobId, path, 1_100, 1_100, { phase: 'saving', rowsPerSecond: 0 }),
      ),
    )
    expect(region().textContent).toContain('Saving the report…')

    act(release)
    await within(region()).findByText('Export complete', {}, JOB_END)
    expect(region().textContent).toContain('1,100 rows')
    expect(within(region()).queryByRole('progressbar')).toBeNull()
    expect(exportButton().disabled).toBe(false)
    // The outcome is on screen: main may forget the job.
    await waitFor(() => expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId }))
  })

  it('sets no timers: nothing is asked of main while an export runs', async () => {
    const app = await withResultsOnScreen()
    await saveAs(app, 'running.csv')
    faultAfterPlan(app, STALL)
    // Main shares this process and sets timers of its own; only those the window's code sets count.
    let stopRecording = recordRendererTimers()
    await choose('All matching records as CSV')
    await startedJobId(app)
    await within(region()).findByText(/rows written/)
    const started = stopRecording()
    vi.useFakeTimers()
    stopRecording = recordRendererTimers()
    const calls = () =>
      Object.entries(app.api)
        .filter(([, value]) => vi.isMockFunction(value))
        .map(([name, value]) => [name, (value as { mock: { calls: unknown[] } }).mock.calls.length])
    const before = calls()
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000)
    })
    expect(calls()).toEqual(before)
    expect([...started, ...stopRecording()]).toEqual([])
  })

  it('unsubscribes from main’s events when the window’s subscription is dropped', async () => {
    const { api } = await installRealApi()
    const view = render(<ExportHarness />)
    expect(api.listeners('jobChanged')).toBe(1)
    view.unmount()
    expect(api.listeners('jobChanged')).toBe(0)
  })

  it('Cancel export asks main to stop the job and then says no file was written', async () => {
    const app = await withResultsOnScreen()
    const path = await saveAs(app, 'cancelled.csv')
    faultAfterPlan(app, STALL)
    await choose('All matching records as CSV')
    const jobId = await startedJobId(app)
    await within(region()).findByText(/of 1,100 rows written/)

    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Cancel export' }))
    expect(app.api.cancelJob).toHaveBeenCalledWith({ jobId })
    await within(region()).findByText('Export cancelled', {}, JOB_END)
    expect(region().textContent).toContain('No file was written.')
    // Screen readers hear it once, from a live region that is always in the page.
    expect(screen.getByText('Stopped at your request; nothing was saved.').getAttribute('aria-live')).toBe(
      'polite',
    )
    expect(exportButton().disabled).toBe(false)
    expect((await jobEnd(app, jobId, 'export')).state).toBe('cancelled')
    expect(app.dialogs.chosenPaths).toEqual([path])
  })

  it('can be cancelled while Convoso is still being asked how many rows match', async () => {
    const app = await withResultsOnScreen()
    // The plan is held in flight until the user has cancelled.
    const gate = deferred<undefined>()
    app.api.planExport.mockImplementationOnce(async (request) => {
      await gate.promise
      return app.call('planExport', request)
    })
    await choose('All matching records as Excel')
    expect(region().textContent).toContain('Checking with Convoso how many opt-outs match')
    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Cancel export' }))
    expect(region().textContent).toContain('Export cancelled')
    await act(async () => {
      gate.resolve(undefined)
      await app.api.planExport.mock.results[0]?.value
    })
    expect(app.api.startExport).not.toHaveBeenCalled()
    expect(region().textContent).toContain('No file was written.')
  })

  it('when done: rows, size, complete or partial, plain-word notes, and Show in folder / Open for the report', async () => {
    // Five rows Convoso answers twice, and five opt-outs added while the export runs.
    const app = await withResultsOnScreen({ records: [...RECORDS, ...CAMPAIGN_42.slice(0, 5)] })
    const path = await saveAs(app, 'sms-opt-outs_campaign-42.xlsx')
    app.api.startExport.mockImplementationOnce(async (request) => {
      app.server.addRecords(
        Array.from({ length: 5 }, (_, i) => makeRecord(5_000 + i, { campaign_id: '42' })),
        'start',
      )
      return app.call('startExport', request)
    })
    await choose('All matching records as Excel')
    const end = await jobEnd(app, await startedJobId(app), 'export')
    if (end.state !== 'done') throw new Error(`the export ended ${end.state}`)
    const { outcome } = end
    await within(region()).findByText('Export complete')
    const panel = region()
    expect(within(panel).getByText('Complete')).toBeTruthy()
    expect(within(panel).getByText(`${outcome.rowsWritten.toLocaleString('en-US')} rows`)).toBeTruthy()
    expect(panel.textContent).toContain(formatBytes(outcome.fileSizeBytes))
    expect(outcome.duplicatesRemoved).toBeGreaterThan(0)
    expect(panel.textContent).toContain(`${outcome.duplicatesRemoved} duplicate rows left out`)
    expect(outcome.dataChanged).toBe(true)
    expect(panel.textContent).toContain('The opt-out list changed in Convoso while the export ran')
    expect(within(panel).getByText('sms-opt-outs_campaign-42.xlsx').getAttribute('title')).toBe(path)

    const user = userEvent.setup()
    await user.click(within(panel).getByRole('button', { name: 'Show in folder' }))
    expect(app.api.showReportInFolder).toHaveBeenCalledWith({ reportId: outcome.reportId })
    // The click only asks; main looks the report up before it hands the file to the shell.
    await waitFor(() => expect(app.shell.shown).toEqual([path]))
    await user.click(within(panel).getByRole('button', { name: 'Open' }))
    expect(app.api.openReportInSpreadsheetApp).toHaveBeenCalledWith({ reportId: outcome.reportId })
    await waitFor(() => expect(app.shell.opened).toEqual([path]))
    expect(screen.queryByRole('alert')).toBeNull()
    // The reports list is refreshed after the export.
    expect(app.api.listReports).toHaveBeenCalled()
  })

  it('Dismiss closes the outcome and hands focus back to the Export button', async () => {
    const app = await withResultsOnScreen()
    await saveAs(app, 'page.xlsx')
    await choose('This page as Excel')
    await within(region()).findByText('Export complete', {}, JOB_END)
    await userEvent.setup().click(within(region()).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Export progress' })).toBeNull()
    expect(document.activeElement).toBe(exportButton())
  })

  it('says a report is partial, and shows why Open did not work', async () => {
    const app = await withResultsOnScreen()
    // This account's API refuses offsets past 700: main finds the limit and offers what it can reach.
    app.server.setMaxOffset(700)
    await saveAs(app, 'partial.csv')
    // The computer has no application for the file.
    app.shell.open = async () => 'No application is associated with this file.'
    await choose('All matching records as CSV')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /^Export the first / }))
    const plan = await planOf(app)
    expect(plan.overCap).toBe(true)
    await within(region()).findByText('Export complete', {}, JOB_END)
    expect(within(region()).getByText('Partial')).toBeTruthy()
    expect(region().textContent).toContain(plan.reachableRows.toLocaleString('en-US'))
    expect(region().textContent).toContain('the filter matches 1,100 opt-outs')

    await user.click(within(region()).getByRole('button', { name: 'Open' }))
    const alert = await within(region()).findByRole('alert')
    const opened: Result<unknown> = await required(
      app.api.openReportInSpreadsheetApp.mock.results[0],
      'an open',
    ).value
    expect(opened.ok).toBe(false)
    expect(alert.textContent).toContain(opened.ok ? 'an error' : opened.error.message)
  })

  it('when failed: shows main’s message and that no file was left behind', async () => {
    const app = await withResultsOnScreen()
    await saveAs(app, 'failing.xlsx')
    faultAfterPlan(app, { kind: 'convoso-error', code: 6026, text: 'Missing or Invalid Country Code' })
    await choose('All matching records as Excel')
    const alert = await within(region()).findByRole('alert', {}, JOB_END)
    const end = await jobEnd(app, await startedJobId(app), 'export')
    if (end.state !== 'failed') throw new Error(`the export ended ${end.state}`)
    expect(end.fileLeftBehind).toBe(false)
    expect(alert.textContent).toContain('The export failed')
    expect(alert.textContent).toContain(end.error.message)
    expect(alert.textContent).toContain('No file was left behind.')
    expect(exportButton().disabled).toBe(false)
  })

  it('when failed with a file left behind: says where, from main’s flag (never from the message)', async () => {
    const app = await withResultsOnScreen()
    const path = await saveAs(app, 'left-behind.xlsx')
    faultAfterPlan(app, STALL)
    await choose('All matching records as Excel')
    const jobId = await startedJobId(app)
    // Main leaves a file behind only when something else put one at the target mid-export, which
    // a test cannot time: main's failed status is played for the real job.
    const message = 'The disk is full. Nothing was saved.'
    act(() =>
      app.deliver('jobChanged', {
        ...runningJob('export', jobId, path, 0, 1_100),
        state: 'failed',
        error: { kind: 'report-file', message },
        fileLeftBehind: true,
      }),
    )
    const alert = await within(region()).findByRole('alert')
    expect(alert.textContent).toContain(message)
    expect(alert.textContent).toContain(`A file was left at ${path}`)
    expect(alert.textContent).not.toContain('No file was left behind.')
  })

  it('after a reload: shows the export main is still running, with its progress and Cancel', async () => {
    const app = await installRealApi({ records: RECORDS })
    // An export the window started before it was reloaded, still waiting on Convoso.
    app.dialogs.nextReportPath = await reportPath(app, 'all.xlsx')
    const request = { filters: withFilters({ campaignId: '42' }), offset: 0, limit: 100 }
    const plan = expectOk(await app.call('planExport', { ...request, scope: 'all' }), 'planExport')
    app.server.injectFault(STALL, Infinity)
    const started = expectOk(
      await app.call('startExport', {
        ...request,
        scope: 'all',
        format: 'xlsx',
        acceptPartial: false,
        planId: plan.planId,
      }),
      'startExport',
    )
    const { jobId } = required(started, 'a started job')
    render(<ExportHarness />)
    const panel = await screen.findByRole('region', { name: 'Export progress' })
    expect(app.api.listJobs).toHaveBeenCalledTimes(1)
    expect(panel.textContent).toContain('Export running')
    expect(panel.textContent).toContain('of 1,100 rows written')
    expect(within(panel).getByText('all.xlsx')).toBeTruthy()
    await userEvent.setup().click(within(panel).getByRole('button', { name: 'Cancel export' }))
    expect(app.api.cancelJob).toHaveBeenCalledWith({ jobId })
    await within(region()).findByText('Export cancelled', {}, JOB_END)
    await waitFor(() => expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId }))
  })
})
