import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../src/renderer/src/App'
import { ReportsDialog } from '../../../src/renderer/src/components/ReportsDialog'
import { installRealApi, type RealApi, type RendererApp } from '../../support/renderer/api'
import {
  deleteReportFile,
  makeReportFile,
  reportPath,
  storedReport,
  writeReportHistory,
  type StoredReport,
} from '../../support/renderer/reports'

const SHA = 'a3f1c9e07b2d4c58e91f0a6b7c3d2e1f00112233445566778899aabbccddeeff'
const OLDER_NAME = 'sms-opt-outs_global_2024-04-02_0815.csv'
const PARTIAL_NAME = 'sms-opt-outs_all_2024-05-03_1640.xlsx'
const COMPLETE_NAME = 'sms-opt-outs_no-reason_2024-04-20_1105.xlsx'

/**
 * The profile's report history, as main keeps it in reports.json: a CSV page export whose file has
 * since gone, a partial whole-list export and a complete one, whose files are there.
 */
async function withHistory(
  app: RendererApp,
  which: ('older' | 'partial' | 'complete')[],
): Promise<StoredReport[]> {
  const entries: Record<string, () => Promise<StoredReport>> = {
    older: async () =>
      storedReport('r-old', await reportPath(app, OLDER_NAME), {
        createdAt: '2024-04-02T08:15:00.000Z',
        scope: 'page',
        filtersDescription: 'global',
        rowsWritten: 100,
        sha256: SHA,
      }),
    partial: async () =>
      storedReport('r-partial', await makeReportFile(app, PARTIAL_NAME), {
        createdAt: '2024-05-03T16:40:00.000Z',
        rowsWritten: 1_001_000,
        partial: true,
        sha256: SHA,
      }),
    complete: async () =>
      storedReport('r-complete', await makeReportFile(app, COMPLETE_NAME), {
        createdAt: '2024-04-20T11:05:00.000Z',
        filtersDescription: 'reason blank',
        rowsWritten: 2_345,
        sha256: SHA,
      }),
  }
  const reports: StoredReport[] = []
  for (const name of which) reports.push(await (entries[name] as () => Promise<StoredReport>)())
  await writeReportHistory(app, reports)
  return reports
}

/** The table's body rows, as the user reads them. */
function rows(): HTMLElement[] {
  const dialog = screen.getByRole('dialog', { name: 'Reports' })
  return within(dialog).getAllByRole('row').slice(1)
}

function rowFor(fileName: string): HTMLElement {
  const row = rows().find((candidate) => candidate.textContent?.includes(fileName))
  if (!row) throw new Error(`No row for ${fileName}`)
  return row
}

async function openDialog(api: RealApi) {
  render(<ReportsDialog onClose={() => undefined} />)
  await waitFor(() => expect(api.listReports).toHaveBeenCalledTimes(1))
  await screen.findAllByRole('row')
}

