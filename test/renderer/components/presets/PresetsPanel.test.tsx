import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ImportPreview, Preset } from '../../../../src/shared/presets'
import type { Result } from '../../../../src/shared/result'
import { FilterPanel } from '../../../../src/renderer/src/components/FilterPanel'
import { PresetToasts } from '../../../../src/renderer/src/components/PresetToasts'
import { PresetsPanel } from '../../../../src/renderer/src/components/presets/PresetsPanel'
import { undoShortcut } from '../../../../src/renderer/src/lib/keys'
import { usePresetsStore } from '../../../../src/renderer/src/stores/presets'
import { useSettingsStore } from '../../../../src/renderer/src/stores/settings'
import { useSearchStore } from '../../../../src/renderer/src/stores/search'
import { installRealApi, lastSearchRequest, type RendererApp } from '../../../support/renderer/api'
import {
  blockPresetsFile,
  presetNamed,
  savePreset,
  setDefaultPreset,
  STARTER_NAMES,
  withFilters,
  writePresetsExport,
} from '../../../support/renderer/presets'
import { reportPath, writeForeignCsv } from '../../../support/renderer/reports'
import { deferred, required } from '../../../support/renderer/values'

/** The presets panel with the filter form and the toasts, as the main screen lays them out, on main's presets. */
async function renderPanel(app?: RendererApp): Promise<RendererApp> {
  const real = app ?? (await installRealApi())
  render(
    <>
      <PresetsPanel />
      <FilterPanel />
      <PresetToasts />
    </>,
  )
  await act(() => usePresetsStore.getState().load())
  return real
}

/** The answer main gave the `index`-th call of a request (the last by default). */
async function answerOf<T>(
  calls: { mock: { results: { value: unknown }[] } },
  index = -1,
): Promise<Result<T>> {
  return (await required(calls.mock.results.at(index), 'a call').value) as Result<T>
}

const list = () => screen.getByRole('list', { name: 'Presets' })
const item = (name: string) => within(list()).getByRole('button', { name: new RegExp(`^${name}`) })
const itemNames = () =>
  Array.from(list().querySelectorAll('.preset-name')).map((element) => element.textContent)

async function chooseAction(user: ReturnType<typeof userEvent.setup>, preset: string, action: string) {
  await user.click(screen.getByRole('button', { name: `Actions for ${preset}` }))
  const menu = screen.getByRole('menu', { name: `Actions for ${preset}` })
  await user.click(within(menu).getByRole('menuitem', { name: action }))
}

function fieldError(input: HTMLElement): string | null {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? []
  const error = ids.map((id) => document.getElementById(id)).find((el) => el?.className === 'field-error')
  return error?.textContent ?? null
}

