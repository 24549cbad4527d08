import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent, { type UserEvent } from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { setDroppedFiles } from '../../../../src/renderer/src/api'
import { App } from '../../../../src/renderer/src/App'
import { useReportStore } from '../../../../src/renderer/src/stores/report'
import { useScrubStore } from '../../../../src/renderer/src/stores/scrub'
import { installRealApi, type RendererApp } from '../../../support/renderer/api'
import { openInMain, writeReport } from '../../../support/renderer/reports'
import { inReportsFolder, writeSendList, writeTextFile } from '../../../support/renderer/send-lists'
import {
  expectedCounts,
  heldDigits,
  scrubFixture,
  SEND_CAMPAIGN,
  type ScrubFixture,
} from '../../../support/scrub-send-list'

const LIST_ROWS = 60

async function openScrub(): Promise<UserEvent> {
  const user = userEvent.setup()
  render(<App />)
  await user.click(await screen.findByRole('button', { name: 'Scrub a send list…' }))
  expect(screen.getByRole('heading', { name: 'Scrub a send list', level: 1 })).toBe(document.activeElement)
  return user
}

/** A send list of the fixture's rows in the profile's folder; answers its path. */
const writeList = (app: RendererApp, fixture: ScrubFixture, name = 'june send.csv'): Promise<string> =>
  writeSendList(app, fixture, name)

async function chooseList(app: RendererApp, user: UserEvent, path: string): Promise<void> {
  app.dialogs.nextSendListToOpen = path
  await user.click(screen.getByRole('button', { name: /Choose (a send list|another file)…/ }))
  await waitFor(() => expect(useScrubStore.getState().list.phase).not.toBe('reading'))
}

/** The normalised preview's rows: [in the file, reads as]. */
function normalisedRows(): string[][] {
  const region = screen.getByRole('region', { name: 'How the numbers read' })
  return within(region)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent ?? ''),
    )
}

