import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { setDroppedFiles } from '../../../../src/renderer/src/api'
import { App } from '../../../../src/renderer/src/App'
import { useCompareStore } from '../../../../src/renderer/src/stores/compare'
import type { OptOutRecord } from '../../../../src/shared/records'
import { installRealApi, type RendererApp } from '../../../support/renderer/api'
import {
  jobEnd,
  runningJob,
  saveAs,
  storedReport,
  writeForeignCsv,
  writeReport,
  writeReportHistory,
} from '../../../support/renderer/reports'
import { makeRecord, required } from '../../../support/renderer/values'

const ADDED = 30
const EDITED_REASON = 'Edited after the March report'

/**
 * The March and June reports of the server's records: June lost one record, has one reason
 * edited and 30 records inserted after March (numbers and ids March does not hold).
 */
async function twoReports(app: RendererApp): Promise<{
  march: string
  june: string
  gone: OptOutRecord
  edited: OptOutRecord
  added: OptOutRecord[]
}> {
  const records = app.records
  const gone = required(records[5], 'a record to delete')
  const edited = required(records[9], 'a record to edit')
  const template = required(records[0], 'a template record')
  const added = Array.from({ length: ADDED }, (_, i) => ({
    ...template,
    id: String(9_100_000 + i),
    phone_number: String(2_025_550_100 + i),
    insert_date: '2099-01-01 09:00:00',
  }))
  const march = await writeReport(app, 'march.xlsx', records)
  // The older is told apart by its recorded generation time.
  await new Promise((resolve) => setTimeout(resolve, 20))
  const june = await writeReport(app, 'june.xlsx', [
    ...records
      .filter((record) => record.id !== gone.id)
      .map((record) => (record.id === edited.id ? { ...record, reason: EDITED_REASON } : record)),
    ...added,
  ])
  return { march, june, gone, edited, added }
}

async function openPanel() {
  const user = userEvent.setup()
  render(<App />)
  await user.click(within(await screen.findByRole('banner')).getByRole('button', { name: 'Compare' }))
  const panel = await screen.findByRole('main', { name: 'Compare two reports' })
  return { user, panel }
}

/** The panel's own Compare button (the header has one that opens the panel). */
const compareButton = async (): Promise<HTMLButtonElement> =>
  within(await screen.findByRole('main', { name: 'Compare two reports' })).getByRole<HTMLButtonElement>(
    'button',
    {
      name: 'Compare',
    },
  )

const side = (name: 'First report' | 'Second report') => screen.getByRole('region', { name })

/** The ids the grid shows, first column, in order. */
function gridIds(): string[] {
  const panel = screen.getByRole('tabpanel')
  return Array.from(panel.querySelectorAll('[role="row"] [role="gridcell"][aria-colindex="1"]')).map(
    (cell) => cell.textContent ?? '',
  )
}

/** The ids of the page main answered (the grid in jsdom draws only its first rows). */
function pageIds(): string[] {
  return (useCompareStore.getState().view?.page?.rows ?? []).map((row) => row.record.id)
}

async function compareDone(app: RendererApp): Promise<void> {
  await waitFor(() => expect(useCompareStore.getState().view?.phase).toBe('done'), { timeout: 60_000 })
  await app.eventsDelivered()
}

