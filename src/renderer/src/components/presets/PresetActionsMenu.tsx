import type { Preset } from '../../../../shared/presets'
import { isModified } from '../../lib/presets'
import { usePresetsStore } from '../../stores/presets'
import { useSearchStore } from '../../stores/search'
import { StarIcon } from '../Icons'
import { Menu, type MenuItem } from '../Menu'
import type { PresetCommands } from './presetCommands'
import type { OpenPresetMenu } from './usePresetMenu'

interface PresetActionsMenuProps {
  menuId: string
  open: OpenPresetMenu
  preset: Preset
  index: number
  count: number
  commands: PresetCommands
  onClose: () => void
}

/** "Actions for <name>": everything that can be done to one preset. */
export function PresetActionsMenu({
  menuId,
  open,
  preset,
  index,
  count,
  commands,
  onClose,
}: PresetActionsMenuProps) {
  const isDefault = usePresetsStore((s) => s.snapshot?.defaultId === preset.id)
  // Nothing to update when the form already matches.
  const modified = useSearchStore((s) => isModified(preset, s.filters, s.pageSize))
  const store = usePresetsStore.getState

  const items: MenuItem[] = [
    { label: 'Rename', onSelect: () => commands.rename(preset), shortcut: 'F2' },
    {
      label: 'Update from current filters',
      onSelect: () => void store().updateFromCurrent(preset.id),
      disabled: !modified,
    },
    { label: 'Duplicate', onSelect: () => commands.duplicate(preset) },
    isDefault
      ? {
          label: "Don't run when the app opens",
          onSelect: () => void store().setDefault(null),
          icon: <StarIcon filled />,
          separated: true,
        }
      : {
          label: 'Run when the app opens',
          onSelect: () => void store().setDefault(preset.id),
          icon: <StarIcon />,
          separated: true,
        },
    {
      label: 'Move up',
      onSelect: () => commands.moveBy(preset, -1),
      disabled: index <= 0,
      shortcut: 'Alt+ArrowUp',
      separated: true,
    },
    {
      label: 'Move down',
      onSelect: () => commands.moveBy(preset, 1),
      disabled: index >= count - 1,
      shortcut: 'Alt+ArrowDown',
    },
    {
      label: 'Delete',
      onSelect: () => commands.remove(preset),
      danger: true,
      shortcut: 'Delete',
      separated: true,
    },
  ]
  return (
    <Menu
      id={menuId}
      anchor={open.anchor}
      label={`Actions for ${preset.name}`}
      initialFocus={open.initialFocus}
      onClose={onClose}
      items={items}
    />
  )
}