describe('the scrub window, step 1: the send list', () => {
  it('reads the chosen file, picks the phone column, and shows what the numbers read as', async () => {
    const app = await installRealApi()
    const fixture = scrubFixture(LIST_ROWS, heldDigits(app.records))
    const user = await openScrub()
    await chooseList(app, user, await writeList(app, fixture))

    expect(await screen.findByText('june send.csv')).toBeTruthy()
    const phone = screen.getByLabelText<HTMLSelectElement>('Phone number column')
    expect(phone.value).toBe('1')
    expect(screen.getByRole('table', { name: 'First 20 rows of the file' })).toBeTruthy()
    await waitFor(() => expect(normalisedRows()).toHaveLength(20))
    const [first, , , , , , , , , , uk, notNumber] = normalisedRows()
    expect(first).toEqual([fixture.rows[0]?.cells[1], `→ ${fixture.rows[0]?.cells[1]}`])
    expect(uk?.[0]).toBe('+44 7911 123456')
    expect(uk?.[1]).toMatch(/^→ \+44 7911 ?123456$/)
    expect(notNumber?.[0]).toBe('12345')
    expect(notNumber?.[1]).not.toMatch(/^→/)
    expect(app.api.previewNormalised).toHaveBeenLastCalledWith({
      listId: expect.any(String),
      phoneColumn: 1,
      codeColumn: null,
      defaultCountry: 'US',
    })

    // Another column: the preview follows it.
    await user.selectOptions(phone, 'City')
    await waitFor(() =>
      expect(app.api.previewNormalised).toHaveBeenLastCalledWith(expect.objectContaining({ phoneColumn: 2 })),
    )
    await waitFor(() => expect(normalisedRows()[0]?.[0]).toBe(fixture.rows[0]?.cells[2]))
    expect(normalisedRows()[0]?.[1]).not.toMatch(/^→/)
  })

  it('remembers the country chosen, for the next time the window opens', async () => {
    const app = await installRealApi()
    const fixture = scrubFixture(LIST_ROWS, heldDigits(app.records))
    const user = await openScrub()
    await chooseList(app, user, await writeList(app, fixture))
    const country = await screen.findByLabelText('Country for numbers without a code')
    expect((country as HTMLInputElement).value).toBe('United States (+1) · US')

    await user.clear(country)
    await user.type(country, 'Atlantis{Enter}')
    expect(screen.getByText(/"Atlantis" is not a country in the list/)).toBeTruthy()
    await user.clear(country)
    await user.type(country, '+44{Enter}')
    expect((country as HTMLInputElement).value).toBe('United Kingdom (+44) · GB')
    await waitFor(() =>
      expect(app.api.previewNormalised).toHaveBeenLastCalledWith(
        expect.objectContaining({ defaultCountry: 'GB' }),
      ),
    )
    await waitFor(async () => {
      const settings = await app.call('getSettings', undefined)
      expect(settings.ok && settings.data.sendListCountry).toBe('GB')
    })

    // Closed and opened again (Escape, then the header button): the country is the one chosen.
    await user.keyboard('{Escape}')
    await waitFor(() => expect(useScrubStore.getState().open).toBe(false))
    await user.click(screen.getByRole('button', { name: 'Scrub a send list…' }))
    await waitFor(() => expect(useScrubStore.getState().country).toBe('GB'))
  })

  it('takes a list dropped on the step as the send list, not as a report to open', async () => {
    const app = await installRealApi()
    const fixture = scrubFixture(LIST_ROWS, heldDigits(app.records))
    const path = await writeList(app, fixture, 'dropped list.csv')
    await openScrub()
    setDroppedFiles({ pathOf: (file) => (file.name === 'dropped list.csv' ? path : '') })
    const step = screen.getByRole('region', { name: '1. The send list' })
    const dataTransfer = { types: ['Files'], files: [new File(['x'], 'dropped list.csv')] }
    fireEvent.dragEnter(step, { dataTransfer })
    fireEvent.drop(step, { dataTransfer })
    expect(await screen.findByText('dropped list.csv')).toBeTruthy()
    expect(app.api.previewSendListAtPath).toHaveBeenCalledWith({ path })
    expect(app.api.viewReportAtPath).not.toHaveBeenCalled()
    expect(useReportStore.getState().opening).toBeNull()
    // The drop hint went away with the drop.
    expect(document.querySelector('.drop-hint')).toBeNull()

    // Something that is not a file on this computer is refused with what to do.
    fireEvent.drop(step, {
      dataTransfer: { types: ['Files'], files: [new File(['x'], 'mail attachment.csv')] },
    })
    expect((await screen.findByRole('alert')).textContent).toContain(
      '"mail attachment.csv" is not a file on this computer',
    )
  })

  it('says why a file cannot be a send list, and keeps the window usable', async () => {
    const app = await installRealApi()
    const user = await openScrub()
    const broken = await writeTextFile(app, 'list.xlsx', 'this is not a workbook')
    await chooseList(app, user, broken)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('This file cannot be used as a send list')
    expect(alert.textContent).toMatch(/list\.xlsx/)
    expect(screen.getByRole('button', { name: 'Next: snapshot and rules' }).hasAttribute('disabled')).toBe(
      true,
    )
    expect(screen.getByRole('button', { name: 'Choose a send list…' }).hasAttribute('disabled')).toBe(false)
  })
})