describe('PresetsPanel: the list', () => {
  it('shows a loading state, then the presets in main’s order with starter tags', async () => {
    const app = await installRealApi()
    // Main's answer is held so the test sees the panel before it arrives.
    const gate = deferred<undefined>()
    app.api.listPresets.mockImplementationOnce(async () => {
      await gate.promise
      return app.call('listPresets', undefined)
    })
    render(<PresetsPanel />)
    const loading = act(() => usePresetsStore.getState().load())
    expect(screen.getByRole('status').textContent).toContain('Loading presets…')
    gate.resolve(undefined)
    await loading
    expect(itemNames()).toEqual(STARTER_NAMES)
    expect(item('Global opt-outs').textContent).toContain('Starter')
    expect(screen.queryByText('Loading presets…')).toBeNull()
  })

  it('click applies a preset: filters and page size go into the form and the search runs', async () => {
    const app = await installRealApi()
    await savePreset(app, 'UK numbers', withFilters({ phoneCode: '44' }), 500)
    await renderPanel(app)
    const user = userEvent.setup()
    await user.click(item('UK numbers'))
    expect(lastSearchRequest(app.api)).toMatchObject({
      filters: withFilters({ phoneCode: '44' }),
      offset: 0,
      limit: 500,
    })
    expect((screen.getByLabelText('Phone code') as HTMLInputElement).value).toBe('44')
    expect(useSearchStore.getState().pageSize).toBe(500)
    expect(item('UK numbers').getAttribute('aria-current')).toBe('true')
    expect(item('Global opt-outs').getAttribute('aria-current')).toBeNull()
  })

  it('Enter on a focused preset applies it; arrow keys move between presets', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    item('Global opt-outs').focus()
    await user.keyboard('{ArrowDown}')
    await waitFor(() => expect(document.activeElement).toBe(item('Missing reason')))
    await user.keyboard('{Enter}')
    expect(lastSearchRequest(app.api).filters).toEqual(withFilters({ reasonMode: 'blank' }))
    expect(item('Missing reason').getAttribute('aria-current')).toBe('true')
  })

  it('shows the active preset as modified after a filter is edited, and Update saves the form into it', async () => {
    const app = await renderPanel()
    const global = await presetNamed(app, 'Global opt-outs')
    const user = userEvent.setup()
    await user.click(item('Global opt-outs'))
    expect(screen.queryByText('Modified')).toBeNull()

    await user.type(screen.getByLabelText('Phone number'), '818')
    expect(screen.getByText('Modified')).toBeTruthy()
    expect(item('Global opt-outs').getAttribute('aria-describedby')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Update' }))
    expect(app.api.updatePreset).toHaveBeenCalledWith({
      id: global.id,
      filters: withFilters({ campaignId: '0', phoneNumber: '818' }),
      pageSize: 100,
    })
    await waitFor(() => expect(screen.queryByText('Modified')).toBeNull())
    expect(screen.getByRole('status').textContent).toContain(
      'Updated “Global opt-outs” from the current filters.',
    )
    expect((await presetNamed(app, 'Global opt-outs')).filters).toEqual(
      withFilters({ campaignId: '0', phoneNumber: '818' }),
    )

    // Changing it back to what the preset holds is not a modification.
    await user.clear(screen.getByLabelText('Phone number'))
    expect(screen.getByText('Modified')).toBeTruthy()
    await user.type(screen.getByLabelText('Phone number'), '818 ')
    expect(screen.queryByText('Modified')).toBeNull()
  })

  it('marks the default preset and toggles it from the actions menu', async () => {
    const app = await installRealApi()
    await setDefaultPreset(app, 'Missing reason')
    const global = await presetNamed(app, 'Global opt-outs')
    await renderPanel(app)
    const user = userEvent.setup()
    expect(item('Missing reason').textContent).toContain('runs when the app opens')
    expect(item('Global opt-outs').textContent).not.toContain('runs when the app opens')

    await chooseAction(user, 'Global opt-outs', 'Run when the app opens')
    expect(app.api.setDefaultPreset).toHaveBeenCalledWith({ id: global.id })
    await waitFor(() => expect(item('Global opt-outs').textContent).toContain('runs when the app opens'))
    expect(item('Missing reason').textContent).not.toContain('runs when the app opens')

    await chooseAction(user, 'Global opt-outs', "Don't run when the app opens")
    expect(app.api.setDefaultPreset).toHaveBeenLastCalledWith({ id: null })
    await waitFor(() => expect(item('Global opt-outs').textContent).not.toContain('runs when the app opens'))
  })

  it('shows a failed change as an alert and keeps the list', async () => {
    const app = await renderPanel()
    // The presets file cannot be written (as on a full or read-only disk).
    await blockPresetsFile(app)
    const user = userEvent.setup()
    await chooseAction(user, 'Missing purpose', 'Duplicate')
    const alert = await screen.findByRole('alert')
    const answer = await answerOf(app.api.duplicatePreset)
    expect(answer.ok).toBe(false)
    expect(alert.textContent).toContain('“Missing purpose” was not duplicated')
    expect(alert.textContent).toContain(answer.ok ? 'an error' : answer.error.message)
    expect(alert.textContent).toMatch(/Presets could not be saved/)
    expect(itemNames()).toEqual(STARTER_NAMES)
  })
})

