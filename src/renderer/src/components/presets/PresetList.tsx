import { useRef } from 'react'
import type { Preset } from '../../../../shared/presets'
import { usePresetsStore } from '../../stores/presets'
import { PresetActionsMenu } from './PresetActionsMenu'
import type { PresetCommands } from './presetCommands'
import { PresetRow, type PresetRowControls } from './PresetRow'
import { usePresetDrag } from './usePresetDrag'
import { usePresetListNavigation } from './usePresetListNavigation'
import { usePresetMenu } from './usePresetMenu'

interface PresetListProps {
  presets: readonly Preset[]
  onRename: (preset: Preset) => void
  /** The last preset was deleted while focus was in the list: focus goes on from here. */
  onEmptied: () => void
}

/**
 * The saved presets in main's order: apply one with a click or Enter, manage it
 * from its actions menu, reorder by dragging or with Alt+↑/↓.
 */
export function PresetList({ presets, onRename, onEmptied }: PresetListProps) {
  const activePresetId = usePresetsStore((s) => s.activePresetId)
  const busy = usePresetsStore((s) => s.busy)
  const store = usePresetsStore.getState
  const listRef = useRef<HTMLUListElement>(null)
  const menu = usePresetMenu()
  const drag = usePresetDrag(presets, menu.close)

  const commands: PresetCommands = {
    rename: onRename,
    remove: (preset) => void remove(preset),
    moveBy: (preset, delta) => void moveBy(preset, delta),
    duplicate: (preset) => void store().duplicate(preset.id).then(navigation.reveal),
    openMenu: (preset) => menu.openFor(preset),
  }
  const navigation = usePresetListNavigation(presets, activePresetId, commands)

  async function remove(preset: Preset) {
    const index = presets.findIndex((p) => p.id === preset.id)
    const hadFocus = listRef.current?.contains(document.activeElement) ?? false
    const removed = await store().remove(preset.id)
    if (!removed || !hadFocus) return
    const remaining = store().snapshot?.presets ?? []
    const next = remaining[Math.min(index, remaining.length - 1)]
    if (next) navigation.focusPreset(next.id)
    else onEmptied()
  }

  async function moveBy(preset: Preset, delta: -1 | 1) {
    const moved = await store().moveBy(preset.id, delta)
    if (moved) navigation.focusPreset(preset.id)
  }

  const controls: PresetRowControls = { navigation, drag, menu, commands }
  const menuPreset = menu.open ? presets.find((p) => p.id === menu.open?.id) : undefined

  return (
    <>
      <ul
        ref={listRef}
        className={`preset-list${drag.active ? ' is-dragging' : ''}`}
        aria-label="Presets"
        aria-busy={busy}
        {...drag.listHandlers}
      >
        {presets.map((preset, index) => (
          <PresetRow key={preset.id} preset={preset} index={index} controls={controls} />
        ))}
      </ul>
      {menu.open && menuPreset ? (
        <PresetActionsMenu
          menuId={menu.menuId}
          open={menu.open}
          preset={menuPreset}
          index={presets.indexOf(menuPreset)}
          count={presets.length}
          commands={commands}
          onClose={menu.close}
        />
      ) : null}
    </>
  )
}
