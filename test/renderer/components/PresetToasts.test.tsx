import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FilterPanel } from '../../../src/renderer/src/components/FilterPanel'
import { PresetToasts } from '../../../src/renderer/src/components/PresetToasts'
import { PresetsPanel } from '../../../src/renderer/src/components/presets/PresetsPanel'
import { undoShortcut } from '../../../src/renderer/src/lib/keys'
import { usePresetsStore } from '../../../src/renderer/src/stores/presets'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import { installRealApi } from '../../support/renderer/api'
import { STARTER_NAMES } from '../../support/renderer/presets'

async function renderWithToasts() {
  const app = await installRealApi()
  render(
    <>
      <PresetsPanel />
      <FilterPanel />
      <PresetToasts />
    </>,
  )
  await act(() => usePresetsStore.getState().load())
  return { app, user: userEvent.setup() }
}

const list = () => screen.getByRole('list', { name: 'Presets' })
const item = (name: string) => within(list()).getByRole('button', { name: new RegExp(`^${name}`) })
const itemNames = () =>
  Array.from(list().querySelectorAll('.preset-name')).map((element) => element.textContent)

/** Deletes a preset with the Delete key, as a keyboard user does; focus moves on to the next preset. */
async function deleteWithKeyboard(user: ReturnType<typeof userEvent.setup>, name: string) {
  item(name).focus()
  await user.keyboard('{Delete}')
  await waitFor(() => expect(itemNames()).not.toContain(name))
}

describe('PresetToasts: the Undo toast by keyboard', () => {
  it('names Ctrl+Z (Cmd+Z on a Mac) and F6, and never takes focus by itself', async () => {
    const { user } = await renderWithToasts()
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
    const { app, user } = await renderWithToasts()
    await deleteWithKeyboard(user, 'Missing reason')
    await user.keyboard('{Control>}z{/Control}')
    await waitFor(() => expect(itemNames()).toEqual(STARTER_NAMES))
    expect(app.api.restorePreset).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull()
  })

  it('F6 moves focus to Undo; Escape (or F6) goes back to where the user was', async () => {
    const { user } = await renderWithToasts()
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
    const { user } = await renderWithToasts()
    await deleteWithKeyboard(user, 'Missing reason')
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
    await user.keyboard('{F6}{Enter}')
    await waitFor(() => expect(itemNames()).toEqual(STARTER_NAMES))
    await waitFor(() => expect(document.activeElement).toBe(item('Missing purpose')))
  })

  it('says Cmd+Z on a Mac and Ctrl+Z elsewhere', () => {
    expect(undoShortcut('mac')).toEqual({ label: 'Cmd+Z', aria: 'Meta+Z' })
    expect(undoShortcut('windows')).toEqual({ label: 'Ctrl+Z', aria: 'Control+Z' })
    expect(undoShortcut('linux')).toEqual({ label: 'Ctrl+Z', aria: 'Control+Z' })
  })
})