describe('PresetsPanel: actions menu', () => {
  it('opens with focus on its first item, moves with arrow keys and closes with Escape', async () => {
    await renderPanel()
    const user = userEvent.setup()
    const button = screen.getByRole('button', { name: 'Actions for Missing reason' })
    await user.click(button)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    const items = within(screen.getByRole('menu')).getAllByRole('menuitem')
    expect(items.map((menuItem) => menuItem.textContent?.replace(/(F2|Alt\+.|Del)$/, ''))).toEqual([
      'Rename',
      'Update from current filters',
      'Duplicate',
      'Run when the app opens',
      'Move up',
      'Move down',
      'Delete',
    ])
    expect(document.activeElement).toBe(items[0])
    await user.keyboard('{ArrowUp}')
    expect(document.activeElement).toBe(items[6])
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(button)
  })

  it('renames with the same name rules, as you type', async () => {
    const app = await renderPanel()
    const purpose = await presetNamed(app, 'Missing purpose')
    const user = userEvent.setup()
    await chooseAction(user, 'Missing purpose', 'Rename')
    const dialog = screen.getByRole('dialog', { name: 'Rename preset' })
    const input = within(dialog).getByLabelText('Preset name') as HTMLInputElement
    expect(input.value).toBe('Missing purpose')

    await user.clear(input)
    await user.type(input, 'missing REASON')
    expect(fieldError(input)).toBe(
      'A preset called "missing REASON" already exists (names ignore upper and lower case).',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }))
    expect(app.api.renamePreset).not.toHaveBeenCalled()

    await user.clear(input)
    await user.type(input, 'No purpose recorded')
    expect(fieldError(input)).toBeNull()
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }))
    expect(app.api.renamePreset).toHaveBeenCalledWith({ id: purpose.id, name: 'No purpose recorded' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(itemNames()).toEqual(['Global opt-outs', 'Missing reason', 'No purpose recorded'])
  })

  it('"Update from current filters" stores the form in that preset and makes it active', async () => {
    const app = await renderPanel()
    const reason = await presetNamed(app, 'Missing reason')
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Campaign ID'), '1042')
    await chooseAction(user, 'Missing reason', 'Update from current filters')
    expect(app.api.updatePreset).toHaveBeenCalledWith({
      id: reason.id,
      filters: withFilters({ campaignId: '1042' }),
      pageSize: 100,
    })
    await waitFor(() => expect(item('Missing reason').getAttribute('aria-current')).toBe('true'))
    expect(screen.queryByText('Modified')).toBeNull()
  })

  it('"Update from current filters" is unavailable while the form already matches the preset', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    await user.click(item('Global opt-outs'))
    await chooseAction(user, 'Global opt-outs', 'Update from current filters')
    expect(app.api.updatePreset).not.toHaveBeenCalled()
  })

  it('duplicates a preset right after the original', async () => {
    const app = await renderPanel()
    const global = await presetNamed(app, 'Global opt-outs')
    const user = userEvent.setup()
    await chooseAction(user, 'Global opt-outs', 'Duplicate')
    expect(app.api.duplicatePreset).toHaveBeenCalledWith({ id: global.id })
    await waitFor(() =>
      expect(itemNames()).toEqual([
        'Global opt-outs',
        'Global opt-outs (2)',
        'Missing reason',
        'Missing purpose',
      ]),
    )
    expect(item('Global opt-outs \\(2\\)').textContent).not.toContain('Starter')
    expect(screen.getByRole('status').textContent).toContain('Duplicated as “Global opt-outs (2)”.')
  })

  it('deletes at once and Undo restores it at its old index', async () => {
    const app = await renderPanel()
    const reason: Preset = await presetNamed(app, 'Missing reason')
    const user = userEvent.setup()
    await chooseAction(user, 'Missing reason', 'Delete')
    expect(app.api.deletePreset).toHaveBeenCalledWith({ id: reason.id })
    await waitFor(() => expect(itemNames()).toEqual(['Global opt-outs', 'Missing purpose']))
    const toast = screen.getByRole('status')
    expect(toast.textContent).toContain('Deleted “Missing reason”.')
    // Focus stays in the list, on the preset that took its place.
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))

    await user.click(within(toast).getByRole('button', { name: 'Undo' }))
    expect(app.api.restorePreset).toHaveBeenCalledWith({ preset: reason, index: 1 })
    await waitFor(() => expect(itemNames()).toEqual(STARTER_NAMES))
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull()
    expect(await presetNamed(app, 'Missing reason')).toEqual(reason)
  })

  it('Move up and Move down are offered only where the preset can move', async () => {
    const app = await renderPanel()
    const global = await presetNamed(app, 'Global opt-outs')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Actions for Global opt-outs' }))
    const menu = screen.getByRole('menu')
    expect(within(menu).getByRole('menuitem', { name: 'Move up' }).getAttribute('aria-disabled')).toBe('true')
    await user.click(within(menu).getByRole('menuitem', { name: 'Move up' }))
    expect(app.api.movePreset).not.toHaveBeenCalled()
    await user.keyboard('{Escape}')

    await chooseAction(user, 'Global opt-outs', 'Move down')
    expect(app.api.movePreset).toHaveBeenCalledWith({ id: global.id, toIndex: 1 })
    await waitFor(() => expect(itemNames()).toEqual(['Missing reason', 'Global opt-outs', 'Missing purpose']))
  })
})

