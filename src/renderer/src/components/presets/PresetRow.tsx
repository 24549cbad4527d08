import { useId } from 'react'
import type { Preset } from '../../../../shared/presets'
import { isModified, summariseFilters } from '../../lib/presets'
import { usePresetsStore } from '../../stores/presets'
import { isHighlighted } from '../../stores/presets/search-link'
import { useSearchStore } from '../../stores/search'
import { GripIcon, MoreIcon, StarIcon } from '../Icons'
import type { PresetCommands } from './presetCommands'
import type { PresetDrag } from './usePresetDrag'
import type { PresetListNavigation } from './usePresetListNavigation'
import type { PresetMenu } from './usePresetMenu'

const ITEM_SHORTCUTS = 'Enter Alt+ArrowUp Alt+ArrowDown F2 Delete Shift+F10'

/** What every row of one list shares: its focus, drag and menu state, and the commands. */
export interface PresetRowControls {
  navigation: PresetListNavigation
  drag: PresetDrag
  menu: PresetMenu
  commands: PresetCommands
}

interface PresetRowProps {
  preset: Preset
  index: number
  controls: PresetRowControls
}

/** One preset: click (or Enter) runs it; its actions button opens the menu; "Update" shows when the form differs. */
export function PresetRow({ preset, index, controls }: PresetRowProps) {
  const { navigation, drag, menu, commands } = controls
  const isActive = usePresetsStore((s) => s.activePresetId === preset.id)
  const isDefault = usePresetsStore((s) => s.snapshot?.defaultId === preset.id)
  const modified = useSearchStore((s) => isActive && isModified(preset, s.filters, s.pageSize))
  const highlighted = useSearchStore((s) => isHighlighted(preset, isActive ? preset.id : null, s))
  const modifiedId = useId()
  const tabbable = navigation.tabStop === preset.id
  const menuOpen = menu.isOpenFor(preset.id)
  const store = usePresetsStore.getState

  const summary = `${summariseFilters(preset.filters)} · ${preset.pageSize} rows per page`
  const classes = [
    'preset-item',
    highlighted ? 'is-active' : '',
    modified ? 'is-modified' : '',
    menuOpen ? 'is-menu-open' : '',
    drag.isDragged(preset.id) ? 'is-dragging' : '',
    drag.dropBefore(index) ? 'drop-before' : '',
    drag.dropAfter(index) ? 'drop-after' : '',
  ]
    .filter(Boolean)
    .join(' ')

  return (
    <li
      className={classes}
      draggable
      {...drag.rowHandlers(preset, index)}
      onContextMenu={(event) => {
        event.preventDefault()
        commands.openMenu(preset)
      }}
    >
      <span className="preset-grip" aria-hidden="true" title="Drag to reorder">
        <GripIcon />
      </span>
      <button
        ref={navigation.applyRef(preset.id)}
        type="button"
        className="preset-apply"
        tabIndex={tabbable ? 0 : -1}
        aria-current={highlighted ? 'true' : undefined}
        aria-describedby={modified ? modifiedId : undefined}
        aria-keyshortcuts={ITEM_SHORTCUTS}
        title={`${preset.name}\n${summary}\nClick to run · drag or Alt+↑/↓ to reorder`}
        onClick={() => void store().apply(preset.id)}
        onFocus={() => navigation.onFocus(preset.id)}
        onKeyDown={(event) => navigation.onKeyDown(event, preset, index)}
      >
        <span className="preset-name">{preset.name}</span>
        {isDefault ? (
          <span className="preset-default" title="Runs when the app opens">
            <StarIcon filled width={13} height={13} />
            <span className="sr-only">, runs when the app opens</span>
          </span>
        ) : null}
        {preset.starter ? (
          <span className="preset-tag">
            <span className="sr-only">, </span>Starter
          </span>
        ) : null}
      </button>
      <button
        ref={menu.actionsRef(preset.id)}
        type="button"
        className="icon-button preset-actions"
        tabIndex={tabbable ? 0 : -1}
        aria-label={`Actions for ${preset.name}`}
        title="Actions (Shift+F10)"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? menu.menuId : undefined}
        onClick={() => menu.toggle(preset)}
        onFocus={() => navigation.onFocus(preset.id)}
        onKeyDown={(event) => menu.onActionsKeyDown(event, preset)}
      >
        <MoreIcon />
      </button>
      {modified ? (
        <div className="preset-modified">
          <span id={modifiedId} className="preset-modified-text">
            <span className="preset-modified-dot" aria-hidden="true" />
            Modified
            <span className="sr-only"> since it was applied</span>
          </span>
          <button
            type="button"
            className="link-button preset-update"
            aria-describedby={modifiedId}
            title="Save the current filters and page size into this preset"
            onClick={() => void store().updateFromCurrent(preset.id)}
          >
            Update
          </button>
        </div>
      ) : null}
    </li>
  )
}