describe('comparing two reports', () => {
  it('chooses one from the Reports list and one with the file dialog, shows each, then the summary and every list', async () => {
    const app = await installRealApi()
    const { march, june, gone, edited, added } = await twoReports(app)
    await writeReportHistory(app, [
      storedReport('r-march', march, {
        rowsWritten: app.records.length,
        createdAt: '2026-03-01T09:00:00.000Z',
      }),
    ])
    app.dialogs.nextReportToOpen = june
    const { user } = await openPanel()

    // Before anything is compared, each side says what it is.
    await user.selectOptions(
      within(side('First report')).getByLabelText('From the Reports list'),
      await within(side('First report')).findByRole('option', { name: /march\.xlsx/ }),
    )
    expect(within(side('First report')).getByText('march.xlsx')).toBeTruthy()
    expect(within(side('First report')).getByText(`${app.records.length} rows`)).toBeTruthy()
    expect(within(side('First report')).getByText('Reports list')).toBeTruthy()
    expect((await compareButton()).disabled, 'Compare waits for the second report').toBe(true)
    await user.click(within(side('Second report')).getByRole('button', { name: 'Choose a file…' }))
    expect(await within(side('Second report')).findByText('june.xlsx')).toBeTruthy()
    expect(app.api.pickReportFile).toHaveBeenCalledTimes(1)

    await user.click(await compareButton())
    await compareDone(app)
    expect(app.api.startCompare).toHaveBeenCalledWith({
      a: { kind: 'history', reportId: 'r-march' },
      b: { kind: 'path', path: june },
    })
    const total = app.records.length
    expect(
      await screen.findByText(
        `${total} → ${total - 1 + ADDED} records: ${ADDED} added, 1 removed, 1 changed`,
      ),
    ).toBeTruthy()
    // The sides with their verdicts, older first.
    expect(screen.getByText('Older').parentElement?.textContent).toContain('march.xlsx')
    expect(screen.getByText('Newer').parentElement?.textContent).toContain('june.xlsx')
    expect(screen.getAllByText('Intact')).toHaveLength(2)

    // Removed is shown first: the finding that matters.
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent)
    expect(tabs).toEqual(['Removed 1', 'Changed 1', `Added ${ADDED}`, 'Re-entered 0', 'Back-dated 0'])
    expect(screen.getByRole('tab', { name: 'Removed 1' }).getAttribute('aria-selected')).toBe('true')
    await waitFor(() => expect(gridIds()).toEqual([gone.id]))

    await user.click(screen.getByRole('tab', { name: 'Changed 1' }))
    await waitFor(() => expect(gridIds()).toEqual([edited.id]))
    expect(
      within(screen.getByRole('tabpanel')).getByText(
        `Reason: ${edited.reason || '(blank)'} → ${EDITED_REASON}`,
      ),
    ).toBeTruthy()

    // Arrow keys move between the lists, as in any tab list.
    await user.keyboard('{ArrowRight}')
    expect(document.activeElement?.textContent).toBe(`Added ${ADDED}`)
    await waitFor(() => expect(pageIds()).toEqual(added.map((record) => record.id)))
    expect(gridIds()[0]).toBe(added[0]?.id)

    await user.click(screen.getByRole('tab', { name: 'Re-entered 0' }))
    expect(await screen.findByText('No records were re-entered')).toBeTruthy()
  })

  it('pages a list with the pager, and the filter form narrows it (Search filters the comparison)', async () => {
    const app = await installRealApi()
    const { march, june, added } = await twoReports(app)
    const { user } = await openPanel()
    useCompareStore.getState().chooseDropped(march, 'march.xlsx')
    useCompareStore.getState().chooseDropped(june, 'june.xlsx')
    await user.click(await compareButton())
    await compareDone(app)
    await user.click(screen.getByRole('tab', { name: `Added ${ADDED}` }))
    await waitFor(() => expect(gridIds().length).toBeGreaterThan(0))

    await user.selectOptions(screen.getByLabelText('Rows per page'), '25')
    await waitFor(() => expect(pageIds()).toEqual(added.slice(0, 25).map((record) => record.id)))
    expect(screen.getByText(`Showing 1–25 of ${ADDED}`)).toBeTruthy()
    expect(gridIds()[0]).toBe(added[0]?.id)
    await user.click(screen.getByRole('button', { name: 'Next page' }))
    await waitFor(() => expect(pageIds()).toEqual(added.slice(25).map((record) => record.id)))
    expect(gridIds()).toEqual(added.slice(25).map((record) => record.id))
    expect(app.api.searchComparison).toHaveBeenLastCalledWith(
      expect.objectContaining({ list: 'added', offset: 25, limit: 25 }),
    )

    // The form's Search filters the list on screen, with the search's meaning (a phone number typed any way).
    const wanted = required(added[27], 'an added record')
    const searches = app.api.search.mock.calls.length
    await user.type(
      screen.getByLabelText('Phone number'),
      `(${wanted.phone_number.slice(0, 3)}) ${wanted.phone_number.slice(3)}`,
    )
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await waitFor(() => expect(gridIds()).toEqual([wanted.id]))
    expect(app.api.search.mock.calls.length, 'nothing went to Convoso').toBe(searches)
    expect(screen.getByText(/1 of 30 match/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Show every record' }))
    await waitFor(() => expect(pageIds()).toHaveLength(25))
  })

  it('refuses a report the app did not make, naming it, and the choice stays to change', async () => {
    const app = await installRealApi()
    const march = await writeReport(app, 'march.xlsx', app.records)
    const foreign = await writeForeignCsv(app, 'from-a-colleague.csv', app.records)
    const { user } = await openPanel()
    for (const path of [march, foreign]) {
      app.dialogs.nextReportToOpen = path
      const empty = screen.getAllByRole('button', { name: 'Choose a file…' })[0]
      await user.click(required(empty, 'an empty side'))
    }
    await user.click(await compareButton())
    const refused = await screen.findByRole('alert')
    expect(refused.textContent).toContain('These reports cannot be compared')
    expect(refused.textContent).toContain('from-a-colleague.csv')
    expect(useCompareStore.getState().view?.phase).toBe('choosing')
    expect(within(side('Second report')).getByText('from-a-colleague.csv')).toBeTruthy()
  })

  it('saves the comparison: the files written, each with its rows and SHA-256, and Show in folder', async () => {
    const app = await installRealApi()
    const { march, june } = await twoReports(app)
    const { user } = await openPanel()
    useCompareStore.getState().chooseDropped(march, 'march.xlsx')
    useCompareStore.getState().chooseDropped(june, 'june.xlsx')
    await user.click(await compareButton())
    await compareDone(app)
    const target = await saveAs(app, 'march-to-june.xlsx')
    await user.click(screen.getByRole('button', { name: 'Export comparison' }))
    await user.click(screen.getByRole('menuitem', { name: /Comparison as Excel/ }))
    const saved = (await screen.findByText('Comparison saved', {}, { timeout: 60_000 })).closest('.alert')
    const exported = required(app.api.exportComparison.mock.results[0], 'the export').value
    const answer = await exported
    if (!answer.ok || !answer.data) throw new Error('the comparison was not exported')
    const [file] = answer.data.files
    expect(file?.path).toBe(target)
    expect(saved?.textContent).toContain('march-to-june.xlsx')
    expect(saved?.textContent).toContain(`${required(file, 'the file').rows} rows`)
    expect(saved?.textContent).toContain(required(file, 'the file').sha256.slice(0, 12))
    await user.click(screen.getByRole('button', { name: 'Show march-to-june.xlsx in its folder' }))
    await waitFor(() => expect(app.shell.shown).toEqual([target]))
  })

  it('is reached by keyboard from the header; Escape closes it and focus goes back to the Compare button', async () => {
    await installRealApi()
    const user = userEvent.setup()
    render(<App />)
    const opener = within(await screen.findByRole('banner')).getByRole('button', { name: 'Compare' })
    opener.focus()
    await user.keyboard('{Enter}')
    const heading = await screen.findByRole('heading', { name: 'Compare two reports' })
    expect(document.activeElement, 'the panel takes focus at its heading').toBe(heading)
    // Tab goes through the panel in reading order: its close button, then the first side's ways in
    // (the Reports list is empty here, so its list is disabled and skipped).
    await user.tab()
    expect(document.activeElement?.textContent).toBe('Close comparison')
    await user.tab()
    expect(document.activeElement).toBe(
      within(side('First report')).getByRole('button', { name: 'Choose a file…' }),
    )
    await user.keyboard('{Escape}')
    expect(await screen.findByRole('main', { name: 'SMS opt-outs' })).toBeTruthy()
    await waitFor(() => expect(document.activeElement).toBe(opener))
  })

  it('shows progress while main compares, and Cancel stops it: the two reports stay chosen, nothing compared', async () => {
    const app = await installRealApi()
    // Large enough that main is surely still reading when Cancel arrives.
    const many = Array.from({ length: 60_000 }, (_, i) => makeRecord(i))
    const march = await writeReport(app, 'big-march.csv', many)
    const june = await writeReport(app, 'big-june.csv', many.slice(1))
    const { user } = await openPanel()
    useCompareStore.getState().chooseDropped(march, 'big-march.csv')
    useCompareStore.getState().chooseDropped(june, 'big-june.csv')
    // Main's events wait, so the test sees the panel mid-comparison however fast main is.
    const release = app.holdEvents()
    fireEvent.click(await compareButton())
    const jobId = await waitFor(() => required(useCompareStore.getState().view?.jobId, 'the compare job'))
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(app.api.cancelJob).toHaveBeenCalledWith({ jobId }))
    expect(await required(app.api.cancelJob.mock.results[0], 'the cancel').value).toEqual({
      ok: true,
      data: true,
    })

    // A status main sends mid-way: 30,000 of 119,999 rows read.
    act(() =>
      app.deliver('jobChanged', runningJob('compare', jobId, '', 30_000, 119_999, { phase: 'reading' })),
    )
    const progress = screen.getByRole('progressbar', { name: 'Rows read' })
    expect(progress.getAttribute('aria-valuetext')).toBe('30,000 of 119,999 rows read')
    expect((screen.getByRole('button', { name: 'Cancelling…' }) as HTMLButtonElement).disabled).toBe(true)

    release()
    expect(await screen.findByText(/Comparison cancelled: nothing was compared/)).toBeTruthy()
    expect(useCompareStore.getState().view?.phase).toBe('choosing')
    expect(within(side('First report')).getByText('big-march.csv')).toBeTruthy()
    expect(within(side('Second report')).getByText('big-june.csv')).toBeTruthy()
    expect((await jobEnd(app, jobId, 'compare')).state).toBe('cancelled')
    expect(app.api.searchComparison).not.toHaveBeenCalled()
    // The same two can be compared again at once.
    expect((await compareButton()).disabled).toBe(false)
    void user
  })

  it('a drop of two files opens the panel with both chosen; Escape closes it and main forgets the comparison', async () => {
    const app = await installRealApi()
    const { march, june } = await twoReports(app)
    setDroppedFiles({ pathOf: (file) => (file.name === 'march.xlsx' ? march : june) })
    const user = userEvent.setup()
    render(<App />)
    await screen.findByRole('main', { name: 'SMS opt-outs' })
    const files = [new File(['x'], 'march.xlsx'), new File(['x'], 'june.xlsx')]
    fireEvent.drop(window, { dataTransfer: { types: ['Files'], files } })
    expect(await within(side('First report')).findByText('march.xlsx')).toBeTruthy()
    expect(within(side('Second report')).getByText('june.xlsx')).toBeTruthy()
    expect(
      app.api.viewReportAtPath,
      'a drop of two files compares, it does not open one',
    ).not.toHaveBeenCalled()

    await user.click(await compareButton())
    await compareDone(app)
    const compareId = required(useCompareStore.getState().view?.outcome?.compareId, 'the comparison')
    await user.keyboard('{Escape}')
    expect(await screen.findByRole('main', { name: 'SMS opt-outs' })).toBeTruthy()
    expect(app.api.closeComparison).toHaveBeenCalledWith({ compareId })
    expect(app.api.acknowledgeJob).toHaveBeenCalledWith({ jobId: compareId })
    const end = await jobEnd(app, compareId, 'compare')
    expect(end.state).toBe('done')
  })
})