describe('PresetsPanel: reordering', () => {
  it('Alt+ArrowDown and Alt+ArrowUp move the focused preset and keep focus on it', async () => {
    const app = await renderPanel()
    const global = await presetNamed(app, 'Global opt-outs')
    const user = userEvent.setup()
    item('Global opt-outs').focus()
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}')
    expect(app.api.movePreset).toHaveBeenCalledWith({ id: global.id, toIndex: 1 })
    await waitFor(() => expect(itemNames()).toEqual(['Missing reason', 'Global opt-outs', 'Missing purpose']))
    await waitFor(() => expect(document.activeElement).toBe(item('Global opt-outs')))

    await user.keyboard('{Alt>}{ArrowDown}{/Alt}')
    await waitFor(() => expect(itemNames()).toEqual(['Missing reason', 'Missing purpose', 'Global opt-outs']))
    await waitFor(() => expect(document.activeElement).toBe(item('Global opt-outs')))

    await user.keyboard('{Alt>}{ArrowUp}{/Alt}')
    expect(app.api.movePreset).toHaveBeenLastCalledWith({ id: global.id, toIndex: 1 })
    await waitFor(() => expect(itemNames()).toEqual(['Missing reason', 'Global opt-outs', 'Missing purpose']))
  })

  it('dragging a preset below another moves it there', async () => {
    const app = await renderPanel()
    const global = await presetNamed(app, 'Global opt-outs')
    const rows = () => Array.from(list().querySelectorAll('li'))
    const [first, , third] = rows()
    fireEvent.dragStart(required(first, 'first row'), {
      dataTransfer: { setData: () => {}, effectAllowed: '' },
    })
    // jsdom has no layout: a drag over a row counts as its lower half, so this drops after "Missing purpose".
    fireEvent.dragOver(required(third, 'third row'), { dataTransfer: { dropEffect: '' } })
    expect(rows()[2]?.className).toContain('drop-after')
    fireEvent.drop(required(third, 'third row'))
    await waitFor(() => expect(app.api.movePreset).toHaveBeenCalledWith({ id: global.id, toIndex: 2 }))
    await waitFor(() => expect(itemNames()).toEqual(['Missing reason', 'Missing purpose', 'Global opt-outs']))
    expect(list().querySelector('.drop-after, .drop-before')).toBeNull()
  })
})