describe('the scrub window, steps 2 and 3: snapshot, rules, result, outputs', () => {
  it('checks the list against the report open now and shows the verdicts by tab, then saves the outputs', async () => {
    const app = await installRealApi()
    const fixture = scrubFixture(LIST_ROWS, heldDigits(app.records))
    const snapshotPath = await writeReport(app, 'all opt-outs.xlsx', [...app.records, ...fixture.records])
    await openInMain(app, snapshotPath)
    const user = await openScrub()
    await chooseList(app, user, await writeList(app, fixture))
    await user.click(await screen.findByRole('button', { name: 'Next: snapshot and rules' }))

    // The report open now is the snapshot, with its facts and integrity.
    const opened = screen.getByRole('radio', { name: /The report open now/ })
    expect((opened as HTMLInputElement).checked).toBe(true)
    const choice = opened.closest('label') as HTMLElement
    expect(within(choice).getByText('all opt-outs.xlsx')).toBeTruthy()
    expect(within(choice).getByText('Intact')).toBeTruthy()
    expect(
      within(choice).getByText(`${(app.records.length + fixture.records.length).toLocaleString()} rows`),
    ).toBeTruthy()

    // Rules: a campaign that is not digits is refused before anything runs.
    const campaign = screen.getByLabelText('Campaign for this send (optional)')
    await user.type(campaign, 'Spring')
    expect(screen.getByText(/digits only/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Scrub the list' }).hasAttribute('disabled')).toBe(true)
    await user.clear(campaign)
    await user.type(campaign, SEND_CAMPAIGN)
    expect((screen.getByRole('radio', { name: /Hold back for review/ }) as HTMLInputElement).checked).toBe(
      true,
    )
    await user.click(screen.getByRole('button', { name: 'Scrub the list' }))

    expect(app.api.startScrub).toHaveBeenCalledWith({
      listId: expect.any(String),
      phoneColumn: 1,
      codeColumn: null,
      defaultCountry: 'US',
      snapshot: { kind: 'opened' },
      campaignId: SEND_CAMPAIGN,
      purposeScoped: 'hold',
    })
    await waitFor(() => expect(useScrubStore.getState().job?.phase).toBe('done'), { timeout: 60_000 })
    const counts = expectedCounts(fixture.rows)
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent)
    expect(tabs).toEqual([
      `Do not send${counts['do-not-send']}`,
      `Review${counts.review}`,
      `Invalid${counts.invalid}`,
      `Duplicate${counts.duplicate}`,
      `Clear${counts.clear}`,
    ])
    const region = screen.getByRole('region', { name: 'Rows of the send list with this verdict' })
    await waitFor(() => expect(within(region).getAllByRole('row')).toHaveLength(counts['do-not-send'] + 1))
    expect(within(region).getByText(`campaign ${SEND_CAMPAIGN} (Appointment Reminders)`)).toBeTruthy()

    // Review: the purpose-scoped rows, with their purpose.
    await user.click(screen.getByRole('tab', { name: /Review/ }))
    await waitFor(() => expect(within(region).getAllByRole('row')).toHaveLength(counts.review + 1))
    expect(within(region).getByText(/purpose TELEMKT/)).toBeTruthy()

    // The outputs, as CSV: three files with their hashes, each one Show in folder away.
    const base = await inReportsFolder(app, 'june send')
    app.dialogs.nextReportPath = `${base}.csv`
    await user.click(screen.getByRole('button', { name: 'Save outputs' }))
    await user.click(screen.getByRole('menuitem', { name: 'Outputs as CSV' }))
    const saved = await screen.findByRole('region', { name: 'Saved outputs' })
    expect(within(saved).getByText('Outputs saved: 3 files')).toBeTruthy()
    for (const name of [
      'june send - clean.csv',
      'june send - suppressed.csv',
      'june send - scrub report.csv',
    ]) {
      expect(within(saved).getByText(name)).toBeTruthy()
    }
    expect(within(saved).getAllByRole('button', { name: /Copy the full SHA-256/ })).toHaveLength(3)
    await user.click(within(saved).getByRole('button', { name: 'Show june send - clean.csv in its folder' }))
    await waitFor(() => expect(app.shell.shown).toEqual([`${base} - clean.csv`]))
  })

  it('offers a fresh full export when there is no snapshot, and uses it', async () => {
    const app = await installRealApi()
    const fixture = scrubFixture(LIST_ROWS, heldDigits(app.records))
    app.server.addRecords(fixture.records)
    const user = await openScrub()
    await chooseList(app, user, await writeList(app, fixture))
    await user.click(await screen.findByRole('button', { name: 'Next: snapshot and rules' }))

    expect(screen.getByText(/There is no snapshot yet/)).toBeTruthy()
    expect((screen.getByRole('radio', { name: /The report open now/ }) as HTMLInputElement).disabled).toBe(
      true,
    )
    app.dialogs.nextReportPath = await inReportsFolder(app, 'everything.xlsx')
    await user.click(screen.getByRole('button', { name: 'Make a fresh full export now' }))
    expect(
      await screen.findByText(/everything\.xlsx: it is the snapshot now/, undefined, { timeout: 60_000 }),
    ).toBeTruthy()
    expect(app.api.startExport).toHaveBeenCalledWith(
      expect.objectContaining({
        scope: 'all',
        filters: expect.objectContaining({ phoneNumber: '', campaignId: '' }),
      }),
    )
    const history = screen.getByRole('radio', { name: /A report from the Reports list/ }) as HTMLInputElement
    expect(history.checked).toBe(true)

    await user.type(screen.getByLabelText('Campaign for this send (optional)'), SEND_CAMPAIGN)
    await user.click(screen.getByRole('button', { name: 'Scrub the list' }))
    await waitFor(() => expect(useScrubStore.getState().job?.phase).toBe('done'), { timeout: 60_000 })
    expect(useScrubStore.getState().job?.outcome?.counts).toEqual(expectedCounts(fixture.rows))
    expect(app.api.startScrub).toHaveBeenLastCalledWith(
      expect.objectContaining({ snapshot: { kind: 'history', reportId: expect.any(String) } }),
    )
  })
})