describe('Reports', () => {
  it('opens from the header and lists every report newest first, with its status', async () => {
    const app = await installRealApi()
    await withHistory(app, ['older', 'partial', 'complete'])
    const { api } = app
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Reports' }))
    const dialog = await screen.findByRole('dialog', { name: 'Reports' })
    await within(dialog).findAllByRole('row')
    expect(api.listReports).toHaveBeenCalledTimes(1)

    const names = rows().map((row) => within(row).getByRole('rowheader').textContent)
    expect(names).toEqual([
      'sms-opt-outs_all_2024-05-03_1640.xlsx',
      'sms-opt-outs_no-reason_2024-04-20_1105.xlsx',
      'sms-opt-outs_global_2024-04-02_0815.csv',
    ])
    expect(rows()[0]?.textContent).toContain('Partial')
    expect(rows()[1]?.textContent).toContain('Complete')
    expect(rows()[2]?.textContent).toContain('Missing')
    expect(rows()[0]?.textContent).not.toContain('Missing')

    // Opening again asks main again.
    await user.click(within(dialog).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Reports' }))
    await waitFor(() => expect(api.listReports).toHaveBeenCalledTimes(2))
  })

  it('shows when, filters, rows, format, the file (full path on hover) and a short SHA-256', async () => {
    const app = await installRealApi()
    const [complete] = await withHistory(app, ['complete'])
    const COMPLETE = complete as StoredReport
    await openDialog(app.api)
    const row = rowFor('sms-opt-outs_no-reason_2024-04-20_1105.xlsx')
    const cells = within(row).getAllByRole('cell')
    const time = row.querySelector('time')
    expect(time?.getAttribute('dateTime')).toBe(COMPLETE.createdAt)
    // Local time, formatted for the user's locale.
    expect(time?.textContent).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(COMPLETE.createdAt),
      ),
    )
    expect(row.textContent).toContain('reason blank')
    expect(row.textContent).toContain('All matching records')
    expect(cells.some((cell) => cell.textContent === '2,345')).toBe(true)
    expect(cells.some((cell) => cell.textContent === 'Excel')).toBe(true)
    expect(within(row).getByText('sms-opt-outs_no-reason_2024-04-20_1105.xlsx').getAttribute('title')).toBe(
      COMPLETE.filePath,
    )
    const hash = within(row).getByText(SHA.slice(0, 12))
    expect(hash.textContent).toHaveLength(12)
    expect(hash.getAttribute('title')).toContain(SHA)
    expect(
      within(row).getByRole('button', {
        name: 'Copy the full SHA-256 of sms-opt-outs_no-reason_2024-04-20_1105.xlsx',
      }),
    ).toBeTruthy()
  })

  it('keeps a moved or deleted file in the list as Missing, with Show in folder and Open disabled', async () => {
    const app = await installRealApi()
    await withHistory(app, ['older', 'complete'])
    const { api } = app
    await openDialog(api)
    const missing = rowFor('sms-opt-outs_global_2024-04-02_0815.csv')
    expect(within(missing).getByText('Missing')).toBeTruthy()
    expect(
      (within(missing).getByRole('button', { name: 'Show in folder' }) as HTMLButtonElement).disabled,
    ).toBe(true)
    expect((within(missing).getByRole('button', { name: 'Open' }) as HTMLButtonElement).disabled).toBe(true)

    const present = rowFor('sms-opt-outs_no-reason_2024-04-20_1105.xlsx')
    const user = userEvent.setup()
    await user.click(within(present).getByRole('button', { name: 'Show in folder' }))
    expect(api.showReportInFolder).toHaveBeenCalledWith({ reportId: 'r-complete' })
    await user.click(within(present).getByRole('button', { name: 'Open' }))
    expect(api.openReportInSpreadsheetApp).toHaveBeenCalledWith({ reportId: 'r-complete' })
    expect(api.showReportInFolder).toHaveBeenCalledTimes(1)
  })

  it('shows why a file could not be shown, and refreshes the list so a vanished file reads Missing', async () => {
    const app = await installRealApi()
    const [complete] = await withHistory(app, ['complete'])
    const { api } = app
    await openDialog(api)
    await deleteReportFile(complete?.filePath ?? '')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show in folder' }))
    const alert = await screen.findByRole('alert')
    // Main's answer for a file that is gone is a `not-found` error (the fake said `internal`).
    const answer = await api.showReportInFolder.mock.results[0]?.value
    expect(answer?.ok === false && answer.error.kind).toBe('not-found')
    expect(alert.textContent).toContain(answer?.ok === false ? answer.error.message : 'an error')
    expect(app.shell.shown).toEqual([])
    await waitFor(() => expect(rowFor('sms-opt-outs_no-reason').textContent).toContain('Missing'))
    expect(api.listReports).toHaveBeenCalledTimes(2)
  })

  it('says so when there are no reports yet', async () => {
    const { api } = await installRealApi()
    render(<ReportsDialog onClose={() => undefined} />)
    expect(await screen.findByText('No reports yet')).toBeTruthy()
    expect(api.listReports).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('table')).toBeNull()
  })

  it('shows a failure to read the list as an alert with Try again', async () => {
    const app = await installRealApi()
    await withHistory(app, ['complete'])
    // Main keeps a damaged history as a backup and lists what it could read, so listReports fails
    // only when something inside main breaks (the dispatcher's `internal` answer): played here.
    app.api.listReports.mockResolvedValueOnce({
      ok: false,
      error: { kind: 'internal', message: 'The reports history could not be read.' },
    })
    render(<ReportsDialog onClose={() => undefined} />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The reports history could not be read.')
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }))
    await screen.findByText('sms-opt-outs_no-reason_2024-04-20_1105.xlsx')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('lists a new report after an export finishes', async () => {
    const app = await installRealApi()
    await withHistory(app, ['complete'])
    app.dialogs.nextReportPath = await reportPath(app, 'sms-opt-outs_page.xlsx')
    const { api } = app
    const user = userEvent.setup()
    render(<App />)
    await user.click(await screen.findByRole('button', { name: 'Search' }))
    const exportButton = await screen.findByRole('button', { name: 'Export' })
    await waitFor(() => expect((exportButton as HTMLButtonElement).disabled).toBe(false))
    await user.click(exportButton)
    await user.click(screen.getByRole('menuitem', { name: 'This page as Excel' }))
    const region = screen.getByRole('region', { name: 'Export progress' })
    await within(region).findByText('Export complete', {}, { timeout: 60_000 })
    await waitFor(() => expect(api.listReports).toHaveBeenCalledTimes(1))

    await user.click(screen.getByRole('button', { name: 'Reports' }))
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(rows()[0]?.textContent).toContain('sms-opt-outs_page.xlsx')
    expect(rows()[0]?.textContent).toContain('One page')
  })
})