describe('PresetsPanel: Save as preset', () => {
  it('explains why a name is refused as it is typed: empty, too long, taken (ignoring case)', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Campaign ID'), '1042')
    await user.click(screen.getByRole('button', { name: 'Save as preset' }))
    const dialog = screen.getByRole('dialog', { name: 'Save as preset' })
    expect(dialog.textContent).toContain('campaign 1042')
    const input = within(dialog).getByLabelText('Preset name') as HTMLInputElement
    expect(input.value).toBe('Campaign 1042')
    expect(fieldError(input)).toBeNull()

    await user.clear(input)
    expect(fieldError(input)).toBe('Give the preset a name.')
    expect(input.getAttribute('aria-invalid')).toBe('true')

    await user.type(input, 'x'.repeat(81))
    expect(fieldError(input)).toBe('Use at most 80 characters (this one has 81).')
    expect(dialog.textContent).toContain('81/80')

    await user.clear(input)
    await user.type(input, 'GLOBAL opt-outs')
    expect(fieldError(input)).toBe(
      'A preset called "GLOBAL opt-outs" already exists (names ignore upper and lower case).',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Save preset' }))
    expect(app.api.createPreset).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(input)
  })

  it('shows main’s message for the name and keeps the dialog open', async () => {
    const app = await renderPanel()
    // Saved meanwhile in another window: this window's list does not have it, main refuses the name.
    await savePreset(app, 'Weekly')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Save as preset' }))
    const input = screen.getByLabelText('Preset name')
    await user.clear(input)
    await user.type(input, 'Weekly{Enter}')
    const error = await within(screen.getByRole('dialog')).findByRole('alert')
    const answer = await answerOf(app.api.createPreset)
    if (answer.ok || answer.error.kind !== 'validation') throw new Error('main did not refuse the name')
    const message = required(answer.error.fieldErrors?.name, 'main’s message for the name')
    expect(message).toBe('A preset called "Weekly" already exists (names ignore upper and lower case).')
    expect(error.textContent).toBe(message)
    expect(fieldError(input)).toBe(message)
    // Editing the name clears main's message.
    await user.type(input, ' 2')
    expect(fieldError(input)).toBeNull()
  })

  it('saves the current filters and page size, then shows the new preset as active', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    await user.selectOptions(screen.getByLabelText('Purpose'), 'equals')
    await user.type(screen.getByLabelText('Purpose equals'), 'TELEMKT')
    await act(() => useSearchStore.getState().setPageSize(250))
    await user.click(screen.getByRole('button', { name: 'Save as preset' }))
    const input = screen.getByLabelText('Preset name')
    await user.clear(input)
    await user.type(input, 'Telemarketing')
    await user.click(screen.getByRole('button', { name: 'Save preset' }))
    expect(app.api.createPreset).toHaveBeenCalledWith({
      name: 'Telemarketing',
      filters: withFilters({ purposeMode: 'equals', purposeText: 'TELEMKT' }),
      pageSize: 250,
    })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(item('Telemarketing').getAttribute('aria-current')).toBe('true')
    expect(screen.queryByText('Modified')).toBeNull()
    expect(await presetNamed(app, 'Telemarketing')).toMatchObject({ pageSize: 250 })
  })

  it('refuses to save filters with errors and points at the first one', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Record ID'), '12x')
    await user.click(screen.getByRole('button', { name: 'Save as preset' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('alert').textContent).toContain('Fix the filters marked in red first')
    expect(document.activeElement).toBe(screen.getByLabelText('Record ID'))
    expect(app.api.createPreset).not.toHaveBeenCalled()
  })
})

describe('PresetsPanel: export and import', () => {
  /**
   * A colleague's presets file: one new preset, one whose name is taken by a different preset, a
   * twin of a starter and one with a page size the app does not offer.
   */
  async function teamFile(app: RendererApp): Promise<string> {
    const reason = await presetNamed(app, 'Missing reason')
    return writePresetsExport(app, 'team-presets.json', [
      {
        name: 'Reason STOP',
        filters: withFilters({ reasonMode: 'equals', reasonText: 'STOP' }),
        pageSize: 100,
      },
      { name: 'Global opt-outs', filters: withFilters({ campaignId: '0', phoneCode: '44' }), pageSize: 100 },
      { name: reason.name, filters: reason.filters, pageSize: reason.pageSize },
      { name: 'Odd page size', filters: withFilters({}), pageSize: 7 },
    ])
  }

  it('says where the presets were exported; says nothing when the save dialog was closed', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Export presets' }))
    expect(app.api.exportPresets).toHaveBeenCalledTimes(1)
    expect(await answerOf(app.api.exportPresets)).toEqual({ ok: true, data: null })
    expect(screen.getByRole('status').textContent).toBe('')

    const target = await reportPath(app, 'opt-out-desk-presets.json')
    app.dialogs.nextExportPath = target
    await user.click(screen.getByRole('button', { name: 'Export presets' }))
    expect(await screen.findByText(`Exported 3 presets to ${target}`)).toBeTruthy()
  })

  it('previews what will be added, renamed and skipped (with reasons), then imports on confirm', async () => {
    const app = await renderPanel()
    app.dialogs.nextImportPath = await teamFile(app)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Import presets' }))
    const dialog = await screen.findByRole('dialog', { name: 'Import presets' })
    expect(dialog.textContent).toContain('team-presets.json')
    const preview = await answerOf<ImportPreview>(app.api.previewPresetImport)
    if (!preview.ok) throw new Error(preview.error.message)

    const added = within(within(dialog).getByRole('region', { name: /To add/ })).getAllByRole('listitem')
    expect(added).toHaveLength(2)
    expect(added[0]?.textContent).toBe('“Reason STOP”')
    const renamed = required(added[1], 'the renamed row')
    expect(within(renamed).getByText('“Global opt-outs”')).toBeTruthy()
    expect(within(renamed).getByText('“Global opt-outs (2)”')).toBeTruthy()
    expect(renamed.textContent).toContain('will be imported as')
    expect(renamed.textContent).toContain('Renamed: a preset with that name exists.')
    const skipped = within(within(dialog).getByRole('region', { name: /Skipped/ })).getAllByRole('listitem')
    const sizeReason = required(preview.data.skipped[1], 'the odd page size').reason
    expect(sizeReason).toMatch(/^pageSize: /)
    expect(skipped.map((row) => row.textContent)).toEqual([
      '“Missing reason”An identical preset already exists.',
      `“Odd page size”${sizeReason}`,
    ])

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 presets' }))
    expect(app.api.confirmPresetImport).toHaveBeenCalledWith({ previewId: preview.data.previewId })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(itemNames()).toEqual([...STARTER_NAMES, 'Reason STOP', 'Global opt-outs (2)'])
    expect(screen.getByRole('status').textContent).toContain(
      'Imported 2 presets from team-presets.json; 2 skipped.',
    )
  })

  it('Cancel discards the preview without importing', async () => {
    const app = await renderPanel()
    app.dialogs.nextImportPath = await teamFile(app)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Import presets' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(app.api.confirmPresetImport).not.toHaveBeenCalled()
    expect(usePresetsStore.getState().importPreview).toBeNull()
    expect(itemNames()).toEqual(STARTER_NAMES)
  })

  it('when nothing can be added, says so and offers only Close', async () => {
    const app = await renderPanel()
    app.dialogs.nextImportPath = await writePresetsExport(
      app,
      'not-presets.json',
      Array.from({ length: 40 }, () => 'not a preset'),
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Import presets' }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('Nothing in this file can be added')
    const preview = await answerOf<ImportPreview>(app.api.previewPresetImport)
    const reason = preview.ok ? required(preview.data.skipped[0], 'a skipped entry').reason : 'a preview'
    // Forty entries skipped for one reason make one row.
    const skipped = within(within(dialog).getByRole('region', { name: /Skipped/ })).getAllByRole('listitem')
    expect(skipped.map((row) => row.textContent)).toEqual([
      '40 entries: entry 1, entry 2, entry 3 and 37 more' + reason,
    ])
    const buttons = within(dialog)
      .getAllByRole('button')
      .map((button) => button.textContent || button.getAttribute('aria-label'))
    expect(buttons).toEqual(['Close', 'Close'])
    await user.click(within(dialog).getByText('Close'))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('a file that is not a presets file is refused with main’s message', async () => {
    const app = await renderPanel()
    app.dialogs.nextImportPath = await writeForeignCsv(app, 'list.csv', app.records.slice(0, 3))
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Import presets' }))
    const alert = await screen.findByRole('alert')
    const answer = await answerOf(app.api.previewPresetImport)
    if (answer.ok) throw new Error('main took a CSV as a presets file')
    expect(answer.error.message).toContain('This is not an Opt-Out Desk presets file')
    expect(alert.textContent).toContain('Nothing was imported')
    expect(alert.textContent).toContain(answer.error.message)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(itemNames()).toHaveLength(3)
  })
})

describe('PresetsPanel: the highlight follows the form', () => {
  it('clears the applied preset’s highlight when a filter no longer matches it, and brings it back when it does', async () => {
    await renderPanel()
    const user = userEvent.setup()
    await user.click(item('Global opt-outs'))
    await waitFor(() => expect(item('Global opt-outs').getAttribute('aria-current')).toBe('true'))
    expect(item('Global opt-outs').closest('li')?.classList.contains('is-active')).toBe(true)

    await user.type(screen.getByLabelText('Campaign ID'), '1')
    expect(item('Global opt-outs').getAttribute('aria-current')).toBeNull()
    expect(item('Global opt-outs').closest('li')?.classList.contains('is-active')).toBe(false)
    expect(screen.getByText('Modified')).toBeTruthy()

    await user.type(screen.getByLabelText('Campaign ID'), '{Backspace}')
    expect(item('Global opt-outs').getAttribute('aria-current')).toBe('true')
    expect(screen.queryByText('Modified')).toBeNull()
  })
})

/** Deletes a preset with the Delete key, as a keyboard user does; focus moves on to the next preset. */
async function deleteWithKeyboard(user: ReturnType<typeof userEvent.setup>, name: string) {
  item(name).focus()
  await user.keyboard('{Delete}')
  await waitFor(() => expect(itemNames()).not.toContain(name))
}

describe('PresetToasts: the Undo toast by keyboard', () => {
  it('names Ctrl+Z (Cmd+Z on a Mac) and F6, and never takes focus by itself', async () => {
    await renderPanel()
    const user = userEvent.setup()
    await deleteWithKeyboard(user, 'Missing reason')
    const toast = screen.getByRole('status')
    expect(toast.getAttribute('aria-live')).toBe('polite')
    // The platform comes from main's app info; this machine is not a Mac in CI's Linux run.
    const platform = useSettingsStore.getState().appInfo?.platform
    const keys = undoShortcut(platform)
    expect(toast.textContent).toContain(`Deleted “Missing reason”. ${keys.label} undoes it · F6 goes here`)
    const undo = within(toast).getByRole('button', { name: 'Undo' })
    expect(undo.getAttribute('aria-keyshortcuts')).toBe(`${keys.aria} F6`)
    // Focus stayed in the list, on the preset that took the deleted one's place.
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
  })

  it('the shortcut it names undoes the delete', async () => {
    const app = await renderPanel()
    const user = userEvent.setup()
    await deleteWithKeyboard(user, 'Missing reason')
    await user.keyboard('{Control>}z{/Control}')
    await waitFor(() => expect(itemNames()).toEqual(STARTER_NAMES))
    expect(app.api.restorePreset).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull()
  })

  it('F6 moves focus to Undo; Escape (or F6) goes back to where the user was', async () => {
    await renderPanel()
    const user = userEvent.setup()
    await deleteWithKeyboard(user, 'Missing reason')
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
    await user.keyboard('{F6}')
    const undo = screen.getByRole('button', { name: 'Undo' })
    expect(document.activeElement).toBe(undo)
    await user.keyboard('{Escape}')
    expect(document.activeElement).toBe(item('Missing purpose'))
    await user.keyboard('{F6}')
    expect(document.activeElement).toBe(undo)
    await user.keyboard('{F6}')
    expect(document.activeElement).toBe(item('Missing purpose'))
  })

  it('Enter on Undo after F6 restores the preset and focus goes back', async () => {
    await renderPanel()
    const user = userEvent.setup()
    await deleteWithKeyboard(user, 'Missing reason')
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
    await user.keyboard('{F6}{Enter}')
    await waitFor(() => expect(itemNames()).toEqual(STARTER_NAMES))
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
  })

  it('Ctrl+Z while on Undo (after F6) restores the preset and focus goes back', async () => {
    await renderPanel()
    const user = userEvent.setup()
    await deleteWithKeyboard(user, 'Missing reason')
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
    await user.keyboard('{F6}{Control>}z{/Control}')
    await waitFor(() => expect(itemNames()).toEqual(STARTER_NAMES))
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
  })

  it('says Cmd+Z on a Mac and Ctrl+Z elsewhere', () => {
    expect(undoShortcut('mac')).toEqual({ label: 'Cmd+Z', aria: 'Meta+Z' })
    expect(undoShortcut('windows')).toEqual({ label: 'Ctrl+Z', aria: 'Control+Z' })
    expect(undoShortcut('linux')).toEqual({ label: 'Ctrl+Z', aria: 'Control+Z' })
  })
})
